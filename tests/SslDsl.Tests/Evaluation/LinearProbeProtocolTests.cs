using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>
/// The linear-probe protocol beyond one fit: the weight-decay sweep on a held-out split, top-5, and label fractions.
/// </summary>
public sealed class LinearProbeProtocolTests
{
    [Fact]
    public void LinearlySeparableFeaturesReachFullAccuracyAndTopFive()
    {
        // Ten classes at the corners of a simplex in 32-D, noise far below the margin: the probe separates them all.
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Simplex(seed: 1, classes: 10, perClass: 20, noise: 0.1);
        var (testX, testY) = Simplex(seed: 2, classes: 10, perClass: 30, noise: 0.1);

        LinearProbeResult result = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 10, new LinearProbeOptions(WeightDecaySweep: true, Seed: 3));

        Assert.Equal(1.0, result.Top1);
        Assert.Equal(1.0, result.Top5);
        Assert.Equal(1.0, result.TrainTop1);
        Assert.NotNull(result.Sweep);
    }

    [Fact]
    public void RandomLabelsStayNearChanceWithTheSweepForTopOneAndTopFive()
    {
        // 10 classes, labels independent of the features: top-1 0.1 and top-5 0.5 on 2,000 test samples (1σ 0.007 / 0.011).
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        Tensor trainX = randn(new long[] { 500, 16 }, generator: generator);
        Tensor trainY = randint(0, 10, new long[] { 500 }, generator: generator);
        Tensor testX = randn(new long[] { 2000, 16 }, generator: generator);
        Tensor testY = randint(0, 10, new long[] { 2000 }, generator: generator);

        LinearProbeResult result = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 10, new LinearProbeOptions(WeightDecaySweep: true));

        Assert.InRange(result.Top1, 0.07, 0.13);
        Assert.InRange(result.Top5!.Value, 0.45, 0.55);
        Assert.All(result.Sweep!.ValidationTop1, a => Assert.InRange(a, 0, 0.3));
    }

    [Fact]
    public void FewNoisySamplesInHighDimensionChooseTheStrongestDecay()
    {
        // 2 classes, 70 fitting samples in 60-D, a weak class signal on every dimension: near the interpolation
        // threshold (samples ≈ dimensions) an unregularised probe fits the noise with huge weights, and every step up
        // the grid (1e-5 … 1e-1) generalises better; the strongest penalty wins on the validation split and on test.
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Spread(seed: 11, perClass: 50, dim: 60, signalDims: 60, shift: 0.15);
        var (testX, testY) = Spread(seed: 12, perClass: 1000, dim: 60, signalDims: 60, shift: 0.15);
        var options = new LinearProbeOptions(WeightDecay: 1e-3, WeightDecaySweep: true, ValidationFraction: 0.3, Seed: 1);

        LinearProbeResult result = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 2, options);

        WeightDecaySweep sweep = result.Sweep!;
        Assert.Equal(new[] { 1e-5, 1e-4, 1e-3, 1e-2, 1e-1 }, sweep.WeightDecays.Select(v => Math.Round(v, 12)));
        Assert.True(sweep.ChosenIndex == 4, $"validation top-1 {string.Join(", ", sweep.ValidationTop1)}; loss {string.Join(", ", sweep.ValidationLoss)}");
        Assert.Equal(sweep.Chosen, result.WeightDecay);
        Assert.Equal((70, 30), (sweep.FitSamples, sweep.ValidationSamples));
        Assert.Equal(100, result.TrainSamples); // refitted on all training labels
        Assert.Null(result.Top5); // two classes
        LinearProbeResult weakest = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 2, iterations: 100, weightDecay: 1e-5);
        Assert.True(result.Top1 > weakest.Top1 + 0.015, $"swept {result.Top1} vs weakest {weakest.Top1}");
    }

    [Fact]
    public void CleanSeparableDataWithManySamplesChooseTheWeakestDecay()
    {
        // Well-separated blobs, 600 samples in 5-D: every penalty classifies the validation split perfectly, and the
        // weakest one reaches the lowest validation cross-entropy (the tie-break) with its larger weights.
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Simplex(seed: 21, classes: 3, perClass: 200, noise: 0.3, dim: 5);
        var (testX, testY) = Simplex(seed: 22, classes: 3, perClass: 100, noise: 0.3, dim: 5);

        LinearProbeResult result = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 3, new LinearProbeOptions(WeightDecay: 1e-2, WeightDecaySweep: true, Seed: 2));

        WeightDecaySweep sweep = result.Sweep!;
        Assert.All(sweep.ValidationTop1, a => Assert.Equal(1.0, a));
        Assert.Equal(0, sweep.ChosenIndex);
        Assert.Equal(1e-4, result.WeightDecay, 15);
        Assert.True(sweep.ValidationLoss.Zip(sweep.ValidationLoss.Skip(1)).All(p => p.First < p.Second), "validation loss rises with the penalty");
        Assert.Equal((540, 60), (sweep.FitSamples, sweep.ValidationSamples)); // 10 % of each class of 200
    }

    [Fact]
    public void AFixedWeightDecayFitsOnceAsBefore()
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Simplex(seed: 31, classes: 6, perClass: 20, noise: 1.0);
        var (testX, testY) = Simplex(seed: 32, classes: 6, perClass: 20, noise: 1.0);

        LinearProbeResult fixedDecay = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 6, iterations: 50, weightDecay: 3e-3);
        LinearProbeResult viaOptions = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 6, new LinearProbeOptions(50, 3e-3));

        Assert.Null(fixedDecay.Sweep);
        Assert.Equal(3e-3, fixedDecay.WeightDecay);
        Assert.Equal(fixedDecay, viaOptions);
        Assert.NotNull(fixedDecay.Top5);
    }

    [Fact]
    public void TopKMatchesABruteForceCount()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(41);
        Tensor logits = randn(new long[] { 300, 12 }, generator: generator);
        Tensor labels = randint(0, 12, new long[] { 300 }, generator: generator);
        float[] l = logits.data<float>().ToArray();
        long[] y = labels.data<long>().ToArray();
        foreach (int k in new[] { 1, 5, 12 })
        {
            int hits = 0;
            for (int i = 0; i < y.Length; i++)
            {
                float own = l[(i * 12) + (int)y[i]];
                int higher = Enumerable.Range(0, 12).Count(c => l[(i * 12) + c] > own); // random floats: no ties
                hits += higher < k ? 1 : 0;
            }

            Assert.Equal(hits / 300.0, LinearProbe.TopK(logits, labels, k), 12);
        }
    }

    [Fact]
    public void TheProbesClosedFormGradientIsThatOfAutogradInFloat64()
    {
        // The L-BFGS objective: mean cross-entropy + ½·λ·‖W‖², differentiated by autograd in float64 as the reference.
        using var scope = NewDisposeScope();
        var generator = new Generator(17);
        Tensor x = randn(40, 6, generator: generator);
        Tensor labels = randint(0, 5, 40, generator: generator);
        Tensor weight = randn(6, 5, generator: generator).mul_(0.7);
        Tensor bias = randn(5, generator: generator).mul_(0.3);
        const double lambda = 0.05;

        (double loss, Tensor gradient) = ProbeModel.LossAndGradient(x, labels, nn.functional.one_hot(labels, 5).to_type(ScalarType.Float32), weight, bias, lambda);
        using var _ = gradient;

        Tensor w64 = weight.to_type(ScalarType.Float64).requires_grad_(true);
        Tensor b64 = bias.to_type(ScalarType.Float64).requires_grad_(true);
        Tensor expected = nn.functional.cross_entropy(x.to_type(ScalarType.Float64).matmul(w64).add(b64), labels).add(w64.square().sum().mul(0.5 * lambda));
        expected.backward();
        double[] expectedGradient = cat(new[] { w64.grad!.reshape(-1), b64.grad! }).data<double>().ToArray();

        Assert.Equal(expected.item<double>(), loss, 5);
        Assert.Equal(expectedGradient.Length, gradient.shape[0]);
        float[] actual = gradient.data<float>().ToArray();
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expectedGradient[i]) < 1e-6, $"gradient entry {i}: {actual[i]} against {expectedGradient[i]}");
        }

        Assert.True(expectedGradient.Select(Math.Abs).Max() > 1e-2, "a gradient this small would not test the layout");
    }

    [Fact]
    public void TopFiveOfTheResultIsThatOfTheProbesOwnLogits()
    {
        // The probe's test logits, refitted here with the same steps (ProbeModel is what Fit uses), counted by brute force.
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Simplex(seed: 51, classes: 8, perClass: 15, noise: 1.5);
        var (testX, testY) = Simplex(seed: 52, classes: 8, perClass: 40, noise: 1.5);

        LinearProbeResult result = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 8, iterations: 30, weightDecay: 1e-2);

        ProbeModel model = ProbeModel.Fit(trainX, trainY, 8, 30, 1e-2);
        float[] l = model.Logits(testX).data<float>().ToArray();
        long[] y = testY.data<long>().ToArray();
        int top5 = Enumerable.Range(0, y.Length).Count(i => Enumerable.Range(0, 8).Count(c => l[(i * 8) + c] > l[(i * 8) + y[i]]) < 5);
        Assert.Equal(top5 / (double)y.Length, result.Top5!.Value, 12);
        Assert.True(result.Top5 > result.Top1, $"top-5 {result.Top5} vs top-1 {result.Top1} with overlapping classes");
    }

    [Fact]
    public void LabelFractionsAreStratifiedSeededAndNested()
    {
        // Unbalanced classes: 300, 120, 45 and 3 samples.
        using var scope = NewDisposeScope();
        int[] sizes = { 300, 120, 45, 3 };
        Tensor labels = Shuffled(sizes, seed: 5);
        long[] y = labels.data<long>().ToArray();

        foreach (double fraction in new[] { 0.01, 0.1, 0.5, 1.0 })
        {
            long[] subset = LinearProbe.LabelSubset(labels, 4, fraction, seed: 9).data<long>().ToArray();
            int[] perClass = Enumerable.Range(0, 4).Select(c => subset.Count(i => y[i] == c)).ToArray();
            Assert.Equal(sizes.Select(n => Math.Max(1, (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero))), perClass);
            Assert.Equal(subset.OrderBy(i => i), subset);
            Assert.Equal(subset.Length, subset.Distinct().Count());
        }

        long[] Draw(double fraction, long seed) => LinearProbe.LabelSubset(labels, 4, fraction, seed).data<long>().ToArray();
        Assert.Equal(Draw(0.1, 9), Draw(0.1, 9));
        Assert.NotEqual(Draw(0.1, 9), Draw(0.1, 10));
        Assert.Empty(Draw(0.1, 9).Except(Draw(0.5, 9))); // a smaller fraction is a subset of a larger one
        Assert.Equal(Enumerable.Range(0, y.Length).Select(i => (long)i), Draw(1.0, 9));
    }

    [Fact]
    public void FitFractionsProbesEachSubsetOfTheSameFeatures()
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Simplex(seed: 61, classes: 10, perClass: 40, noise: 0.8);
        var (testX, testY) = Simplex(seed: 62, classes: 10, perClass: 20, noise: 0.8);
        var options = new LinearProbeOptions(Iterations: 40, WeightDecaySweep: true, Seed: 4);

        IReadOnlyList<LinearProbeResult> results = LinearProbe.FitFractions(trainX, trainY, testX, testY, 10, new[] { 0.025, 0.1, 1.0 }, options);

        Assert.Equal(new[] { 0.025, 0.1, 1.0 }, results.Select(r => r.LabelFraction));
        Assert.Equal(new[] { 10, 40, 400 }, results.Select(r => r.TrainSamples));
        Assert.All(results, r => Assert.Equal(200, r.TestSamples));

        // One sample per class cannot be split for validation: the sweep is skipped, and the result says why.
        Assert.Null(results[0].Sweep);
        Assert.StartsWith("weight-decay sweep skipped: no class has two of the 10 training labels", results[0].Note, StringComparison.Ordinal);
        Assert.Equal(options.WeightDecay, results[0].WeightDecay);
        Assert.Equal((30, 10), (results[1].Sweep!.FitSamples, results[1].Sweep!.ValidationSamples)); // 1 of each class's 4

        // each equals the probe fitted directly on its subset
        Tensor index = LinearProbe.LabelSubset(trainY, 10, 0.1, seed: 4);
        LinearProbeResult direct = LinearProbe.Fit(trainX.index_select(0, index), trainY.index_select(0, index), testX, testY, 10, options);
        Assert.Equal(direct with { LabelFraction = 0.1 }, results[1]);
        Assert.True(results[2].Top1 >= results[0].Top1, $"all labels {results[2].Top1} vs 2.5 % {results[0].Top1}");
    }

    public static TheoryData<string, string> BadOptions() => new()
    {
        { "iterations 0", "options.Iterations is 0; must be >= 1" },
        { "NaN weight decay", "options.WeightDecay is NaN; must be finite and >= 0" },
        { "validation fraction 1", "options.ValidationFraction is 1; must be in (0, 1)" },
        { "zero decay without a grid", "options.WeightDecay is 0 with WeightDecaySweep" },
        { "empty grid", "options.WeightDecayGrid is empty" },
        { "negative grid value", "options.WeightDecayGrid holds -1; each value must be finite and >= 0" },
        { "fraction 0", "label fraction 0 is outside (0, 1]" },
        { "fraction 1.5", "label fraction 1.5 is outside (0, 1]" },
        { "no fractions", "labelFractions is empty" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptionsAndFractionsAreRejectedNamingTheValue(string which, string message)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Simplex(seed: 71, classes: 3, perClass: 10, noise: 1);
        var sweep = new LinearProbeOptions(WeightDecaySweep: true);
        (LinearProbeOptions options, double[] fractions) = which switch
        {
            "iterations 0" => (sweep with { Iterations = 0 }, new[] { 1.0 }),
            "NaN weight decay" => (sweep with { WeightDecay = double.NaN }, new[] { 1.0 }),
            "validation fraction 1" => (sweep with { ValidationFraction = 1 }, new[] { 1.0 }),
            "zero decay without a grid" => (sweep with { WeightDecay = 0 }, new[] { 1.0 }),
            "empty grid" => (sweep with { WeightDecayGrid = Array.Empty<double>() }, new[] { 1.0 }),
            "negative grid value" => (sweep with { WeightDecayGrid = new[] { 1e-3, -1 } }, new[] { 1.0 }),
            "fraction 0" => (sweep, new[] { 0.1, 0 }),
            "fraction 1.5" => (sweep, new[] { 1.5 }),
            _ => (sweep, Array.Empty<double>()),
        };

        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => LinearProbe.FitFractions(x, y, x, y, 3, fractions, options));

        Assert.Equal(which.StartsWith("fraction", StringComparison.Ordinal) || which == "no fractions" ? "labelFractions" : "options", ex.ParamName);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Classes at 4·e_c in <paramref name="dim"/> dimensions (dim ≥ classes) plus Gaussian noise.</summary>
    private static (Tensor X, Tensor Y) Simplex(ulong seed, int classes, int perClass, double noise, int dim = 32)
    {
        using var generator = new Generator(seed);
        Tensor y = arange(classes).repeat_interleave(perClass);
        Tensor x = randn(new long[] { classes * perClass, dim }, generator: generator).mul_(noise);
        return (x.add_(nn.functional.one_hot(y, dim).to_type(ScalarType.Float32).mul(4)), y);
    }

    /// <summary>Two classes at ±shift on each of the first <paramref name="signalDims"/> of <paramref name="dim"/> unit-noise dimensions.</summary>
    private static (Tensor X, Tensor Y) Spread(ulong seed, int perClass, int dim, int signalDims, double shift)
    {
        using var generator = new Generator(seed);
        Tensor y = arange(2).repeat_interleave(perClass);
        Tensor mean = zeros(dim);
        mean.narrow(0, 0, signalDims).fill_(shift);
        Tensor sign = y.to_type(ScalarType.Float32).mul(2).sub(1).unsqueeze(1);
        return (randn(new long[] { 2 * perClass, dim }, generator: generator).add_(sign.mul(mean)), y);
    }

    /// <summary>Labels with the given count per class, in a seeded random order.</summary>
    private static Tensor Shuffled(int[] sizes, ulong seed)
    {
        Tensor y = cat(sizes.Select((n, c) => full(n, (long)c, dtype: ScalarType.Int64)).ToArray(), 0);
        using var generator = new Generator(seed);
        return y.index_select(0, randperm(y.shape[0], generator: generator));
    }
}
