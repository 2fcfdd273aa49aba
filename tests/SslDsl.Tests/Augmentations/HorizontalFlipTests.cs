using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;

namespace SslDsl.Tests.Augmentations;

public class HorizontalFlipTests
{
    [Fact]
    public void ProbabilityOneEqualsFlipOfTheWidth()
    {
        using var images = RandomImages(5, 3, 4, 6);
        using var generator = new torch.Generator(1);
        using var flipped = new HorizontalFlip(1.0).Apply(images, generator);
        using var expected = images.flip(3);
        Assert.True(Identical(expected, flipped));
        Assert.False(Identical(images, flipped));
    }

    [Fact]
    public void ProbabilityZeroIsIdentity()
    {
        using var images = RandomImages(5, 3, 4, 6);
        using var generator = new torch.Generator(1);
        using var output = new HorizontalFlip(0.0).Apply(images, generator);
        Assert.True(Identical(images, output));
    }

    [Fact]
    public void EachSampleIsEitherFlippedOrUntouchedAndBothHappenInOneBatch()
    {
        using var images = RandomImages(64, 3, 5, 7);
        using var generator = new torch.Generator(7);
        using var output = new HorizontalFlip(0.5).Apply(images, generator);
        using var mirrored = images.flip(3);
        int flipped = 0, kept = 0;
        for (var i = 0; i < 64; i++)
        {
            using var o = output[i];
            using var x = images[i];
            using var m = mirrored[i];
            if (Identical(o, x)) kept++;
            else if (Identical(o, m)) flipped++;
            else Assert.Fail($"sample {i} is neither the input nor its mirror image");
        }

        Assert.True(flipped > 0 && kept > 0, $"flipped {flipped}, kept {kept}: the coin must be drawn per sample");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void RejectsProbabilityOutsideTheUnitInterval(double probability)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HorizontalFlip(probability));
        Assert.Equal("probability", e.ParamName);
        Assert.Equal(probability, (double)e.ActualValue!);
    }
}
