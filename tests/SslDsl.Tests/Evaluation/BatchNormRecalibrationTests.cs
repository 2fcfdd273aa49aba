using System;
using System.Linq;
using SslDsl.Distributed;
using SslDsl.Encoders;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>
/// BatchNormRecalibration (update_bn): the running statistics become the plain average of the batches' statistics,
/// computed here in float64 from the layer's input; weights, mode and momentum stay as they were.
/// </summary>
public sealed class BatchNormRecalibrationTests
{
    /// <summary>10 rows in batches of 4: 4, 4, 2, each batch weighing a third.</summary>
    [Fact]
    public void OurBatchNormTakesTheAverageOfItsBatchStatistics()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var conv = nn.Conv2d(1, 3, 3, bias: false);
        var norm = new SyncBatchNorm(3);
        using var network = nn.Sequential(("conv", conv), ("bn", norm));
        Tensor data = rand(10, 1, 6, 6);
        Tensor weightBefore = conv.weight!.clone();

        int layers = BatchNormRecalibration.Run(network, data, CPU, batchSize: 4);

        (Tensor mean, Tensor variance) = BatchAverages(data, x => conv.call(x), new long[] { 0, 2, 3 });
        Assert.Equal(1, layers);
        AssertClose(mean, norm.get_buffer("running_mean")!);
        AssertClose(variance, norm.get_buffer("running_var")!);
        Assert.True(conv.weight!.equal(weightBefore).all().item<bool>());
    }

    [Fact]
    public void TorchSharpBatchNormInAnMlpIsRecalibratedToo()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var linear = nn.Linear(5, 4);
        var norm = nn.BatchNorm1d(4);
        using var network = nn.Sequential(("fc", linear), ("bn", norm), ("relu", nn.ReLU()));
        Tensor data = randn(9, 5).mul(3).add(1);

        int layers = BatchNormRecalibration.Run(network, data, CPU, batchSize: 3);

        (Tensor mean, Tensor variance) = BatchAverages(data, x => linear.call(x), new long[] { 0 }, batchSize: 3);
        Assert.Equal(1, layers);
        AssertClose(mean, norm.running_mean!);
        AssertClose(variance, norm.running_var!);
    }

    /// <summary>After recalibration a training batch again moves the statistics by 0.1 of the way, and eval mode is kept.</summary>
    [Fact]
    public void MomentumAndModeAreRestored()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(1, new[] { 4, 8 });
        encoder.eval();
        Tensor data = rand(6, 1, 8, 8);

        Assert.Equal(2, BatchNormRecalibration.Run(encoder, data, CPU, batchSize: 4));

        Assert.False(encoder.training);
        SyncBatchNorm first = encoder.modules().OfType<SyncBatchNorm>().First();
        Tensor before = first.get_buffer("running_mean")!.clone();
        Tensor batch = rand(5, 1, 8, 8);
        Tensor convOutput;
        using (no_grad())
        {
            convOutput = ((nn.Module<Tensor, Tensor>)encoder.named_modules().Single(m => m.name.EndsWith("conv0", StringComparison.Ordinal)).module).call(batch);
        }

        encoder.train();
        using (no_grad())
        {
            encoder.call(batch);
        }

        Tensor expected = before.mul(0.9).add(convOutput.mean(new long[] { 0, 2, 3 }).mul(0.1));
        AssertClose(expected.to_type(ScalarType.Float64), first.get_buffer("running_mean")!);
    }

    [Fact]
    public void ANetworkWithoutBatchNormIsLeftAlone()
    {
        using var scope = NewDisposeScope();
        using var network = nn.Sequential(("fc", nn.Linear(3, 2)));
        Assert.Equal(0, BatchNormRecalibration.Run(network, rand(4, 3), CPU));
    }

    [Fact]
    public void BadArgumentsAreRefusedWithTheReason()
    {
        using var scope = NewDisposeScope();
        using var network = nn.Sequential(("fc", nn.Linear(3, 2)), ("bn", nn.BatchNorm1d(2)));
        var tooSmall = Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormRecalibration.Run(network, rand(4, 3), CPU, batchSize: 1));
        Assert.Contains("at least 2 rows", tooSmall.Message);
        var oneRow = Assert.Throws<ArgumentException>(() => BatchNormRecalibration.Run(network, rand(1, 3), CPU));
        Assert.Contains("1 rows: batch-norm statistics need at least 2", oneRow.Message);
    }

    /// <summary>Mean over batches of each batch's per-channel mean and unbiased variance of <paramref name="layerInput"/>, in float64.</summary>
    private static (Tensor Mean, Tensor Variance) BatchAverages(Tensor data, Func<Tensor, Tensor> layerInput, long[] reduced, int batchSize = 4)
    {
        var means = new System.Collections.Generic.List<Tensor>();
        var variances = new System.Collections.Generic.List<Tensor>();
        using (no_grad())
        {
            for (long start = 0; start < data.shape[0]; start += batchSize)
            {
                Tensor h = layerInput(data.narrow(0, start, Math.Min(batchSize, data.shape[0] - start))).to_type(ScalarType.Float64);
                Tensor mean = h.mean(reduced, keepdim: true);
                long count = h.numel() / h.shape[1];
                means.Add(mean.flatten());
                variances.Add(h.sub(mean).square().sum(reduced).div(count - 1));
            }
        }

        return (stack(means).mean(new long[] { 0 }), stack(variances).mean(new long[] { 0 }));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        double difference = expected.sub(actual.to_type(ScalarType.Float64)).abs().max().item<double>();
        Assert.True(difference < 1e-5, $"largest difference {difference}: expected [{string.Join(", ", expected.data<double>().ToArray())}]");
    }
}
