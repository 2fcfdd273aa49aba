using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Augmentations;

public class ColorJitterTests
{
    private const int Brightness = 0, Contrast = 1, Saturation = 2, Hue = 3;

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void ZeroStrengthIsIdentity(int channels)
    {
        using var images = RandomImages(8, channels, 5, 6);
        using var generator = new torch.Generator(2);
        using var output = new ColorJitter(0, 0, 0, 0, 1.0).Apply(images, generator);
        Assert.True(Identical(images, output));
    }

    [Fact]
    public void ProbabilityZeroIsIdentity()
    {
        using var images = RandomImages(8, 3, 5, 6);
        using var generator = new torch.Generator(2);
        using var output = new ColorJitter(0.4, 0.4, 0.4, 0.1, 0.0).Apply(images, generator);
        Assert.True(Identical(images, output));
    }

    [Fact]
    public void BrightnessMultipliesByTheSampleFactorAndClamps()
    {
        var jitter = new ColorJitter(0.9, 0, 0, 0, 1.0);
        CheckAgainstReference(jitter, channels: 3, tolerance: 1e-6, seed: 11);
    }

    [Fact]
    public void ContrastBlendsWithTheMeanOfTheGrayscaleImage()
    {
        var jitter = new ColorJitter(0, 0.9, 0, 0, 1.0);
        CheckAgainstReference(jitter, channels: 3, tolerance: 1e-6, seed: 12);
    }

    [Fact]
    public void SaturationBlendsWithTheGrayscaleImage()
    {
        var jitter = new ColorJitter(0, 0, 0.9, 0, 1.0);
        CheckAgainstReference(jitter, channels: 3, tolerance: 1e-6, seed: 13);
    }

    [Fact]
    public void HueShiftMatchesAPerPixelFloat64HsvRoundTrip()
    {
        var jitter = new ColorJitter(0, 0, 0, 0.5, 1.0);
        CheckAgainstReference(jitter, channels: 3, tolerance: 1e-5, seed: 14);
    }

    [Fact]
    public void AllFourOperationsRunInEachSamplesOwnOrder()
    {
        var jitter = new ColorJitter(0.4, 0.4, 0.4, 0.1, 1.0);
        CheckAgainstReference(jitter, channels: 3, tolerance: 1e-5, seed: 15, batch: 48);
    }

    [Fact]
    public void UnselectedSamplesAreUntouchedAndSelectedOnesFollowTheReference()
    {
        var jitter = new ColorJitter(0.4, 0.4, 0.4, 0.1, 0.5);
        CheckAgainstReference(jitter, channels: 3, tolerance: 1e-5, seed: 16, batch: 48);
    }

    [Fact]
    public void OnGrayImagesSaturationAndHueAreNoOpsAndBrightnessContrastStillApply()
    {
        using (var images = RandomImages(8, 1, 5, 6))
        using (var generator = new torch.Generator(2))
        using (var output = new ColorJitter(0, 0, 0.9, 0.5, 1.0).Apply(images, generator))
        {
            Assert.True(Identical(images, output));
        }

        CheckAgainstReference(new ColorJitter(0.5, 0.5, 0.5, 0.2, 1.0), channels: 1, tolerance: 1e-6, seed: 17);
    }

    [Fact]
    public void ParametersArePerSampleInRangeAndOrdersAreUniformPermutations()
    {
        const int B = 4800;
        var jitter = new ColorJitter(1.5, 0.3, 0.6, 0.25, 0.7);
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(5);
        var p = jitter.SampleParameters(B, generator, torch.CPU, ScalarType.Float32);
        var f = ToDoubles(p.Factors);
        var order = ToLongs(p.Order);

        (double Low, double High)[] ranges = { (0.0, 2.5), (0.7, 1.3), (0.4, 1.6), (-0.25, 0.25) };
        for (var k = 0; k < 4; k++)
        {
            var column = Enumerable.Range(0, B).Select(i => f[i * 4 + k]).ToArray();
            Assert.True(column.Min() >= ranges[k].Low && column.Max() <= ranges[k].High, $"factor {k} out of range");
            var width = ranges[k].High - ranges[k].Low;
            Assert.True(column.Min() < ranges[k].Low + 0.01 * width && column.Max() > ranges[k].High - 0.01 * width,
                $"factor {k} does not cover its range");
            Assert.True(column.Distinct().Count() > B * 0.9, $"factor {k} is not drawn per sample");
        }

        var counts = new Dictionary<string, int>();
        for (var i = 0; i < B; i++)
        {
            var row = order.Skip(i * 4).Take(4).ToArray();
            Assert.Equal(new long[] { 0, 1, 2, 3 }, row.OrderBy(v => v).ToArray());
            var key = string.Join(",", row);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Assert.Equal(24, counts.Count);
        foreach (var (key, count) in counts) AssertBinomial(count, B, 1.0 / 24, $"order {key}");
    }

    [Theory]
    [InlineData(-0.1, 0, 0, 0, 1, "brightness")]
    [InlineData(0, double.NaN, 0, 0, 1, "contrast")]
    [InlineData(0, 0, double.PositiveInfinity, 0, 1, "saturation")]
    [InlineData(0, 0, 0, 0.6, 1, "hue")]
    [InlineData(0, 0, 0, -0.1, 1, "hue")]
    [InlineData(0, 0, 0, 0, 1.01, "probability")]
    public void RejectsOutOfRangeArguments(double b, double c, double s, double h, double p, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ColorJitter(b, c, s, h, p));
        Assert.Equal(name, e.ParamName);
        Assert.Contains(name, e.Message);
    }

    /// <summary>
    /// Draws parameters, applies them, and compares with a per-sample float64 host reference that runs torchvision's
    /// formulas one by one in the drawn order.
    /// </summary>
    private static void CheckAgainstReference(
        ColorJitter jitter, int channels, double tolerance, ulong seed, int batch = 16)
    {
        const int H = 5, W = 7;
        using var scope = torch.NewDisposeScope();
        var images = RandomImages(batch, channels, H, W, seed);
        using var generator = new torch.Generator(seed);
        var parameters = jitter.SampleParameters(batch, generator, torch.CPU, ScalarType.Float32);
        var output = jitter.Apply(images, parameters);

        var x = ToDoubles(images);
        var y = ToDoubles(output);
        var factors = ToDoubles(parameters.Factors);
        var order = ToLongs(parameters.Order);
        var applied = parameters.Applied.data<bool>().ToArray();
        var size = channels * H * W;
        var worst = 0.0;
        int changed = 0;
        for (var i = 0; i < batch; i++)
        {
            var input = x.Skip(i * size).Take(size).ToArray();
            var actual = y.Skip(i * size).Take(size).ToArray();
            if (!applied[i])
            {
                Assert.Equal(input, actual);
                continue;
            }

            var expected = input;
            for (var k = 0; k < 4; k++)
            {
                var op = (int)order[i * 4 + k];
                var factor = factors[i * 4 + op];
                expected = op switch
                {
                    Brightness when jitter.Brightness > 0 => Blend(expected, new double[size], factor),
                    Contrast when jitter.Contrast > 0 => Blend(expected, Fill(size, Mean(Gray(expected, channels))), factor),
                    Saturation when jitter.Saturation > 0 && channels == 3 =>
                        Blend(expected, Tile(Gray(expected, channels), channels), factor),
                    Hue when jitter.Hue > 0 && channels == 3 => ShiftHue(expected, factor),
                    _ => expected,
                };
            }

            worst = Math.Max(worst, MaxAbsDiff(expected, actual));
            if (MaxAbsDiff(input, actual) > 1e-3) changed++;
        }

        Assert.True(worst <= tolerance, $"max |output - reference| = {worst:E3} > {tolerance:E1}");
        Assert.True(changed > 0, "the jitter changed nothing: the reference comparison would be vacuous");
    }

    // ---- float64 host reference (torchvision functional_tensor formulas, colorsys for HSV) ----

    private static double[] Blend(double[] img1, double[] img2, double ratio)
        => img1.Select((v, i) => Math.Clamp(ratio * v + (1 - ratio) * img2[i], 0.0, 1.0)).ToArray();

    private static double[] Gray(double[] img, int channels)
    {
        var plane = img.Length / channels;
        if (channels == 1) return (double[])img.Clone();
        return Enumerable.Range(0, plane)
            .Select(p => 0.299 * img[p] + 0.587 * img[plane + p] + 0.114 * img[2 * plane + p]).ToArray();
    }

    private static double Mean(double[] values) => values.Average();

    private static double[] Fill(int size, double value) => Enumerable.Repeat(value, size).ToArray();

    private static double[] Tile(double[] plane, int channels)
        => Enumerable.Range(0, channels).SelectMany(_ => plane).ToArray();

    private static double[] ShiftHue(double[] img, double shift)
    {
        var plane = img.Length / 3;
        var result = new double[img.Length];
        for (var p = 0; p < plane; p++)
        {
            var (h, s, v) = RgbToHsv(img[p], img[plane + p], img[2 * plane + p]);
            h = ((h + shift) % 1.0 + 1.0) % 1.0;
            var (r, g, b) = HsvToRgb(h, s, v);
            result[p] = r;
            result[plane + p] = g;
            result[2 * plane + p] = b;
        }

        return result;
    }

    /// <summary>Python's colorsys.rgb_to_hsv.</summary>
    private static (double H, double S, double V) RgbToHsv(double r, double g, double b)
    {
        var maxc = Math.Max(r, Math.Max(g, b));
        var minc = Math.Min(r, Math.Min(g, b));
        if (minc == maxc) return (0.0, 0.0, maxc);
        var s = (maxc - minc) / maxc;
        var rc = (maxc - r) / (maxc - minc);
        var gc = (maxc - g) / (maxc - minc);
        var bc = (maxc - b) / (maxc - minc);
        double h;
        if (r == maxc) h = bc - gc;
        else if (g == maxc) h = 2.0 + rc - bc;
        else h = 4.0 + gc - rc;
        h = ((h / 6.0) % 1.0 + 1.0) % 1.0;
        return (h, s, maxc);
    }

    /// <summary>Python's colorsys.hsv_to_rgb.</summary>
    private static (double R, double G, double B) HsvToRgb(double h, double s, double v)
    {
        if (s == 0.0) return (v, v, v);
        var i = (int)Math.Floor(h * 6.0);
        var f = h * 6.0 - i;
        var p = v * (1.0 - s);
        var q = v * (1.0 - s * f);
        var t = v * (1.0 - s * (1.0 - f));
        return (((i % 6) + 6) % 6) switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }
}
