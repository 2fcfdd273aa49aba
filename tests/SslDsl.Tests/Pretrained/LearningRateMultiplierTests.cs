using System;
using System.Linq;
using SslDsl.Optimization;
using SslDsl.Tests.Training.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Pretrained;

/// <summary>
/// <see cref="SslOptimizer.SetLearningRateMultiplier"/>, what the head warm-up stands on: a multiplier scales a
/// parameter's learning rate as a PyTorch parameter group's <c>lr</c> does; 0 freezes it (value and state untouched,
/// decay included) and its own step count stops, so AdamW corrects its moments as for a fresh parameter once it trains.
/// </summary>
public sealed class LearningRateMultiplierTests
{
    private static readonly long[][] Shapes = { new long[] { 3, 2, 3, 3 }, new long[] { 3 }, new long[] { 5, 7 }, new long[] { 5 } };

    [Theory]
    [InlineData("sgd")]
    [InlineData("lars")]
    [InlineData("adamw")]
    public void FrozenParametersKeepTheirValuesAndStateBitForBitWhileTheOthersMove(string kind)
    {
        using var scope = NewDisposeScope();
        Parameter[] parameters = NewParameters(seed: 1);
        using SslOptimizer optimizer = Create(kind, parameters);
        Step(optimizer, parameters, 0, 0.1); // momentum and moments are non-zero before the freeze
        Tensor[] before = parameters.Select(p => p.detach().clone()).ToArray();
        Tensor[] stateBefore = State(optimizer).Select(t => t.clone()).ToArray();

        optimizer.SetLearningRateMultiplier(new[] { parameters[0], parameters[1] }, 0);
        for (int step = 1; step <= 3; step++)
        {
            Step(optimizer, parameters, step, 0.1); // their gradients are defined and non-zero: only the freeze keeps them still
        }

        for (int i = 0; i < 2; i++)
        {
            Assert.True(parameters[i].eq(before[i]).all().item<bool>(), $"frozen parameter #{i} moved");
        }

        Assert.False(parameters[2].eq(before[2]).all().item<bool>(), "the trained weight did not move");
        Tensor[] state = State(optimizer);
        int perKind = Shapes.Length;
        for (int s = 0; s < state.Length; s++)
        {
            bool frozen = s % perKind < 2;
            Assert.Equal(frozen, state[s].eq(stateBefore[s]).all().item<bool>());
        }

        Assert.Equal(new long[] { 1, 1, 4, 4 }, optimizer.ParameterSteps);
        Assert.Equal(4, optimizer.StepCount);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("lars")]
    [InlineData("adamw")]
    public void FusedStepsWithMultipliersAndUnfrozenParametersEqualThePerParameterSteps(string kind)
    {
        using var scope = NewDisposeScope();
        Parameter[] fusedParameters = NewParameters(seed: 2);
        Parameter[] loopParameters = fusedParameters.Select(p => new Parameter(p.detach().clone())).ToArray();
        using SslOptimizer fused = Create(kind, fusedParameters);
        using SslOptimizer loop = Create(kind, loopParameters);
        foreach ((SslOptimizer optimizer, Parameter[] parameters) in new[] { (fused, fusedParameters), (loop, loopParameters) })
        {
            optimizer.SetLearningRateMultiplier(new[] { parameters[0], parameters[1] }, 0); // frozen for two steps
        }

        for (int step = 0; step < 5; step++)
        {
            if (step == 2)
            {
                fused.SetLearningRateMultiplier(new[] { fusedParameters[0], fusedParameters[1] }, 0.1);
                loop.SetLearningRateMultiplier(new[] { loopParameters[0], loopParameters[1] }, 0.1);
            }

            Step(fused, fusedParameters, step, 0.1);
            FlatStorage.FusedUpdates = false;
            try
            {
                Step(loop, loopParameters, step, 0.1);
            }
            finally
            {
                FlatStorage.FusedUpdates = true;
            }
        }

        for (int i = 0; i < fusedParameters.Length; i++)
        {
            Tensor difference = fusedParameters[i].sub(loopParameters[i]).abs().max();
            Assert.True(difference.item<double>() < 1e-12, $"parameter #{i}: fused and per-parameter steps differ by {difference.item<double>()}");
        }
    }

    [Fact]
    public void SgdStepsAParameterAtItsMultiplierTimesTheRate()
    {
        // p' = p − lr·m·(g + λp) without momentum: the hand-written update of a PyTorch group with lr·m.
        using var scope = NewDisposeScope();
        var w = new Parameter(tensor(new double[] { 1.0, -2.0, 0.5, 4.0 }).reshape(2, 2));
        var b = new Parameter(tensor(new double[] { 0.25, -0.75 }));
        using var sgd = new SgdOptimizer(new[] { w, b }, momentum: 0, weightDecay: 0.1);
        sgd.SetLearningRateMultiplier(new[] { w }, 0.1);
        (w * tensor(new double[] { 0.5, 1.0, -1.5, 2.0 }).reshape(2, 2)).sum().add((b * tensor(new double[] { 3.0, -1.0 })).sum()).backward();

        sgd.Step(0.2);

        double[] expectedW = { 1.0 - (0.02 * (0.5 + 0.1)), -2.0 - (0.02 * (1.0 - 0.2)), 0.5 - (0.02 * (-1.5 + 0.05)), 4.0 - (0.02 * (2.0 + 0.4)) };
        double[] expectedB = { 0.25 - (0.2 * 3.0), -0.75 - (0.2 * -1.0) }; // biases: full rate, no decay
        Assert.Equal(expectedW, w.detach().contiguous().data<double>().ToArray(), new Tolerance(1e-15));
        Assert.Equal(expectedB, b.detach().data<double>().ToArray(), new Tolerance(1e-15));
    }

    [Fact]
    public void AdamWCorrectsAParameterUnfrozenAfterNStepsAsAFreshOne()
    {
        // PyTorch keeps a step count per parameter: one frozen (no gradient) for 3 steps then trained takes the steps a
        // new AdamW would give it. With the global count its first steps would be up to ~3x too large.
        using var scope = NewDisposeScope();
        Parameter[] parameters = NewParameters(seed: 3);
        var alone = new Parameter(parameters[2].detach().clone());
        using var adamw = new AdamWOptimizer(parameters, weightDecay: 0.05);
        using var fresh = new AdamWOptimizer(new[] { alone }, weightDecay: 0.05);
        adamw.SetLearningRateMultiplier(new[] { parameters[2] }, 0);
        for (int step = 0; step < 3; step++)
        {
            Step(adamw, parameters, step, 0.01);
        }

        adamw.SetLearningRateMultiplier(new[] { parameters[2] }, 1);
        for (int step = 3; step < 6; step++)
        {
            Step(adamw, parameters, step, 0.01);
            Backward(new[] { alone }, step, only: 2);
            fresh.Step(0.01);
            fresh.ZeroGrad();
        }

        Assert.Equal(3, adamw.ParameterSteps[2]);
        Tensor difference = parameters[2].sub(alone).abs().max();
        Assert.True(difference.item<double>() < 1e-15, $"differs from a fresh AdamW by {difference.item<double>()}");
    }

    [Fact]
    public void PerParameterStepCountsGoThroughACheckpointAndTheContinuationMatches()
    {
        using var scope = NewDisposeScope();
        Parameter[] original = NewParameters(seed: 4);
        Parameter[] restoredParameters = original.Select(p => new Parameter(p.detach().clone())).ToArray();
        using var saved = new AdamWOptimizer(original, weightDecay: 0.05);
        saved.SetLearningRateMultiplier(new[] { original[0] }, 0);
        Step(saved, original, 0, 0.01);
        Step(saved, original, 1, 0.01);
        saved.SetLearningRateMultiplier(new[] { original[0] }, 1);
        Step(saved, original, 2, 0.01);
        using (no_grad())
        {
            for (int i = 0; i < original.Length; i++)
            {
                restoredParameters[i].copy_(original[i]);
            }
        }

        using var restored = new AdamWOptimizer(restoredParameters, weightDecay: 0.05);
        StateRoundTrip.Through(saved, restored, "optimizer.");
        Step(saved, original, 3, 0.01);
        Step(restored, restoredParameters, 3, 0.01);

        Assert.Equal(new long[] { 2, 4, 4, 4 }, restored.ParameterSteps);
        for (int i = 0; i < original.Length; i++)
        {
            Assert.True(original[i].eq(restoredParameters[i]).all().item<bool>(), $"parameter #{i} differs after the restored step");
        }
    }

    [Fact]
    public void AMultiplierMustBeFiniteAndNonNegativeAndTheParameterTheOptimizers()
    {
        using var scope = NewDisposeScope();
        Parameter[] parameters = NewParameters(seed: 5);
        using var sgd = new SgdOptimizer(parameters.Take(2), momentum: 0.9, weightDecay: 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.SetLearningRateMultiplier(parameters.Take(1), -0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.SetLearningRateMultiplier(parameters.Take(1), double.NaN));
        Assert.Throws<ArgumentException>(() => sgd.SetLearningRateMultiplier(new[] { parameters[0], parameters[3] }, 0.5));
        Assert.Equal(new[] { 1.0, 1.0 }, sgd.LearningRateMultipliers); // a refused call sets nothing
    }

    private static SslOptimizer Create(string kind, Parameter[] parameters) => kind switch
    {
        "sgd" => new SgdOptimizer(parameters, momentum: 0.9, weightDecay: 0.05),
        "lars" => new LarsOptimizer(parameters, momentum: 0.9, weightDecay: 0.05, trustCoefficient: 0.02),
        "adamw" => new AdamWOptimizer(parameters, weightDecay: 0.05),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Parameter[] NewParameters(int seed)
    {
        using var generator = new Generator((ulong)seed);
        return Shapes.Select(s => new Parameter(randn(s, dtype: ScalarType.Float64, generator: generator))).ToArray();
    }

    private static void Step(SslOptimizer optimizer, Parameter[] parameters, int step, double learningRate)
    {
        Backward(parameters, step);
        optimizer.Step(learningRate);
        optimizer.ZeroGrad();
    }

    /// <summary>A loss linear in the parameters: parameter i's gradient at <paramref name="step"/> is a fixed draw.</summary>
    private static void Backward(Parameter[] parameters, int step, int? only = null)
    {
        using var scope = NewDisposeScope();
        Tensor loss = zeros(1, dtype: ScalarType.Float64);
        for (int i = 0; i < parameters.Length; i++)
        {
            int which = only ?? i;
            using var generator = new Generator((ulong)(1000 + (which * 10) + step));
            loss = loss + (parameters[i] * randn(Shapes[which], dtype: ScalarType.Float64, generator: generator)).sum();
        }

        loss.backward();
    }

    /// <summary>The optimizer's state buffers per parameter (momentum, or first then second moments), as checkpoints hold them.</summary>
    private static Tensor[] State(SslOptimizer optimizer)
    {
        var writer = new CollectingWriter();
        optimizer.Write(writer, "");
        return writer.Tensors;
    }

    private sealed class CollectingWriter : SslDsl.Training.Checkpoints.StateWriter
    {
        private readonly System.Collections.Generic.List<Tensor> tensors = new();

        public Tensor[] Tensors => tensors.ToArray();

        public override void Tensor(string key, Tensor value)
        {
            if (key.StartsWith("state.", StringComparison.Ordinal))
            {
                tensors.Add(value.detach().clone());
            }
        }

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

    private sealed class Tolerance : System.Collections.Generic.IEqualityComparer<double>
    {
        private readonly double epsilon;

        public Tolerance(double epsilon) => this.epsilon = epsilon;

        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
