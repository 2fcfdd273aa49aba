using System;
using SslDsl.Evaluation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>The online probe: softmax regression whose hand-written gradient and AdamW step match autograd and torch.optim.AdamW.</summary>
public sealed class OnlineLinearProbeTests
{
    [Fact]
    public void GradientMatchesAutogradOnTheLabelledRows()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        using var probe = new OnlineLinearProbe(6, 4, CPU, learningRate: 0.1);
        Tensor x = randn(new long[] { 12, 6 }, generator: generator);
        Tensor labels = tensor(new long[] { 0, 1, 2, 3, -1, 1, -1, 0, 2, 2, -1, 3 });
        for (int i = 0; i < 3; i++)
        {
            probe.Observe(randn(new long[] { 12, 6 }, generator: generator), labels); // away from zero weights
        }

        (Tensor gradWeight, Tensor gradBias) = probe.Gradients(x, labels);

        // float64 reference: mean cross-entropy of the L2-normalised rows that have labels, differentiated by autograd.
        Tensor w = probe.Parameters.Weight.to_type(ScalarType.Float64).detach().requires_grad_();
        Tensor b = probe.Parameters.Bias.to_type(ScalarType.Float64).detach().requires_grad_();
        Tensor keep = labels.ge(0).nonzero().squeeze(1);
        Tensor normalised = nn.functional.normalize(x.to_type(ScalarType.Float64), dim: 1);
        Tensor loss = nn.functional.cross_entropy(normalised.index_select(0, keep).matmul(w).add(b), labels.index_select(0, keep));
        loss.backward();
        Assert.True(gradWeight.to_type(ScalarType.Float64).allclose(w.grad!, rtol: 1e-5, atol: 1e-6), "weight gradient");
        Assert.True(gradBias.to_type(ScalarType.Float64).allclose(b.grad!, rtol: 1e-5, atol: 1e-6), "bias gradient");
    }

    [Fact]
    public void StepsAsTorchAdamW()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        using var probe = new OnlineLinearProbe(5, 3, CPU, learningRate: 0.05, weightDecay: 0.1);
        var weight = new Parameter(zeros(5, 3));
        var bias = new Parameter(zeros(3));
        // Adam is per parameter, so two optimizers are one with two groups: decay on the weights, none on the bias.
        var weightAdamW = optim.AdamW(new[] { weight }, lr: 0.05, weight_decay: 0.1);
        var biasAdamW = optim.AdamW(new[] { bias }, lr: 0.05, weight_decay: 0);
        for (int step = 0; step < 5; step++)
        {
            Tensor x = randn(new long[] { 16, 5 }, generator: generator);
            Tensor y = randint(0, 3, new long[] { 16 }, generator: generator);
            probe.Observe(x, y);

            weightAdamW.zero_grad();
            biasAdamW.zero_grad();
            nn.functional.cross_entropy(nn.functional.normalize(x, dim: 1).matmul(weight).add(bias), y).backward();
            weightAdamW.step();
            biasAdamW.step();
        }

        Assert.True(probe.Parameters.Weight.allclose(weight, rtol: 1e-5, atol: 1e-6), "weights after 5 AdamW steps");
        Assert.True(probe.Parameters.Bias.allclose(bias, rtol: 1e-5, atol: 1e-6), "bias after 5 AdamW steps");
        Assert.Equal(5, probe.Steps);
    }

    [Fact]
    public void OnFrozenFeaturesItComesCloseToTheOfflineProbe()
    {
        using var scope = NewDisposeScope();
        (Tensor trainX, Tensor trainY) = Classes(seed: 1, count: 2000);
        (Tensor testX, Tensor testY) = Classes(seed: 2, count: 1000);
        double offline = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 5).Top1;

        using var probe = new OnlineLinearProbe(16, 5, CPU, learningRate: 1e-2);
        using var generator = new Generator(9);
        for (int epoch = 0; epoch < 10; epoch++)
        {
            Tensor order = randperm(2000, generator: generator);
            for (long start = 0; start < 2000; start += 100)
            {
                Tensor rows = order.narrow(0, start, 100);
                probe.Observe(trainX.index_select(0, rows), trainY.index_select(0, rows));
            }
        }

        double online = probe.Top1(testX, testY);
        Assert.InRange(offline, 0.6, 0.97); // the task is neither trivial nor hopeless
        Assert.True(Math.Abs(online - offline) < 0.03, $"online {online:F3} vs offline {offline:F3}");
    }

    [Fact]
    public void UnlabelledRowsDoNotTeachIt()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        using var probe = new OnlineLinearProbe(4, 2, CPU, learningRate: 0.1);
        Tensor x = randn(new long[] { 8, 4 }, generator: generator);
        (Tensor gw, Tensor gb) = probe.Gradients(x, full(8, -1L));
        Assert.Equal(0, gw.abs().max().item<float>());
        Assert.Equal(0, gb.abs().max().item<float>());
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnlineLinearProbe(0, 3, CPU, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnlineLinearProbe(4, 1, CPU, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnlineLinearProbe(4, 3, CPU, 0));
        using var probe = new OnlineLinearProbe(4, 3, CPU, 0.1);
        var ex = Assert.Throws<ArgumentException>(() => probe.Observe(zeros(5, 3), zeros(5, dtype: ScalarType.Int64)));
        Assert.Contains("features [R, 4]", ex.Message);
    }

    /// <summary>Five overlapping Gaussian classes in 16-D (means 2 along one axis each, unit noise).</summary>
    private static (Tensor X, Tensor Y) Classes(int seed, int count)
    {
        using var generator = new Generator((ulong)seed);
        Tensor y = randint(0, 5, new long[] { count }, generator: generator);
        Tensor means = eye(5, 16).mul(2.0);
        Tensor x = means.index_select(0, y).add(randn(new long[] { count, 16 }, generator: generator));
        return (x, y);
    }
}
