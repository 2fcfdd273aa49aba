using System;
using System.Linq;
using SslDsl.Encoders;
using SslDsl.Optimization;
using SslDsl.Training;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

/// <summary>Continued pretraining: <see cref="SslTrainer.LoadEncoderWeights"/> copies an encoder between trainers.</summary>
public sealed class SslTrainerEncoderTransferTests
{
    [Fact]
    public void TheCopiedEncoderEmbedsExactlyAsTheSourceAndTheHeadsStayTheirOwn()
    {
        (Tensor images, _) = LoopTrainer.Data();
        using var source = new LoopTrainer(seed: 1);
        source.Fit(images, epochs: 1);
        using var target = new LoopTrainer(seed: 2);
        using Tensor projectorBefore = target.Projector.parameters().First().detach().clone();

        target.LoadEncoderWeights(source);

        using Tensor expected = source.Embed(images);
        using Tensor actual = target.Embed(images);
        Assert.True(actual.equal(expected).all().item<bool>());
        Assert.True(target.Projector.parameters().First().equal(projectorBefore).all().item<bool>());
        Assert.False(target.Projector.parameters().First().equal(source.Projector.parameters().First()).all().item<bool>());
        images.Dispose();
    }

    [Fact]
    public void TheOptimizerTrainsTheCopiedWeightsInPlace()
    {
        (Tensor images, _) = LoopTrainer.Data();
        using var source = new LoopTrainer(seed: 1);
        using var target = new LoopTrainer(seed: 2);
        target.LoadEncoderWeights(source);
        using Tensor loaded = target.Encoder.parameters().First().detach().clone();

        target.Fit(images, epochs: 1);

        // The optimizer holds the encoder's own parameter tensors, so a step moves the copied values, not stale ones.
        Assert.False(target.Encoder.parameters().First().equal(loaded).all().item<bool>());
        Assert.True(source.Encoder.parameters().First().ne(target.Encoder.parameters().First()).any().item<bool>());
        images.Dispose();
    }

    [Fact]
    public void AnEncoderOfAnotherShapeIsRefusedWithTheEntryNamedAndNothingChanged()
    {
        (Tensor images, _) = LoopTrainer.Data();
        using var narrow = new NarrowTrainer();
        using var target = new LoopTrainer(seed: 2);
        using Tensor before = target.Embed(images);

        var error = Assert.Throws<ArgumentException>(() => target.LoadEncoderWeights(narrow));

        Assert.Contains("Tests.NarrowTrainer", error.Message);
        Assert.Contains("Tests.LoopTrainer", error.Message);
        Assert.Contains("[8, 16] there but Float32 [12, 16] here", error.Message);
        using Tensor after = target.Embed(images);
        Assert.True(after.equal(before).all().item<bool>());
        images.Dispose();
    }

    /// <summary>The loop trainer's input with a narrower MLP encoder (16 → 8 instead of 16 → 12).</summary>
    private sealed class NarrowTrainer : SslTrainer
    {
        public NarrowTrainer()
            : base(LoopTrainer.SettingsFor() with { Experiment = "Tests.NarrowTrainer" }, CPU, 3)
        {
            Encoder = RegisterEncoder(new MlpEncoder(16, new[] { 8 }));
            UseOptimizer(new AdamWOptimizer(ParametersOf(Encoder), weightDecay: 0.01));
        }

        public MlpEncoder Encoder { get; }

        protected override Tensor ComputeLoss(Tensor batch) => Encoder.call(batch).pow(2).mean();
    }
}
