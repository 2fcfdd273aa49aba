using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;

namespace SslDsl.Tests.Augmentations;

/// <summary>GammaContrast, IntensityWindow, BiasField, GaussianNoise and RicianNoise against independent references.</summary>
public class MedicalAugmentationTests
{
    [Fact]
    public void ZeroStrengthSettingsAreIdentity()
    {
        using var images = RandomImages(6, 1, 16, 16);
        using var generator = new torch.Generator(1);
        using var gamma = new GammaContrast(1.0, 1.0, 1.0).Apply(images, generator);
        Assert.True(Identical(images, gamma));
        using var window = new IntensityWindow(0.5, 0.5, 1.0, 1.0, 1.0).Apply(images, generator);
        Assert.True(Identical(images, window));
        using var bias = new BiasField(3, 0.0, 1.0).Apply(images, generator);
        Assert.True(Identical(images, bias));
        using var noise = new GaussianNoise(0.0, 0.0, 1.0).Apply(images, generator);
        Assert.True(Identical(images, noise));
        using var rician = new RicianNoise(0.0, 0.0, 1.0).Apply(images, generator);
        Assert.True(Identical(images, rician));
    }

    [Fact]
    public void GammaIsAPerSamplePowerInItsLogUniformRange()
    {
        using var images = RandomImages(64, 1, 8, 8);
        using var generator = new torch.Generator(2);
        using var output = new GammaContrast(0.7, 1.5, 1.0).Apply(images, generator);
        var x = ToDoubles(images);
        var y = ToDoubles(output);
        var gammas = new double[64];
        for (var b = 0; b < 64; b++)
        {
            // Recover γ from one pixel in (0.05, 0.95) and check it explains every pixel of the sample.
            var i = Enumerable.Range(b * 64, 64).First(j => x[j] > 0.05 && x[j] < 0.95);
            var g = Math.Log(y[i]) / Math.Log(x[i]);
            gammas[b] = g;
            Assert.InRange(g, 0.7 - 1e-4, 1.5 + 1e-4);
            for (var j = b * 64; j < b * 64 + 64; j++)
            {
                Assert.True(Math.Abs(y[j] - Math.Pow(x[j], g)) < 1e-4, $"sample {b}: {y[j]} vs {Math.Pow(x[j], g)}");
            }
        }

        Assert.Equal(64, gammas.Select(g => Math.Round(g, 4)).Distinct().Count());
        // log-uniform: the median of γ is the geometric mean of the bounds; the fraction below it is Binomial(64, 1/2).
        var below = gammas.Count(g => g < Math.Sqrt(0.7 * 1.5));
        AssertBinomial(below, 64, 0.5, "gammas below the geometric mean");
    }

    [Fact]
    public void IntensityWindowMatchesTheClampedWindowFormula()
    {
        using var images = RandomImages(32, 1, 8, 8);
        using var generator = new torch.Generator(3);
        using var output = new IntensityWindow(0.3, 0.7, 0.2, 0.8, 1.0).Apply(images, generator);
        var x = ToDoubles(images);
        var y = ToDoubles(output);
        var levels = 0;
        for (var b = 0; b < 32; b++)
        {
            // Two unclamped pixels give W and L: y = (x - L + W/2) / W.
            var free = Enumerable.Range(b * 64, 64).Where(j => y[j] > 1e-3 && y[j] < 1 - 1e-3).ToArray();
            Assert.True(free.Length >= 2);
            int p = free.First(), q = free.OrderByDescending(j => Math.Abs(x[j] - x[p])).First();
            var width = (x[q] - x[p]) / (y[q] - y[p]);
            var level = x[p] - width * y[p] + width / 2;
            Assert.InRange(width, 0.2 - 1e-3, 0.8 + 1e-3);
            Assert.InRange(level, 0.3 - 1e-3, 0.7 + 1e-3);
            for (var j = b * 64; j < b * 64 + 64; j++)
            {
                var expected = Math.Clamp((x[j] - (level - width / 2)) / width, 0, 1);
                Assert.True(Math.Abs(y[j] - expected) < 1e-4);
            }

            levels++;
        }

        Assert.Equal(32, levels);
    }

    [Fact]
    public void BiasFieldIsExpOfAPolynomialWithBoundedCoefficients()
    {
        var op = new BiasField(2, 0.3, 1.0);
        Assert.Equal(6, op.Terms);
        using var ones = torch.ones(new long[] { 8, 1, 9, 11 });
        using var generator = new torch.Generator(4);
        using var field = op.Apply(ones, generator);
        var f = ToDoubles(field);
        for (var b = 0; b < 8; b++)
        {
            // Fit log f by least squares on the monomials (i outer, j inner) in float64 and check the fit and bounds.
            var rows = new double[99, 6];
            var rhs = new double[99];
            for (var yi = 0; yi < 9; yi++)
            {
                for (var xi = 0; xi < 11; xi++)
                {
                    double x = -1 + 2.0 * xi / 10, y = -1 + 2.0 * yi / 8;
                    var t = 0;
                    for (var i = 0; i <= 2; i++)
                    {
                        for (var j = 0; j <= 2 - i; j++)
                        {
                            rows[yi * 11 + xi, t++] = Math.Pow(x, i) * Math.Pow(y, j);
                        }
                    }

                    rhs[yi * 11 + xi] = Math.Log(f[b * 99 + yi * 11 + xi]);
                }
            }

            var c = LeastSquares(rows, rhs);
            Assert.All(c, v => Assert.InRange(v, -0.3 - 1e-4, 0.3 + 1e-4));
            for (var k = 0; k < 99; k++)
            {
                var fit = Enumerable.Range(0, 6).Sum(t => rows[k, t] * c[t]);
                Assert.True(Math.Abs(fit - rhs[k]) < 1e-4);
            }
        }

        Assert.Equal(8, Enumerable.Range(0, 8).Select(b => Math.Round(f[b * 99], 5)).Distinct().Count());
    }

    private static double[] LeastSquares(double[,] a, double[] b)
    {
        int n = a.GetLength(0), m = a.GetLength(1);
        var ata = new double[m, m + 1];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                for (var k = 0; k < n; k++) ata[i, j] += a[k, i] * a[k, j];
            }

            for (var k = 0; k < n; k++) ata[i, m] += a[k, i] * b[k];
        }

        for (var i = 0; i < m; i++)
        {
            var pivot = Enumerable.Range(i, m - i).OrderByDescending(r => Math.Abs(ata[r, i])).First();
            for (var j = 0; j <= m; j++) (ata[i, j], ata[pivot, j]) = (ata[pivot, j], ata[i, j]);
            for (var r = 0; r < m; r++)
            {
                if (r == i) continue;
                var factor = ata[r, i] / ata[i, i];
                for (var j = 0; j <= m; j++) ata[r, j] -= factor * ata[i, j];
            }
        }

        return Enumerable.Range(0, m).Select(i => ata[i, m] / ata[i, i]).ToArray();
    }

    [Fact]
    public void GaussianNoiseStdMatchesTheConfiguredStd()
    {
        const double sigma = 0.07;
        using var images = RandomImages(8, 2, 64, 64);
        using var generator = new torch.Generator(5);
        using var output = new GaussianNoise(sigma, sigma, 1.0).Apply(images, generator);
        var x = ToDoubles(images);
        var y = ToDoubles(output);
        var n = x.Length;
        var d = x.Zip(y, (a, b) => b - a).ToArray();
        var mean = d.Average();
        var std = Math.Sqrt(d.Sum(v => v * v) / n);
        Assert.True(Math.Abs(mean) <= 4 * sigma / Math.Sqrt(n), $"mean {mean}");
        Assert.True(Math.Abs(std - sigma) <= 4 * sigma / Math.Sqrt(2 * n), $"std {std} vs {sigma}");
    }

    [Fact]
    public void GaussianNoiseStdDiffersPerSampleWithinItsRange()
    {
        using var images = torch.zeros(new long[] { 16, 1, 64, 64 });
        using var generator = new torch.Generator(6);
        using var output = new GaussianNoise(0.01, 0.1, 1.0).Apply(images, generator);
        using var stds = output.flatten(1).square().mean(new long[] { 1 }).sqrt();
        var s = ToDoubles(stds);
        Assert.All(s, v => Assert.InRange(v, 0.01 * (1 - 4 / Math.Sqrt(2 * 4096.0)), 0.1 * (1 + 4 / Math.Sqrt(2 * 4096.0))));
        Assert.Equal(16, s.Select(v => Math.Round(v, 4)).Distinct().Count());
    }

    [Fact]
    public void RicianNoiseOnZerosIsRayleighAndOnBrightPixelsHasTheGaussianStd()
    {
        const double sigma = 0.05;
        using var zeros = torch.zeros(new long[] { 8, 1, 64, 64 });
        using var generator = new torch.Generator(7);
        using var rayleigh = new RicianNoise(sigma, sigma, 1.0).Apply(zeros, generator);
        var r = ToDoubles(rayleigh);
        var n = r.Length;
        var mean = r.Average();
        var expectedMean = sigma * Math.Sqrt(Math.PI / 2);
        var sd = sigma * Math.Sqrt((4 - Math.PI) / 2);
        Assert.True(Math.Abs(mean - expectedMean) <= 4 * sd / Math.Sqrt(n), $"Rayleigh mean {mean} vs {expectedMean}");
        var secondMoment = r.Sum(v => v * v) / n; // E = 2 σ², Var(R²) = 4 σ⁴
        Assert.True(Math.Abs(secondMoment - 2 * sigma * sigma) <= 4 * 2 * sigma * sigma / Math.Sqrt(n));

        // On x = 1 with σ = 0.05 the magnitude is sqrt((1 + σ n1)² + σ² n2²); compare against the same formula from
        // two independent float64 Gaussian streams: moments of y² = (1 + σ n1)² + σ² n2² are 1 + 2σ² exactly.
        using var ones = torch.ones(new long[] { 8, 1, 64, 64 });
        using var bright = new RicianNoise(sigma, sigma, 1.0).Apply(ones, generator);
        var y2 = ToDoubles(bright).Select(v => v * v).ToArray();
        var y2Mean = y2.Average();
        var y2Sd = Math.Sqrt(4 * sigma * sigma + 2 * Math.Pow(sigma, 4) + 4 * Math.Pow(sigma, 4)); // Var((1+σn1)²) + Var(σ²n2²)
        Assert.True(Math.Abs(y2Mean - (1 + 2 * sigma * sigma)) <= 4 * y2Sd / Math.Sqrt(n), $"E[y²] {y2Mean}");
    }

    [Fact]
    public void AppliedFractionMatchesProbability()
    {
        using var images = RandomImages(600, 1, 4, 4);
        Func<double, Func<Tensor, torch.Generator, Tensor>>[] ops =
        {
            p => new GammaContrast(0.5, 0.6, p).Apply,
            p => new IntensityWindow(0.4, 0.6, 0.3, 0.5, p).Apply,
            p => new BiasField(3, 0.3, p).Apply,
            p => new GaussianNoise(0.05, 0.05, p).Apply,
            p => new RicianNoise(0.05, 0.05, p).Apply,
            p => new GaussianBlur(3, 1.0, 2.0, p).Apply,
            p => new MotionBlur(3, p).Apply,
        };
        var index = 0;
        foreach (var op in ops)
        {
            using var generator = new torch.Generator((ulong)(100 + index));
            using var output = op(0.3)(images, generator);
            AssertBinomial(ChangedSamples(images, output).Count(c => c), 600, 0.3, $"op {index}");
            index++;
        }
    }

    [Fact]
    public void SameSeedSameOutputDifferentSeedDifferentOutput()
    {
        using var images = RandomImages(8, 1, 16, 16);
        Func<Tensor, torch.Generator, Tensor>[] ops =
        {
            new GammaContrast(0.7, 1.5, 0.5).Apply,
            new IntensityWindow(0.4, 0.6, 0.6, 1.0, 0.5).Apply,
            new BiasField(3, 0.3, 0.5).Apply,
            new GaussianNoise(0.0, 0.05, 0.5).Apply,
            new RicianNoise(0.0, 0.05, 0.5).Apply,
            new MotionBlur(7, 0.5).Apply,
            new GaussianBlur(5, 0.1, 2.0, 0.5).Apply,
            new Solarize(0.5, 0.5).Apply,
        };
        foreach (var op in ops)
        {
            using var a = new torch.Generator(42);
            using var b = new torch.Generator(42);
            using var c = new torch.Generator(43);
            using var first = op(images, a);
            using var second = op(images, b);
            using var third = op(images, c);
            Assert.True(Identical(first, second));
            Assert.False(Identical(first, third));
        }
    }

    [Fact]
    public void LeavesNoTensorsBehind()
    {
        using var images = RandomImages(4, 3, 16, 16);
        using var generator = new torch.Generator(1);
        Func<Tensor, torch.Generator, Tensor>[] ops =
        {
            new GammaContrast(0.7, 1.5, 0.5).Apply,
            new IntensityWindow(0.4, 0.6, 0.6, 1.0, 0.5).Apply,
            new BiasField(3, 0.3, 0.5).Apply,
            new GaussianNoise(0.0, 0.05, 0.5).Apply,
            new RicianNoise(0.0, 0.05, 1.0).Apply,
            new MotionBlur(5, 0.5).Apply,
            new GaussianBlur(5, 0.1, 2.0, 0.5).Apply,
            new Solarize(0.5, 0.5).Apply,
            new Normalize(new[] { 0.5 }, new[] { 0.2 }).Apply,
        };
        foreach (var op in ops)
        {
            using (op(images, generator)) { } // warm-up
            var statistics = DisposeScopeManager.Statistics;
            var before = statistics.ThreadTotalLiveCount;
            var result = op(images, generator);
            Assert.Equal(before + 1, statistics.ThreadTotalLiveCount);
            result.Dispose();
            Assert.Equal(before, statistics.ThreadTotalLiveCount);
        }
    }
}
