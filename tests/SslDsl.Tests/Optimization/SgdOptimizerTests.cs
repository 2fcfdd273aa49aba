using System.Linq;
using SslDsl.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Optimization;

/// <summary>
/// SGD with momentum, PyTorch semantics (dampening 0, no Nesterov): step 1 buf = g, later buf = m·buf + g,
/// p ← p − lr·buf; with decay g ← g + λp, applied here only to parameters with 2 or more dimensions.
/// The reference is written element by element in float64.
/// </summary>
public sealed class SgdOptimizerTests
{
    private const double Momentum = 0.9;
    private const double Decay = 0.1;

    private static readonly double[] W0 = { 1, 2, 3, 4 };
    private static readonly double[] B0 = { 0.5, -0.5 };
    private static readonly double[] G1 = { 0.3, -0.1, 0.2, 0.7 };
    private static readonly double[] G2 = { -0.4, 0.6, 0.05, 0.1 };
    private static readonly double[] GB1 = { 1.0, -2.0 };
    private static readonly double[] GB2 = { 0.25, 0.5 };

    [Fact]
    public void FirstStepUsesTheDecayedGradientAsTheBuffer()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using var sgd = new SgdOptimizer(new[] { w, b }, Momentum, Decay);

        Backward(w, b, G1, GB1);
        sgd.Step(0.1);

        double[] expectedW = new double[4];
        for (int i = 0; i < 4; i++)
        {
            expectedW[i] = W0[i] - (0.1 * (G1[i] + (Decay * W0[i])));
        }

        LarsOptimizerTests.AssertValues(expectedW, w, 1e-12);
    }

    [Fact]
    public void BiasIsNotDecayed()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using var sgd = new SgdOptimizer(new[] { w, b }, Momentum, Decay);

        Backward(w, b, G1, GB1);
        sgd.Step(0.1);

        LarsOptimizerTests.AssertValues(new[] { 0.5 - 0.1, -0.5 + 0.2 }, b, 1e-12);
    }

    [Fact]
    public void SecondStepAddsTheNewGradientToTheDecayedBuffer()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using var sgd = new SgdOptimizer(new[] { w, b }, Momentum, Decay);
        Backward(w, b, G1, GB1);
        sgd.Step(0.1);
        sgd.ZeroGrad();

        Backward(w, b, G2, GB2);
        sgd.Step(0.05);

        double[] expectedW = new double[4];
        for (int i = 0; i < 4; i++)
        {
            double buf1 = G1[i] + (Decay * W0[i]);
            double w1 = W0[i] - (0.1 * buf1);
            double buf2 = (Momentum * buf1) + G2[i] + (Decay * w1);
            expectedW[i] = w1 - (0.05 * buf2);
        }

        double[] expectedB = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double b1 = B0[i] - (0.1 * GB1[i]);
            expectedB[i] = b1 - (0.05 * ((Momentum * GB1[i]) + GB2[i]));
        }

        LarsOptimizerTests.AssertValues(expectedW, w, 1e-12);
        LarsOptimizerTests.AssertValues(expectedB, b, 1e-12);
        Assert.Equal(2, sgd.StepCount);
    }

    [Fact]
    public void ZeroMomentumIsPlainGradientDescent()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using var sgd = new SgdOptimizer(new[] { w, b }, momentum: 0, weightDecay: 0);
        Backward(w, b, G1, GB1);
        sgd.Step(0.1);
        sgd.ZeroGrad();

        Backward(w, b, G2, GB2);
        sgd.Step(0.1);

        LarsOptimizerTests.AssertValues(W0.Select((v, i) => v - (0.1 * G1[i]) - (0.1 * G2[i])).ToArray(), w, 1e-12);
    }

    [Fact]
    public void ZeroGradClearsAccumulatedGradients()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using var sgd = new SgdOptimizer(new[] { w, b }, Momentum, Decay);
        Backward(w, b, G1, GB1);

        sgd.ZeroGrad();

        LarsOptimizerTests.AssertValues(new double[4], w.grad!, 0);
        LarsOptimizerTests.AssertValues(new double[2], b.grad!, 0);
    }

    [Fact]
    public void FrozenParametersAreNotOptimized()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        b.requires_grad = false;

        using var sgd = new SgdOptimizer(new[] { w, b }, Momentum, Decay);

        Assert.Same(w, Assert.Single(sgd.Parameters));
    }

    [Fact]
    public void NoTrainableParametersIsAnArgumentException()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(zeros(2, 2), requires_grad: false);

        Assert.Throws<System.ArgumentException>(() => new SgdOptimizer(new[] { w }, Momentum, Decay));
    }

    private static (Parameter W, Parameter B) Parameters() =>
        (new Parameter(tensor(W0, new long[] { 2, 2 })), new Parameter(tensor(B0)));

    private static void Backward(Parameter w, Parameter b, double[] g, double[] gb)
    {
        using var scope = NewDisposeScope();
        ((w * tensor(g, new long[] { 2, 2 })).sum() + (b * tensor(gb)).sum()).backward();
    }
}
