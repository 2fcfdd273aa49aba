using System;
using System.Linq;
using SslDsl.Objectives;
using SslDsl.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Optimization;

/// <summary>
/// The fused step (flat buffers, a handful of whole-buffer ops) against the per-parameter loop it replaces: the same
/// parameters, gradients and learning rates, one side with <see cref="FlatStorage.FusedUpdates"/> off. The parameter
/// set mixes a 4-D and a 2-D weight with 1-D biases and norm weights (excluded from decay and LARS adaptation), with
/// sizes that are not multiples of the segment alignment, so padding and exclusions are both exercised.
/// </summary>
public sealed class FusedStepTests
{
    private static readonly long[][] Shapes = { new long[] { 3, 2, 3, 3 }, new long[] { 3 }, new long[] { 5, 7 }, new long[] { 5 }, new long[] { 5 } };

    [Theory]
    [InlineData("sgd", ScalarType.Float64)]
    [InlineData("lars", ScalarType.Float64)]
    [InlineData("adamw", ScalarType.Float64)]
    [InlineData("sgd", ScalarType.Float32)]
    [InlineData("lars", ScalarType.Float32)]
    [InlineData("adamw", ScalarType.Float32)]
    public void FusedStepsEqualThePerParameterSteps(string kind, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        Parameter[] fusedParameters = NewParameters(dtype, seed: 1);
        Parameter[] loopParameters = fusedParameters.Select(p => new Parameter(p.detach().clone())).ToArray();
        using SslOptimizer fused = Create(kind, fusedParameters);
        using SslOptimizer loop = Create(kind, loopParameters);
        double tolerance = dtype == ScalarType.Float64 ? 1e-12 : 2e-6;
        double[] learningRates = { 0.1, 0.05, 0.02 };
        for (int step = 0; step < learningRates.Length; step++)
        {
            Backward(fusedParameters, step);
            fused.Step(learningRates[step]);
            fused.ZeroGrad();

            Backward(loopParameters, step);
            FlatStorage.FusedUpdates = false;
            try
            {
                loop.Step(learningRates[step]);
            }
            finally
            {
                FlatStorage.FusedUpdates = true;
            }

            loop.ZeroGrad();
        }

        for (int i = 0; i < fusedParameters.Length; i++)
        {
            AssertClose(loopParameters[i], fusedParameters[i], tolerance, $"parameter #{i}");
        }

        Tensor[] fusedState = State(fused);
        Tensor[] loopState = State(loop);
        for (int i = 0; i < fusedState.Length; i++)
        {
            AssertClose(loopState[i], fusedState[i], tolerance, $"state #{i}");
        }
    }

    [Fact]
    public void GradientsAreViewsOfTheFlatBufferAndStayDefinedWhenZeroed()
    {
        using var scope = NewDisposeScope();
        Parameter[] parameters = NewParameters(ScalarType.Float32, seed: 2);
        using var sgd = new SgdOptimizer(parameters, momentum: 0.9, weightDecay: 0);
        Backward(parameters, 0);

        Tensor flat = Assert.Single(sgd.GradientBuffers());
        Assert.Equal(parameters.Sum(p => p.numel()), flat.count_nonzero().item<long>());
        flat.mul_(2); // one op on the buffer reaches every parameter's gradient (what unscaling a mixed-precision step does)
        for (int i = 0; i < parameters.Length; i++)
        {
            AssertClose(Gradient(i, 0).mul(2).to_type(ScalarType.Float32), parameters[i].grad!, 0, $"gradient #{i}");
        }

        sgd.ZeroGrad();
        Backward(parameters, 1); // accumulates into the views in place
        Assert.All(parameters, p => Assert.NotNull(p.grad));
        for (int i = 0; i < parameters.Length; i++)
        {
            AssertClose(Gradient(i, 1).to_type(ScalarType.Float32), parameters[i].grad!, 0, $"gradient #{i}");
        }

        Assert.Equal(flat.sum().item<float>(), parameters.Sum(p => p.grad!.sum().item<float>()), 3);
    }

    [Fact]
    public void ASecondOptimizerOverTheSameParametersLeavesTheFirstOneConsistent()
    {
        using var scope = NewDisposeScope();
        Parameter[] parameters = NewParameters(ScalarType.Float64, seed: 3);
        using var first = new SgdOptimizer(parameters, momentum: 0, weightDecay: 0);
        Backward(parameters, 0);
        first.Step(0.1);
        first.ZeroGrad();

        // fine-tuning builds its own optimizer over the encoder's parameters: it moves them into its buffers
        using (var second = new SgdOptimizer(parameters, momentum: 0, weightDecay: 0))
        {
            Backward(parameters, 1);
            second.Step(0.5);
            second.ZeroGrad();
        }

        double[][] before = parameters.Select(p => p.detach().data<double>().ToArray()).ToArray();
        Backward(parameters, 2);
        first.Step(0.1);

        for (int i = 0; i < parameters.Length; i++)
        {
            double[] g = Gradient(i, 2).data<double>().ToArray();
            double[] expected = before[i].Select((v, k) => v - (0.1 * g[k])).ToArray();
            LarsOptimizerTests.AssertValues(expected, parameters[i], 1e-12);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FusedMomentumUpdateEqualsThePerParameterUpdate(bool onlineInAnOptimizer)
    {
        using var scope = NewDisposeScope();
        Parameter[] online = NewParameters(ScalarType.Float32, seed: 4);
        Tensor[] fusedTarget = NewParameters(ScalarType.Float32, seed: 5).Select(p => (Tensor)p).ToArray();
        Tensor[] loopTarget = fusedTarget.Select(t => t.detach().clone()).ToArray();
        using SgdOptimizer? optimizer = onlineInAnOptimizer ? new SgdOptimizer(online, momentum: 0.9, weightDecay: 0) : null;
        var fused = new MomentumUpdater(online, fusedTarget);
        var loop = new MomentumUpdater(online, loopTarget);

        foreach (double m in new[] { 0.9, 0.99, 0.5 })
        {
            fused.Update(m);
            FlatStorage.FusedUpdates = false;
            try
            {
                loop.Update(m);
            }
            finally
            {
                FlatStorage.FusedUpdates = true;
            }

            if (optimizer is not null)
            {
                Backward(online, 0);
                optimizer.Step(0.1); // the online side moves between updates, through the optimizer's flat buffer
                optimizer.ZeroGrad();
            }
        }

        for (int i = 0; i < online.Length; i++)
        {
            AssertClose(loopTarget[i], fusedTarget[i], 0, $"target #{i}"); // the same elementwise ops: bit for bit
        }
    }

    private static SslOptimizer Create(string kind, Parameter[] parameters) => kind switch
    {
        "sgd" => new SgdOptimizer(parameters, momentum: 0.9, weightDecay: 0.05),
        "lars" => new LarsOptimizer(parameters, momentum: 0.9, weightDecay: 0.05, trustCoefficient: 0.02),
        "adamw" => new AdamWOptimizer(parameters, weightDecay: 0.05),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Parameter[] NewParameters(ScalarType dtype, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return Shapes.Select(s => new Parameter(randn(s, dtype: dtype, generator: generator))).ToArray();
    }

    /// <summary>A fixed gradient per (parameter, step), drawn in float64.</summary>
    private static Tensor Gradient(int parameter, int step)
    {
        using var generator = new Generator((ulong)(1000 + (parameter * 10) + step));
        return randn(Shapes[parameter], dtype: ScalarType.Float64, generator: generator);
    }

    /// <summary>A loss linear in the parameters, so that each gradient is exactly <see cref="Gradient"/>.</summary>
    private static void Backward(Parameter[] parameters, int step)
    {
        using var scope = NewDisposeScope();
        Tensor loss = zeros(1, dtype: parameters[0].dtype);
        for (int i = 0; i < parameters.Length; i++)
        {
            loss = loss + (parameters[i] * Gradient(i, step).to_type(parameters[i].dtype)).sum();
        }

        loss.backward();
    }

    private static Tensor[] State(SslOptimizer optimizer)
    {
        var writer = new TensorListWriter();
        optimizer.Write(writer, "");
        return writer.Tensors.ToArray();
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double[] e = expected.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        double[] a = actual.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        for (int k = 0; k < e.Length; k++)
        {
            Assert.True(Math.Abs(e[k] - a[k]) <= tolerance * Math.Max(1, Math.Abs(e[k])), $"{what}, element {k}: expected {e[k]:R}, got {a[k]:R}");
        }
    }

    private sealed class TensorListWriter : SslDsl.Training.Checkpoints.StateWriter
    {
        public System.Collections.Generic.List<Tensor> Tensors { get; } = new();

        public override void Tensor(string key, Tensor value) => Tensors.Add(value);

        public override void Int64(string key, long value)
        {
        }

        public override void Double(string key, double value)
        {
        }

        public override void Text(string key, string value)
        {
        }
    }
}
