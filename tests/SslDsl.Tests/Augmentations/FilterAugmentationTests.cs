using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;

namespace SslDsl.Tests.Augmentations;

/// <summary>GaussianBlur, MotionBlur, Solarize and Normalize against independent float64 references.</summary>
public class FilterAugmentationTests
{
    private static double[] GaussianReference(double sigma, int size)
    {
        var r = size / 2;
        var k = Enumerable.Range(-r, size).Select(x => Math.Exp(-x * (double)x / (2 * sigma * sigma))).ToArray();
        var sum = k.Sum();
        return k.Select(v => v / sum).ToArray();
    }

    [Theory]
    [InlineData(0.7, 5)]
    [InlineData(1.5, 7)]
    [InlineData(2.0, 9)]
    public void BlurOfAnImpulseIsTheNormalisedGaussianKernel(double sigma, int size)
    {
        using var images = torch.zeros(new long[] { 2, 1, 15, 15 });
        images[0, 0, 7, 7] = torch.tensor(1.0f);
        images[1, 0, 7, 7] = torch.tensor(1.0f);
        using var generator = new torch.Generator(3);
        using var output = new GaussianBlur(size, sigma, sigma, 1.0).Apply(images, generator);
        var k = GaussianReference(sigma, size);
        var r = size / 2;
        var values = ToDoubles(output);
        for (var b = 0; b < 2; b++)
        {
            for (var y = 0; y < 15; y++)
            {
                for (var x = 0; x < 15; x++)
                {
                    var dy = y - 7;
                    var dx = x - 7;
                    var expected = Math.Abs(dy) <= r && Math.Abs(dx) <= r ? k[dy + r] * k[dx + r] : 0.0;
                    Assert.True(Math.Abs(values[b * 225 + y * 15 + x] - expected) < 1e-6, $"({y}, {x}): {values[b * 225 + y * 15 + x]} vs {expected}");
                }
            }
        }
    }

    [Fact]
    public void KernelSizeZeroIsTenPercentOfTheSideMadeOdd()
    {
        var blur = new GaussianBlur(0, 0.1, 2.0, 0.5);
        Assert.Equal(23, blur.KernelSizeFor(224, 224));
        Assert.Equal(3, blur.KernelSizeFor(32, 40));
        Assert.Equal(1, blur.KernelSizeFor(16, 16));
        Assert.Equal(9, blur.KernelSizeFor(96, 96));
    }

    [Fact]
    public void TinySigmaBlurIsAlmostIdentity()
    {
        using var images = RandomImages(4, 3, 16, 16);
        using var generator = new torch.Generator(3);
        using var output = new GaussianBlur(5, 0.1, 0.1, 1.0).Apply(images, generator);
        Assert.True(MaxAbsDiff(images, output) < 1e-6);
    }

    [Fact]
    public void BlurSigmaDiffersPerSample()
    {
        using var one = RandomImages(1, 1, 16, 16);
        using var images = one.repeat(8, 1, 1, 1);
        using var generator = new torch.Generator(5);
        using var output = new GaussianBlur(7, 0.1, 2.0, 1.0).Apply(images, generator);
        var distinct = Enumerable.Range(0, 8).Select(i => Math.Round(ToDoubles(output[i])[40], 6)).Distinct().Count();
        Assert.True(distinct >= 7, $"only {distinct} distinct blurred samples");
    }

    [Fact]
    public void BlurKeepsAConstantImageAndIsSeeded()
    {
        using var constant = torch.full(new long[] { 3, 2, 16, 16 }, 0.25f);
        using var g1 = new torch.Generator(9);
        using var blurred = new GaussianBlur(9, 0.1, 2.0, 1.0).Apply(constant, g1);
        Assert.True(MaxAbsDiff(constant, blurred) < 1e-6);

        using var images = RandomImages(6, 3, 16, 16);
        using var a = new torch.Generator(11);
        using var b = new torch.Generator(11);
        using var first = new GaussianBlur(5, 0.1, 2.0, 0.5).Apply(images, a);
        using var second = new GaussianBlur(5, 0.1, 2.0, 0.5).Apply(images, b);
        Assert.True(Identical(first, second));
    }

    [Fact]
    public void MotionBlurKernelIsNormalisedAndALineAtTheAngle()
    {
        using var angles = torch.tensor(new[] { 0.0, Math.PI / 2, Math.PI / 4 }, dtype: ScalarType.Float64);
        using var kernels = MotionBlur.Kernels(angles, 7);
        var k = ToDoubles(kernels);
        for (var b = 0; b < 3; b++)
        {
            Assert.Equal(1.0, k.Skip(b * 49).Take(49).Sum(), 10);
        }

        // angle 0: the middle row, uniform; angle π/2: the middle column; π/4: the diagonal dy = dx.
        for (var i = 0; i < 7; i++)
        {
            for (var j = 0; j < 7; j++)
            {
                Assert.Equal(i == 3 ? 1.0 / 7 : 0.0, k[i * 7 + j], 10);
                Assert.Equal(j == 3 ? 1.0 / 7 : 0.0, k[49 + i * 7 + j], 10);
            }

            Assert.True(k[98 + i * 7 + i] > 0.0);
        }

        Assert.Equal(0.0, k[98 + 0 * 7 + 6], 10);
    }

    [Fact]
    public void MotionBlurOfAnImpulseIsItsKernelAndAnglesDifferPerSample()
    {
        using var images = torch.zeros(new long[] { 16, 1, 16, 16 });
        images[TensorIndex.Colon, 0, 8, 8] = torch.tensor(1.0f);
        using var generator = new torch.Generator(2);
        using var output = new MotionBlur(7, 1.0).Apply(images, generator);
        using var sums = output.sum(new long[] { 1, 2, 3 });
        Assert.All(ToDoubles(sums), s => Assert.Equal(1.0, s, 5));
        var patterns = Enumerable.Range(0, 16).Select(i => string.Join(",", ToDoubles(output[i]).Select(v => Math.Round(v, 4)))).Distinct().Count();
        Assert.True(patterns >= 15, $"only {patterns} distinct kernels");

        // The impulse response is the kernel flipped (correlation), i.e. the kernel itself for a line through the centre.
        using var angle = torch.tensor(new[] { 1.0 }, dtype: ScalarType.Float64);
        using var kernel = MotionBlur.Kernels(angle, 7).to(ScalarType.Float32).view(1, 7, 7);
        using var single = images.narrow(0, 0, 1);
        using var response = MotionBlur.Correlate2d(single, kernel);
        using var patch = response[0, 0].narrow(0, 5, 7).narrow(1, 5, 7);
        using var flipped = kernel[0].flip(0, 1);
        Assert.True(MaxAbsDiff(patch, flipped) < 1e-6);
    }

    [Fact]
    public void SolarizeInvertsExactlyAtAndAboveTheThreshold()
    {
        using var images = RandomImages(4, 3, 8, 8);
        using var generator = new torch.Generator(1);
        using var output = new Solarize(0.5, 1.0).Apply(images, generator);
        var x = ToDoubles(images);
        var y = ToDoubles(output);
        for (var i = 0; i < x.Length; i++)
        {
            var expected = x[i] >= 0.5 ? (double)(1.0f - (float)x[i]) : x[i];
            Assert.Equal(expected, y[i]);
        }
    }

    [Fact]
    public void SolarizeAppliedFractionMatchesProbability()
    {
        using var images = RandomImages(800, 1, 4, 4);
        using var generator = new torch.Generator(4);
        using var output = new Solarize(0.0, 0.2).Apply(images, generator);
        var changed = ChangedSamples(images, output).Count(c => c);
        AssertBinomial(changed, 800, 0.2, "solarized samples");
    }

    [Fact]
    public void NormalizeMatchesPerChannelStandardisation()
    {
        using var images = RandomImages(3, 3, 5, 5);
        var mean = new[] { 0.485, 0.456, 0.406 };
        var std = new[] { 0.229, 0.224, 0.225 };
        using var generator = new torch.Generator(1);
        using var output = new Normalize(mean, std).Apply(images, generator);
        var x = ToDoubles(images);
        var y = ToDoubles(output);
        for (var i = 0; i < x.Length; i++)
        {
            var c = i / 25 % 3;
            Assert.True(Math.Abs(y[i] - (x[i] - mean[c]) / std[c]) < 1e-5);
        }

        using var single = new Normalize(new[] { 0.5 }, new[] { 0.25 }).Apply(images, generator);
        Assert.True(MaxAbsDiff(single, (images - 0.5) / 0.25) < 1e-6);
        Assert.Throws<ArgumentException>(() => new Normalize(new[] { 0.1, 0.2 }, new[] { 1.0 }).Apply(images, generator));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Normalize(new[] { 0.1 }, new[] { 0.0 }));
    }

    [Fact]
    public void ProbabilityZeroIsIdentityForEveryRandomOp()
    {
        using var images = RandomImages(6, 3, 16, 16);
        using var generator = new torch.Generator(1);
        Func<Tensor, torch.Generator, Tensor>[] ops =
        {
            new GaussianBlur(5, 0.1, 2.0, 0.0).Apply,
            new Solarize(0.5, 0.0).Apply,
            new MotionBlur(7, 0.0).Apply,
            new GammaContrast(0.7, 1.5, 0.0).Apply,
            new IntensityWindow(0.4, 0.6, 0.6, 1.0, 0.0).Apply,
            new BiasField(3, 0.3, 0.0).Apply,
            new GaussianNoise(0.0, 0.05, 0.0).Apply,
            new RicianNoise(0.0, 0.05, 0.0).Apply,
        };
        foreach (var op in ops)
        {
            using var output = op(images, generator);
            Assert.True(Identical(images, output));
        }
    }

    [Fact]
    public void RejectsInvalidArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianBlur(4, 0.1, 2.0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianBlur(5, 0.0, 2.0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianBlur(5, 2.0, 1.0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionBlur(4, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Solarize(0.5, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GammaContrast(0.0, 1.5, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntensityWindow(0.6, 0.4, 0.5, 1.0, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntensityWindow(0.4, 0.6, 0.0, 1.0, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BiasField(-1, 0.3, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(0.1, 0.05, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RicianNoise(-0.1, 0.05, 1.0));
    }
}
