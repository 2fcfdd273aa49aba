using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Augmentations;

public class RandomResizedCropTests
{
    private const double MinRatio = 3.0 / 4.0, MaxRatio = 4.0 / 3.0;

    [Fact]
    public void FullScaleUnitRatioSameSizeIsIdentity()
    {
        using var images = RandomImages(6, 3, 12, 12);
        using var generator = new torch.Generator(3);
        using var output = new RandomResizedCrop(12, 12, 1.0, 1.0, 1.0, 1.0).Apply(images, generator);
        Assert.True(MaxAbsDiff(images, output) <= 1e-5, $"max diff {MaxAbsDiff(images, output)}");
    }

    [Fact]
    public void ProbabilityZeroWithSameSizeIsExactIdentity()
    {
        using var images = RandomImages(6, 3, 12, 12);
        using var generator = new torch.Generator(3);
        using var output = new RandomResizedCrop(12, 12, 0.08, 1.0, MinRatio, MaxRatio, 0.0).Apply(images, generator);
        Assert.True(Identical(images, output));
    }

    [Fact]
    public void ProbabilityZeroWithOtherSizeIsAPlainBilinearResize()
    {
        using var images = RandomImages(4, 3, 10, 12);
        using var generator = new torch.Generator(3);
        using var output = new RandomResizedCrop(7, 17, 0.08, 1.0, MinRatio, MaxRatio, 0.0).Apply(images, generator);
        // torch's own interpolate (bilinear, align_corners = false, no antialias) is an independent implementation.
        using var expected = torch.nn.functional.interpolate(
            images, new long[] { 7, 17 }, mode: InterpolationMode.Bilinear, align_corners: false);
        Assert.True(MaxAbsDiff(expected, output) <= 1e-5, $"max diff {MaxAbsDiff(expected, output)}");
    }

    [Theory]
    [InlineData(7, 9)]    // shrinks
    [InlineData(16, 20)]  // enlarges
    public void CropContentMatchesAFloat64BilinearReferenceOfTheDrawnBox(int outH, int outW)
    {
        const int B = 12, C = 3, H = 10, W = 12;
        using var scope = torch.NewDisposeScope();
        var crop = new RandomResizedCrop(outH, outW, 0.1, 0.9, 0.5, 2.0);
        var images = RandomImages(B, C, H, W);
        using var generator = new torch.Generator(9);
        var boxes = crop.SampleBoxes(B, H, W, generator, torch.CPU);
        var output = crop.Apply(images, boxes, null);
        Assert.Equal(new long[] { B, C, outH, outW }, output.shape);

        var x = ToDoubles(images);
        var y = ToDoubles(output);
        var box = ToLongs(boxes);
        var worst = 0.0;
        for (var b = 0; b < B; b++)
        {
            long top = box[b * 4], left = box[b * 4 + 1], h = box[b * 4 + 2], w = box[b * 4 + 3];
            for (var c = 0; c < C; c++)
            {
                for (var i = 0; i < outH; i++)
                {
                    for (var j = 0; j < outW; j++)
                    {
                        // interpolate(align_corners = False): source = (d + 0.5) * in / out - 0.5, inside the box.
                        var sy = top + (i + 0.5) * h / outH - 0.5;
                        var sx = left + (j + 0.5) * w / outW - 0.5;
                        var expected = Bilinear(x, (b * C + c) * H * W, H, W, sy, sx);
                        worst = Math.Max(worst, Math.Abs(expected - y[((b * C + c) * outH + i) * outW + j]));
                    }
                }
            }
        }

        Assert.True(worst <= 1e-5, $"max |output - reference| = {worst:E3}");
    }

    [Fact]
    public void BoxesStayInsideTheImageAndTheirAreaAndRatioInsideTheRanges()
    {
        const int B = 20000, H = 224, W = 224;
        const double minScale = 0.2, maxScale = 0.8;
        var crop = new RandomResizedCrop(32, 32, minScale, maxScale, MinRatio, MaxRatio);
        using var generator = new torch.Generator(4);
        using var boxes = crop.SampleBoxes(B, H, W, generator, torch.CPU);
        var box = ToLongs(boxes);
        var areas = new double[B];
        var logRatios = new double[B];
        for (var i = 0; i < B; i++)
        {
            long top = box[i * 4], left = box[i * 4 + 1], h = box[i * 4 + 2], w = box[i * 4 + 3];
            Assert.True(top >= 0 && left >= 0 && h >= 1 && w >= 1 && top + h <= H && left + w <= W,
                $"box {i} = ({top}, {left}, {h}, {w}) leaves the image");

            // The box sides are the rounded sqrt(s A r), sqrt(s A / r): allow half a pixel per side.
            Assert.True((w + 0.5) * (h + 0.5) / (H * W) >= minScale && (w - 0.5) * (h - 0.5) / (H * W) <= maxScale,
                $"box {i} area {w * h} outside the scale range");
            Assert.True((w + 0.5) / (h - 0.5) >= MinRatio && (w - 0.5) / (h + 0.5) <= MaxRatio,
                $"box {i} ratio {w}/{h} outside the ratio range");
            areas[i] = (double)w * h / (H * W);
            logRatios[i] = Math.Log((double)w / h);
        }

        // Coverage: the whole range is used, not a corner of it.
        AssertCovers(areas, minScale, maxScale, "area fraction");
        AssertCovers(logRatios, Math.Log(MinRatio), Math.Log(MaxRatio), "log ratio");
        Assert.True(box.Chunk(4).Select(r => string.Join(",", r)).Distinct().Count() > B / 2,
            "boxes are not drawn per sample");
    }

    [Fact]
    public void BoxDistributionMatchesTorchvisionsRejectionSampler()
    {
        // A wide image where many candidates are too tall: the retry loop shapes the distribution.
        const int B = 20000, H = 32, W = 64;
        var crop = new RandomResizedCrop(32, 32, 0.08, 1.0, MinRatio, MaxRatio);
        using var generator = new torch.Generator(8);
        using var boxes = crop.SampleBoxes(B, H, W, generator, torch.CPU);
        var ours = ToLongs(boxes).Chunk(4).Select(r => (Top: r[0], Left: r[1], H: r[2], W: r[3])).ToArray();

        var random = new Random(1234);
        var reference = Enumerable.Range(0, B).Select(_ => TorchvisionGetParams(random, H, W, 0.08, 1.0)).ToArray();

        CompareMeans(ours.Select(b => (double)b.H * b.W / (H * W)), reference.Select(b => (double)b.H * b.W / (H * W)), "area");
        CompareMeans(ours.Select(b => Math.Log((double)b.W / b.H)), reference.Select(b => Math.Log((double)b.W / b.H)), "log ratio");
        CompareMeans(ours.Select(b => (double)b.H), reference.Select(b => (double)b.H), "height");
        CompareMeans(ours.Select(b => (double)b.Left), reference.Select(b => (double)b.Left), "left");
    }

    [Fact]
    public void PositionsAreUniformOverEveryPlacement()
    {
        // Scale 1/4 and ratio 1 on 16 x 16: always an 8 x 8 box, top and left uniform on 0..8.
        const int B = 9000;
        var crop = new RandomResizedCrop(8, 8, 0.25, 0.25, 1.0, 1.0);
        using var generator = new torch.Generator(6);
        using var boxes = crop.SampleBoxes(B, 16, 16, generator, torch.CPU);
        var box = ToLongs(boxes);
        var tops = new int[9];
        var lefts = new int[9];
        for (var i = 0; i < B; i++)
        {
            Assert.Equal(8, box[i * 4 + 2]);
            Assert.Equal(8, box[i * 4 + 3]);
            tops[box[i * 4]]++;
            lefts[box[i * 4 + 1]]++;
        }

        for (var v = 0; v < 9; v++)
        {
            AssertBinomial(tops[v], B, 1.0 / 9, $"top = {v}");
            AssertBinomial(lefts[v], B, 1.0 / 9, $"left = {v}");
        }
    }

    [Fact]
    public void FallsBackToTorchvisionsCentralCropWhenNoCandidateFits()
    {
        // Area 1 with ratio 2 never fits a square: torchvision's fallback is width W, height round(W / 2), centred.
        var crop = new RandomResizedCrop(4, 8, 1.0, 1.0, 2.0, 2.0);
        using var generator = new torch.Generator(2);
        using var boxes = crop.SampleBoxes(5, 8, 8, generator, torch.CPU);
        var box = ToLongs(boxes);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(new long[] { 2, 0, 4, 8 }, box.Skip(i * 4).Take(4).ToArray());
        }

        // An image wider than the ratio range: height H, width round(H * maxRatio), centred.
        var tall = new RandomResizedCrop(4, 4, 1.0, 1.0, 0.5, 0.5);
        using var tallBoxes = tall.SampleBoxes(3, 6, 20, generator, torch.CPU);
        Assert.Equal(new long[] { 0, 8, 6, 3 }, ToLongs(tallBoxes).Take(4).ToArray());
    }

    [Fact]
    public void OutputHasTheRequestedSize()
    {
        using var images = RandomImages(3, 1, 28, 28);
        using var generator = new torch.Generator(1);
        using var output = new RandomResizedCrop(20, 24, 0.08, 1.0, MinRatio, MaxRatio).Apply(images, generator);
        Assert.Equal(new long[] { 3, 1, 20, 24 }, output.shape);
        using var min = output.min();
        using var max = output.max();
        Assert.True(min.item<float>() >= 0f && max.item<float>() <= 1f);
    }

    [Theory]
    [InlineData(0, 8, 0.1, 1.0, 0.75, 1.33, 1.0, "outputHeight")]
    [InlineData(8, -1, 0.1, 1.0, 0.75, 1.33, 1.0, "outputWidth")]
    [InlineData(8, 8, 0.0, 1.0, 0.75, 1.33, 1.0, "minScale")]
    [InlineData(8, 8, 0.5, 0.4, 0.75, 1.33, 1.0, "maxScale")]
    [InlineData(8, 8, 0.5, 1.1, 0.75, 1.33, 1.0, "maxScale")]
    [InlineData(8, 8, 0.1, 1.0, -1.0, 1.33, 1.0, "minRatio")]
    [InlineData(8, 8, 0.1, 1.0, 0.75, 0.5, 1.0, "maxRatio")]
    [InlineData(8, 8, 0.1, 1.0, 0.75, 1.33, -0.5, "probability")]
    public void RejectsOutOfRangeArguments(
        int outH, int outW, double minScale, double maxScale, double minRatio, double maxRatio, double p, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => new RandomResizedCrop(outH, outW, minScale, maxScale, minRatio, maxRatio, p));
        Assert.Equal(name, e.ParamName);
        Assert.NotNull(e.ActualValue);
    }

    private static double Bilinear(double[] x, int offset, int h, int w, double sy, double sx)
    {
        // grid_sample padding_mode = border clips the source coordinate to the image; interpolate clamps the same way.
        sy = Math.Clamp(sy, 0, h - 1);
        sx = Math.Clamp(sx, 0, w - 1);
        int y0 = (int)Math.Floor(sy), x0 = (int)Math.Floor(sx);
        int y1 = Math.Min(y0 + 1, h - 1), x1 = Math.Min(x0 + 1, w - 1);
        double fy = sy - y0, fx = sx - x0;
        double At(int yy, int xx) => x[offset + yy * w + xx];
        return (1 - fy) * ((1 - fx) * At(y0, x0) + fx * At(y0, x1)) + fy * ((1 - fx) * At(y1, x0) + fx * At(y1, x1));
    }

    /// <summary>torchvision.transforms.RandomResizedCrop.get_params, line by line, on the host.</summary>
    private static (long Top, long Left, long H, long W) TorchvisionGetParams(
        Random random, int height, int width, double minScale, double maxScale)
    {
        var area = (double)height * width;
        double logMin = Math.Log(MinRatio), logMax = Math.Log(MaxRatio);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var targetArea = area * (minScale + (maxScale - minScale) * random.NextDouble());
            var aspect = Math.Exp(logMin + (logMax - logMin) * random.NextDouble());
            var w = (long)Math.Round(Math.Sqrt(targetArea * aspect), MidpointRounding.ToEven);
            var h = (long)Math.Round(Math.Sqrt(targetArea / aspect), MidpointRounding.ToEven);
            if (0 < w && w <= width && 0 < h && h <= height)
            {
                return (random.NextInt64(0, height - h + 1), random.NextInt64(0, width - w + 1), h, w);
            }
        }

        var inRatio = (double)width / height;
        long fw, fh;
        if (inRatio < MinRatio) { fw = width; fh = (long)Math.Round(fw / MinRatio, MidpointRounding.ToEven); }
        else if (inRatio > MaxRatio) { fh = height; fw = (long)Math.Round(fh * MaxRatio, MidpointRounding.ToEven); }
        else { fw = width; fh = height; }
        return ((height - fh) / 2, (width - fw) / 2, fh, fw);
    }

    private static void CompareMeans(IEnumerable<double> ours, IEnumerable<double> reference, string what)
    {
        var a = ours.ToArray();
        var b = reference.ToArray();
        double meanA = a.Average(), meanB = b.Average();
        double varA = a.Select(v => (v - meanA) * (v - meanA)).Sum() / (a.Length - 1);
        double varB = b.Select(v => (v - meanB) * (v - meanB)).Sum() / (b.Length - 1);
        var sigma = Math.Sqrt(varA / a.Length + varB / b.Length);
        Assert.True(Math.Abs(meanA - meanB) <= 4 * sigma,
            $"{what}: mean {meanA:F5} vs torchvision's {meanB:F5} (4 sigma = {4 * sigma:F5})");
    }

    private static void AssertCovers(double[] values, double low, double high, string what)
    {
        // Ten equal bins over [low, high]: every one holds at least 2% of the draws.
        var counts = new int[10];
        foreach (var v in values)
        {
            var bin = (int)Math.Floor((v - low) / (high - low) * 10);
            counts[Math.Clamp(bin, 0, 9)]++;
        }

        for (var k = 0; k < 10; k++)
        {
            Assert.True(counts[k] >= values.Length / 50, $"{what}: bin {k} holds only {counts[k]} of {values.Length}");
        }
    }
}
