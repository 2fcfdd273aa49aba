using System;
using System.Linq;
using SslDsl.Evaluation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>
/// The managed L-BFGS of the linear probe against independent references: a quadratic's exact minimiser (float64
/// solve) and TorchSharp's native L-BFGS on the probe's own problem. Every test that builds a native L-BFGS lives in
/// this class (xunit runs a class's tests one at a time), so the stderr capture below sees no warning of another test.
/// </summary>
public sealed class LbfgsTests
{
    private const string DeprecationWarning = "Optimizer::parameters() will be removed";

    [Fact]
    public void MinimisesAQuadraticToItsExactSolution()
    {
        // f(x) = ½ xᵀAx − bᵀx with A = MMᵀ + I (SPD, 6×6): the minimiser solves Ax = b (computed in float64).
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        Tensor m = randn(new long[] { 6, 6 }, generator: generator, dtype: ScalarType.Float64);
        Tensor a = m.matmul(m.t()).add(eye(6, dtype: ScalarType.Float64));
        Tensor b = randn(new long[] { 6 }, generator: generator, dtype: ScalarType.Float64);
        Tensor exact = linalg.solve(a, b);
        Tensor a32 = a.to_type(ScalarType.Float32), b32 = b.to_type(ScalarType.Float32);
        Tensor x = zeros(6);

        LbfgsOutcome outcome = Lbfgs.Minimize(x, v => v.dot(a32.matmul(v)).mul(0.5).sub(b32.dot(v)), maxIterations: 100, historySize: 10);

        double error = x.to_type(ScalarType.Float64).sub(exact).abs().max().item<double>();
        Assert.True(error < 1e-4, $"max |x − A⁻¹b| = {error}");
        Assert.True(outcome.Iterations < 100, $"converged before the iteration limit ({outcome.Iterations})");
        double minimum = -0.5 * b.dot(exact).item<double>();
        Assert.Equal(minimum, outcome.Loss, 4);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    public void FollowsTorchSharpsNativeLbfgsOnTheProbeProblem(int iterations)
    {
        // Multinomial logistic regression with L2 on standardised random features (labels independent: a problem
        // that does not converge in 5 or 30 iterations, so the iterates are compared mid-run).
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        const int Samples = 120, Dim = 6, Classes = 3;
        const double Decay = 1e-3;
        Tensor features = randn(new long[] { Samples, Dim }, generator: generator);
        features = features.sub(features.mean(new long[] { 0 }, keepdim: true)).div(features.std(0, keepdim: true));
        Tensor labels = randint(0, Classes, new long[] { Samples }, generator: generator);

        var weight = new Parameter(zeros(Dim, Classes));
        var bias = new Parameter(zeros(Classes));
        using LBFGS native = optim.LBFGS(new[] { weight, bias }, lr: 1, max_iter: iterations, history_size: 20, tolerance_change: 1e-9, tolerange_grad: 1e-7);
        native.step(() =>
        {
            native.zero_grad();
            Tensor loss = nn.functional.cross_entropy(features.matmul(weight).add(bias), labels).add(weight.square().sum().mul(0.5 * Decay));
            loss.backward();
            return loss;
        });

        Tensor flat = zeros(Dim * Classes + Classes);
        Lbfgs.Minimize(
            flat,
            p => nn.functional.cross_entropy(features.matmul(p.narrow(0, 0, Dim * Classes).view(Dim, Classes)).add(p.narrow(0, Dim * Classes, Classes)), labels)
                .add(p.narrow(0, 0, Dim * Classes).square().sum().mul(0.5 * Decay)),
            maxIterations: iterations,
            historySize: 20);

        Tensor expected = cat(new[] { weight.detach().reshape(-1), bias.detach() }, 0);
        double scale = expected.abs().max().item<float>();
        double difference = flat.sub(expected).abs().max().item<float>();
        Assert.True(scale > 0.05, $"the fit moved the parameters ({scale})");
        Assert.True(difference < 1e-4 * Math.Max(1, scale), $"managed vs native L-BFGS after {iterations} iterations: max difference {difference} (scale {scale})");
    }

    [Fact]
    public void AnExceptionInTheObjectivePropagatesToTheCaller()
    {
        // With TorchSharp's LBFGS the objective ran as a callback from native code, where this aborted the process.
        using var scope = NewDisposeScope();
        int calls = 0;
        Tensor x = ones(3);

        var ex = Assert.Throws<InvalidOperationException>(() => Lbfgs.Minimize(
            x,
            v => ++calls == 3 ? throw new InvalidOperationException("third evaluation") : v.square().sum(),
            maxIterations: 10));

        Assert.Equal("third evaluation", ex.Message);
        Assert.Equal(3, calls);
    }

    [Fact]
    public void LinearProbePrintsNoLibtorchDeprecationWarning()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        Tensor x = randn(new long[] { 40, 4 }, generator: generator);
        Tensor y = arange(40, dtype: ScalarType.Int64).remainder(2);

        // Control: the capture sees the warning that TorchSharp's native L-BFGS prints on construction.
        string nativeOutput = NativeStderr.Capture(() =>
        {
            using LBFGS native = optim.LBFGS(new[] { new Parameter(zeros(4)) }, lr: 1);
        });
        Assert.Contains(DeprecationWarning, nativeOutput, StringComparison.Ordinal);

        LinearProbeResult? result = null;
        string probeOutput = NativeStderr.Capture(() => result = LinearProbe.Fit(x, y, x, y, classes: 2, iterations: 20));

        Assert.NotNull(result);
        Assert.DoesNotContain(DeprecationWarning, probeOutput, StringComparison.Ordinal);
    }
}
