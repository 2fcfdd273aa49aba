using System;
using System.IO;
using System.Linq;
using SslDsl.Optimization;
using SslDsl.Tests.Training.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Optimization;

/// <summary>Save/Load of optimizer state: continuing from a loaded copy equals continuing the original.</summary>
public sealed class OptimizerStateTests
{
    private static readonly double[][] WeightGrads =
    {
        new[] { 0.3, -0.1, 0.2, 0.7, -0.5, 0.05 },
        new[] { -0.4, 0.6, 0.05, 0.1, 0.2, -0.3 },
        new[] { 0.9, 0.1, -0.7, 0.3, 0.0, 0.4 },
    };

    private static readonly double[][] BiasGrads =
    {
        new[] { 1.0, -2.0 },
        new[] { 0.25, 0.5 },
        new[] { -0.75, 0.1 },
    };

    [Theory]
    [InlineData("sgd")]
    [InlineData("lars")]
    [InlineData("adamw")]
    public void ContinuingFromLoadedStateEqualsContinuingTheOriginal(string kind)
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using SslOptimizer original = Create(kind, w, b);
        for (int step = 0; step < 2; step++)
        {
            original.ZeroGrad();
            Backward(w, b, step);
            original.Step(0.05);
        }

        var restoredW = new Parameter(w.detach().clone());
        var restoredB = new Parameter(b.detach().clone());
        using SslOptimizer restored = Create(kind, restoredW, restoredB);
        StateRoundTrip.Through(original, restored);
        Assert.Equal(original.StepCount, restored.StepCount);

        var freshW = new Parameter(w.detach().clone());
        var freshB = new Parameter(b.detach().clone());
        using SslOptimizer fresh = Create(kind, freshW, freshB);

        original.ZeroGrad();
        Backward(w, b, 2);
        original.Step(0.05);
        Backward(restoredW, restoredB, 2);
        restored.Step(0.05);
        Backward(freshW, freshB, 2);
        fresh.Step(0.05);

        Assert.Equal(3, restored.StepCount);
        Assert.Equal(Values(w), Values(restoredW));
        Assert.Equal(Values(b), Values(restoredB));
        // the state matters: an optimizer without it takes a different step
        Assert.NotEqual(Values(w), Values(freshW));
    }

    private static SslOptimizer Create(string kind, Parameter w, Parameter b) => kind switch
    {
        "sgd" => new SgdOptimizer(new[] { w, b }, momentum: 0.9, weightDecay: 0.01),
        "lars" => new LarsOptimizer(new[] { w, b }, momentum: 0.9, weightDecay: 0.01, trustCoefficient: 0.02),
        "adamw" => new AdamWOptimizer(new[] { w, b }, weightDecay: 0.05),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static (Parameter W, Parameter B) Parameters() =>
        (new Parameter(tensor(new[] { 0.5, -1.5, 2.0, 0.25, 1.0, -0.75 }, new long[] { 2, 3 })), new Parameter(tensor(new[] { 0.1, -0.3 })));

    private static void Backward(Parameter w, Parameter b, int step)
    {
        using var scope = NewDisposeScope();
        ((w * tensor(WeightGrads[step], new long[] { 2, 3 })).sum() + (b * tensor(BiasGrads[step])).sum()).backward();
    }

    private static double[] Values(Tensor t) => t.detach().contiguous().data<double>().ToArray();
}
