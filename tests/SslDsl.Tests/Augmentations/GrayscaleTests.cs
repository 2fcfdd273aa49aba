using System;
using SslDsl.Augmentations;
using TorchSharp;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;

namespace SslDsl.Tests.Augmentations;

public class GrayscaleTests
{
    [Fact]
    public void ProbabilityOneGivesTheItu601LumaOnEveryChannel()
    {
        const int B = 3, H = 4, W = 5;
        using var images = RandomImages(B, 3, H, W);
        using var generator = new torch.Generator(1);
        using var gray = new Grayscale(1.0).Apply(images, generator);
        Assert.Equal(new long[] { B, 3, H, W }, gray.shape);

        var x = ToDoubles(images);
        var y = ToDoubles(gray);
        var plane = H * W;
        for (var b = 0; b < B; b++)
        {
            for (var p = 0; p < plane; p++)
            {
                var r = x[(b * 3 + 0) * plane + p];
                var g = x[(b * 3 + 1) * plane + p];
                var bl = x[(b * 3 + 2) * plane + p];
                var luma = 0.299 * r + 0.587 * g + 0.114 * bl;
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(luma, y[(b * 3 + c) * plane + p], 1e-6);
                }

                // The channels are bit-identical, not only close.
                Assert.Equal(y[(b * 3) * plane + p], y[(b * 3 + 1) * plane + p]);
                Assert.Equal(y[(b * 3) * plane + p], y[(b * 3 + 2) * plane + p]);
            }
        }
    }

    [Fact]
    public void ProbabilityZeroIsIdentity()
    {
        using var images = RandomImages(4, 3, 4, 5);
        using var generator = new torch.Generator(1);
        using var output = new Grayscale(0.0).Apply(images, generator);
        Assert.True(Identical(images, output));
    }

    [Fact]
    public void OneChannelImagesAreUnchanged()
    {
        using var images = RandomImages(4, 1, 4, 5);
        using var generator = new torch.Generator(1);
        using var output = new Grayscale(1.0).Apply(images, generator);
        Assert.True(Identical(images, output));
    }

    [Fact]
    public void UnselectedSamplesAreExactlyTheInputAndSelectedOnesAreGray()
    {
        using var images = RandomImages(64, 3, 3, 3);
        using var generator = new torch.Generator(3);
        using var output = new Grayscale(0.5).Apply(images, generator);
        using var all = new Grayscale(1.0).Apply(images, generator);
        int converted = 0, kept = 0;
        for (var i = 0; i < 64; i++)
        {
            using var o = output[i];
            using var x = images[i];
            using var g = all[i];
            if (Identical(o, x)) kept++;
            else if (Identical(o, g)) converted++;
            else Assert.Fail($"sample {i} is neither the input nor its grayscale");
        }

        Assert.True(converted > 0 && kept > 0, $"converted {converted}, kept {kept}: the coin must be drawn per sample");
    }

    [Fact]
    public void RejectsBadProbabilityAndBadChannelCounts()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Grayscale(2.0));
        Assert.Equal("probability", e.ParamName);
        using var twoChannels = RandomImages(2, 2, 3, 3);
        using var generator = new torch.Generator(1);
        Assert.Throws<ArgumentException>(() => new Grayscale(0.5).Apply(twoChannels, generator));
    }
}
