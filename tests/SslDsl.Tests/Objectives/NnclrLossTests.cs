using System;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// NNCLR's loss against a float64 reference written with loops (the nearest neighbour by brute force, the softmax by
/// hand), its gradient against autograd of a second formulation, the support set's update, and its checks.
/// </summary>
public sealed class NnclrLossTests
{
    private const int Samples = 5, Dim = 4, Support = 10;
    private const double Temperature = 0.3;

    [Fact]
    public void TheLossIsTheSymmetricInfoNceOfNearestNeighboursAgainstTheOtherViewsPredictions()
    {
        using var scope = NewDisposeScope();
        using var loss = new NnclrLoss(Dim, supportSize: Support, temperature: Temperature, generator: new Generator(3));
        double[,] support = ToArray(loss.SupportSet.Keys.to_type(ScalarType.Float64));
        (Tensor predictions, Tensor projections) = Inputs(11);
        double[,] p = ToArray(predictions), z = ToArray(projections);

        double expected = Reference(p, z, support);
        double actual = loss.Compute(predictions, projections).item<double>();

        Assert.Equal(expected, actual, 12);
        Assert.InRange(expected, 0.5, 10); // not a degenerate case
    }

    [Fact]
    public void NearestNeighboursAreTheSupportRowsOfLargestCosine()
    {
        using var scope = NewDisposeScope();
        using var loss = new NnclrLoss(Dim, supportSize: Support, generator: new Generator(4));
        Tensor support = loss.SupportSet.Keys.to_type(ScalarType.Float64);
        Tensor queries = nn.functional.normalize(randn(new long[] { 7, Dim }, ScalarType.Float64, generator: new Generator(5)), dim: 1);
        Tensor chosen = loss.NearestNeighbours(queries);
        double[,] q = ToArray(queries), s = ToArray(support), c = ToArray(chosen);
        for (int i = 0; i < 7; i++)
        {
            int best = Enumerable.Range(0, Support).OrderByDescending(k => Dot(q, i, s, k)).First();
            for (int d = 0; d < Dim; d++)
            {
                Assert.Equal(s[best, d], c[i, d], 15);
            }
        }
    }

    [Fact]
    public void OnlyThePredictionsGetAGradientAndItIsTheReferencesGradient()
    {
        using var scope = NewDisposeScope();
        using var loss = new NnclrLoss(Dim, supportSize: Support, temperature: Temperature, generator: new Generator(6));
        Tensor support = loss.SupportSet.Keys.to_type(ScalarType.Float64);
        (Tensor p0, Tensor z0) = Inputs(12);
        Tensor predictions = p0.clone().requires_grad_(true), projections = z0.clone().requires_grad_(true);
        loss.Compute(predictions, projections).backward();

        // The same loss by another route: cross_entropy over [neighbours of view a] · [normalised predictions of view b]ᵀ.
        Tensor p = p0.clone().requires_grad_(true);
        Tensor z = nn.functional.normalize(z0, dim: 1);
        Tensor neighbours = support.index_select(0, z.matmul(support.t()).argmax(1));
        Tensor pn = nn.functional.normalize(p, dim: 1);
        Tensor targets = arange(Samples, ScalarType.Int64);
        Tensor direction0 = nn.functional.cross_entropy(neighbours.narrow(0, 0, Samples).matmul(pn.narrow(0, Samples, Samples).t()).div(Temperature), targets);
        Tensor direction1 = nn.functional.cross_entropy(neighbours.narrow(0, Samples, Samples).matmul(pn.narrow(0, 0, Samples).t()).div(Temperature), targets);
        direction0.add(direction1).div(2).backward();

        Assert.True(predictions.grad!.sub(p.grad!).abs().max().item<double>() < 1e-14, "the predictions' gradient differs from the reference");
        Assert.True(p.grad!.abs().max().item<double>() > 1e-3, "the reference gradient is too small for the check to mean anything");
        Assert.True(projections.grad is null || projections.grad.abs().max().item<double>() == 0, "the projections must get no gradient (the neighbours are looked up)");
    }

    [Fact]
    public void AfterTheLossViewOnesProjectionsGoIntoTheSupportSetNormalised()
    {
        using var scope = NewDisposeScope();
        using var loss = new NnclrLoss(Dim, supportSize: Support, generator: new Generator(7));
        (Tensor predictions, Tensor projections) = Inputs(13);
        Tensor before = loss.SupportSet.Keys.clone();
        loss.Compute(predictions, projections);
        Assert.Equal(Samples, loss.SupportSet.Position);
        Tensor expected = nn.functional.normalize(projections.narrow(0, Samples, Samples), dim: 1).to_type(ScalarType.Float32);
        Assert.True(loss.SupportSet.Keys.narrow(0, 0, Samples).sub(expected).abs().max().item<float>() < 1e-6f);
        Assert.True(loss.SupportSet.Keys.narrow(0, Samples, Support - Samples).equal(before.narrow(0, Samples, Support - Samples)).all().item<bool>(), "the other slots are untouched");

        loss.Compute(predictions, projections);
        Assert.Equal(0, loss.SupportSet.Position); // 10 slots, 5 per call: wrapped around
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingTheProblem()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NnclrLoss(Dim, temperature: 0));
        using var loss = new NnclrLoss(Dim, supportSize: Support);
        var error = Assert.Throws<ArgumentException>(() => loss.Compute(ones(4, 6), ones(4, 6)));
        Assert.Contains("support set holds 4-wide projections", error.Message);
        Assert.Throws<ArgumentException>(() => loss.Compute(ones(3, Dim), ones(3, Dim))); // not [2N, D]
    }

    /// <summary>Seeded [2N, D] float64 predictions and projections, view-major.</summary>
    private static (Tensor Predictions, Tensor Projections) Inputs(int seed)
    {
        var generator = new Generator((ulong)seed);
        return (randn(new long[] { 2 * Samples, Dim }, ScalarType.Float64, generator: generator),
                randn(new long[] { 2 * Samples, Dim }, ScalarType.Float64, generator: generator).mul_(2));
    }

    /// <summary>The loss with loops in double: NN by brute force over the support set, log-softmax by hand.</summary>
    private static double Reference(double[,] p, double[,] z, double[,] support)
    {
        double[,] pn = Normalise(p), zn = Normalise(z);
        double total = 0;
        for (int view = 0; view < 2; view++)
        {
            int other = 1 - view;
            for (int i = 0; i < Samples; i++)
            {
                int row = view * Samples + i;
                int nearest = Enumerable.Range(0, Support).OrderByDescending(k => Dot(zn, row, support, k)).First();
                double[] logits = Enumerable.Range(0, Samples).Select(k => Dot(support, nearest, pn, other * Samples + k) / Temperature).ToArray();
                double max = logits.Max();
                double logSum = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
                total += logSum - logits[i];
            }
        }

        return total / (2 * Samples);
    }

    private static double Dot(double[,] a, int i, double[,] b, int j) => Enumerable.Range(0, a.GetLength(1)).Sum(d => a[i, d] * b[j, d]);

    private static double[,] Normalise(double[,] x)
    {
        var result = new double[x.GetLength(0), x.GetLength(1)];
        for (int i = 0; i < x.GetLength(0); i++)
        {
            double norm = Math.Sqrt(Dot(x, i, x, i));
            for (int d = 0; d < x.GetLength(1); d++)
            {
                result[i, d] = x[i, d] / norm;
            }
        }

        return result;
    }

    private static double[,] ToArray(Tensor t)
    {
        double[] flat = t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var result = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int d = 0; d < cols; d++)
            {
                result[i, d] = flat[(i * cols) + d];
            }
        }

        return result;
    }
}
