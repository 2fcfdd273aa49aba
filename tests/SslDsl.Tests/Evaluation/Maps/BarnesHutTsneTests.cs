using System;
using System.Linq;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Maps;

/// <summary>Barnes–Hut t-SNE: its gradient against the exact one (float64), and what its maps must show.</summary>
public class BarnesHutTsneTests
{
    [Fact]
    public void WithThetaZeroTheGradientIsTheExactOne()
    {
        using var scope = NewDisposeScope();
        (SparseAffinities p, Tensor y) = GradientCase();
        double[] exact = ExactGradient(p, y);
        double[] barnesHut = BarnesHutGradient(p, y, theta: 0);
        double scale = exact.Max(Math.Abs);
        for (int k = 0; k < exact.Length; k++)
        {
            Assert.True(Math.Abs(exact[k] - barnesHut[k]) <= 1e-10 * scale, $"coordinate {k}: exact {exact[k]:E6}, Barnes–Hut {barnesHut[k]:E6}");
        }
    }

    [Fact]
    public void WithThetaHalfTheGradientIsClose()
    {
        using var scope = NewDisposeScope();
        (SparseAffinities p, Tensor y) = GradientCase();
        double[] exact = ExactGradient(p, y);
        double[] barnesHut = BarnesHutGradient(p, y, theta: 0.5);
        // 1.3e-2 here: the usual size of the Barnes–Hut error at θ = 0.5
        double error = Math.Sqrt(exact.Zip(barnesHut, (a, b) => (a - b) * (a - b)).Sum() / exact.Sum(a => a * a));
        Assert.True(error < 0.03, $"relative error {error:E3}");
        Assert.True(error > 0, "θ = 0.5 summarised no cell: the test set is too small to check the approximation");
    }

    [Fact]
    public void SeparatedClustersStaySeparatedAndNeighboursStayTrue()
    {
        using var scope = NewDisposeScope();
        (Tensor x, int[] labels) = MapChecks.Clusters(classes: 10, perClass: 300, dim: 50, seed: 21);
        Tensor map = Tsne.Map(x, new TsneOptions(Method: TsneMethod.BarnesHut));
        Assert.Equal(new long[] { 3000, 2 }, map.shape);
        Assert.Equal(ScalarType.Float32, map.dtype);
        Assert.True(map.isfinite().all().item<bool>());
        double agreement = MapChecks.NeighbourAgreement(map, labels, k: 5);
        double trust = Tsne.Trustworthiness(x, map, k: 5);
        Assert.True(agreement > 0.95, $"kNN label agreement in the map {agreement:F3}");
        Assert.True(trust > 0.9, $"trustworthiness {trust:F3}");
    }

    [Fact]
    public void TheSameSeedGivesTheSameMapBitForBitAndAutoIsBarnesHutOnTheCpu()
    {
        using var scope = NewDisposeScope();
        (Tensor x, _) = MapChecks.Clusters(classes: 4, perClass: 150, dim: 10, seed: 22);
        var options = new TsneOptions(Perplexity: 15, Iterations: 300, Method: TsneMethod.BarnesHut, Seed: 3);
        Tensor first = Tsne.Map(x, options);
        Tensor second = Tsne.Map(x, options);
        Assert.True(first.equal(second).all().item<bool>(), $"maps differ by up to {first.sub(second).abs().max().item<float>():E2}");
        Assert.False(first.equal(Tsne.Map(x, options with { Seed = 4 })).all().item<bool>(), "the seed is not used");
        Assert.True(first.equal(Tsne.Map(x, options with { Method = TsneMethod.Auto })).all().item<bool>(), "Auto is not Barnes–Hut on the CPU");
    }

    [Fact]
    public void CoincidentPointsShareAPlaceAndDoNotHang()
    {
        using var scope = NewDisposeScope();
        // 100 copies each of 3 points: the quadtree must keep them in shared leaves instead of splitting forever.
        Tensor x = randn(new long[] { 3, 5 }, dtype: ScalarType.Float64, generator: new torch.Generator(23)).mul(10).repeat_interleave(100, 0);
        Tensor map = Tsne.Map(x, new TsneOptions(Perplexity: 10, Iterations: 300, Method: TsneMethod.BarnesHut));
        Assert.True(map.isfinite().all().item<bool>());
    }

    [Fact]
    public void BadInputIsNamed()
    {
        using var scope = NewDisposeScope();
        Tensor x = randn(50, 3);
        var few = Assert.Throws<ArgumentOutOfRangeException>(() => Tsne.Map(x, new TsneOptions(Perplexity: 50, Method: TsneMethod.BarnesHut)));
        Assert.Contains("perplexity", few.Message, StringComparison.Ordinal);
        var theta = Assert.Throws<ArgumentOutOfRangeException>(() => Tsne.Map(x, new TsneOptions(Method: TsneMethod.BarnesHut, Theta: -0.5)));
        Assert.Contains("Theta", theta.Message, StringComparison.Ordinal);
        x[7, 2] = tensor(float.NaN);
        var nan = Assert.Throws<ArgumentException>(() => Tsne.Map(x, new TsneOptions(Perplexity: 10, Method: TsneMethod.BarnesHut)));
        Assert.Contains("NaN", nan.Message, StringComparison.Ordinal);
    }

    /// <summary>300 map points in 3 loose clusters, a few of them duplicated, with sparse affinities of unrelated 10-D features.</summary>
    private static (SparseAffinities P, Tensor Y) GradientCase()
    {
        var generator = new torch.Generator(20);
        Tensor x = randn(new long[] { 300, 10 }, dtype: ScalarType.Float64, generator: generator);
        Tensor centres = randn(new long[] { 3, 2 }, dtype: ScalarType.Float64, generator: generator).mul(8);
        Tensor y = centres.repeat_interleave(100, 0).add(randn(new long[] { 300, 2 }, dtype: ScalarType.Float64, generator: generator).mul(2));
        y[5] = y[4].clone();
        y[6] = y[4].clone();
        y[250] = y[17].clone();
        return (SparseAffinities.Joint(x, 10), y);
    }

    private static double[] ExactGradient(SparseAffinities p, Tensor y) =>
        Tsne.Gradient(p.ToDense(), y, eye(p.Points, dtype: ScalarType.Bool)).data<double>().ToArray();

    private static double[] BarnesHutGradient(SparseAffinities p, Tensor y, double theta)
    {
        var gradient = new double[2 * p.Points];
        BarnesHutTsne.Gradient(p, y.data<double>().ToArray(), theta, exaggeration: 1, new BarnesHutTsne.Workspace(p.Points), gradient);
        return gradient;
    }
}
