using System;
using SslDsl.Encoders;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>Embeddings.Compute: batched eval-mode, no-grad forward that leaves the encoder as it found it.</summary>
public sealed class EmbeddingsTests
{
    [Fact]
    public void MatchesADirectEvalForwardOfTheWholeSet()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(1, new[] { 16, 32 });
        Tensor images = RandomBytes(7, 1, 8, 8);
        WarmUpBatchNorm(encoder);

        Tensor embeddings = Embeddings.Compute(encoder, images, CPU, batchSize: 3);

        encoder.eval();
        Tensor direct;
        using (no_grad())
        {
            direct = encoder.call(images.to_type(ScalarType.Float32).div(255));
        }

        Assert.Equal(new long[] { 7, 32 }, embeddings.shape);
        Assert.Equal(ScalarType.Float32, embeddings.dtype);
        Assert.False(embeddings.requires_grad);
        Assert.True(embeddings.sub(direct).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void RestoresTrainMode()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(1, new[] { 16 });
        encoder.train();

        Embeddings.Compute(encoder, RandomBytes(2, 1, 4, 4), CPU);

        Assert.True(encoder.training);
    }

    [Fact]
    public void KeepsEvalMode()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(1, new[] { 16 });
        encoder.eval();

        Embeddings.Compute(encoder, RandomBytes(2, 1, 4, 4), CPU);

        Assert.False(encoder.training);
    }

    [Fact]
    public void DoesNotUpdateBatchNormRunningStatistics()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(1, new[] { 16 });
        encoder.train();
        Tensor before = encoder.get_buffer("stages.bn0.running_mean")!.clone();

        Embeddings.Compute(encoder, RandomBytes(6, 1, 4, 4), CPU, batchSize: 2);

        Assert.Equal(0f, encoder.get_buffer("stages.bn0.running_mean")!.sub(before).abs().max().item<float>());
    }

    [Fact]
    public void RestoresTrainModeWhenTheForwardThrows()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(3, new[] { 16 });
        encoder.train();

        // one channel into a three-channel encoder: the convolution throws
        Assert.ThrowsAny<Exception>(() => Embeddings.Compute(encoder, RandomBytes(2, 1, 4, 4), CPU));

        Assert.True(encoder.training);
    }

    [Fact]
    public void NonPositiveBatchSizeIsRejected()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(1, new[] { 16 });
        Assert.Throws<ArgumentOutOfRangeException>(() => Embeddings.Compute(encoder, RandomBytes(2, 1, 4, 4), CPU, batchSize: 0));
    }

    [Fact]
    public void FreesEachBatchAndItsActivationsBeforeTheNext()
    {
        // Live tensors at each forward: only the embeddings of the batches before it may still be alive (one tensor per
        // batch). Keeping every batch and its intermediate (x·2) until the final cat would add three per batch.
        using var scope = NewDisposeScope();
        using var encoder = new CountingEncoder();

        Tensor embeddings = Embeddings.Compute(encoder, RandomBytes(10, 1, 2, 2), CPU, batchSize: 2);

        Assert.Equal(new long[] { 10, 4 }, embeddings.shape);
        Assert.Equal(5, encoder.LiveAtForward.Count);
        for (int k = 1; k < 5; k++)
        {
            Assert.Equal(encoder.LiveAtForward[0] + k, encoder.LiveAtForward[k]);
        }
    }

    /// <summary>A few train-mode forwards so that BN running statistics differ from their initial 0 / 1.</summary>
    private static void WarmUpBatchNorm(ConvNetEncoder encoder)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        encoder.train();
        for (int i = 0; i < 3; i++)
        {
            encoder.call(RandomBytes(4, 1, 8, 8).to_type(ScalarType.Float32).div(255).mul(2));
        }
    }

    /// <summary>Flattens x·2 + 1 and records the thread's live tensor count when each batch arrives.</summary>
    private sealed class CountingEncoder : nn.Module<Tensor, Tensor>
    {
        public CountingEncoder() : base(nameof(CountingEncoder))
        {
        }

        public System.Collections.Generic.List<long> LiveAtForward { get; } = new();

        public override Tensor forward(Tensor input)
        {
            LiveAtForward.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            return input.mul(2).add(1).flatten(1);
        }
    }

    private static Tensor RandomBytes(params long[] shape)
    {
        using var generator = new Generator(17);
        return randint(0, 256, shape, dtype: ScalarType.Byte, generator: generator);
    }
}
