using System;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;

namespace SslDsl.Tests.Augmentations;

/// <summary>The shared contract of the image and medical augmentations: shapes, dtype, scopes, argument checks.</summary>
public class AugmentationContractTests
{
    public static TheoryData<string> Ops => new()
    {
        "GaussianBlur", "Solarize", "Normalize", "GammaContrast", "IntensityWindow", "BiasField", "GaussianNoise",
        "RicianNoise", "MotionBlur",
    };

    private static Func<Tensor, torch.Generator, Tensor> Make(string op, double p) => op switch
    {
        "GaussianBlur" => new GaussianBlur(0, 0.1, 2.0, p).Apply,
        "Solarize" => new Solarize(0.5, p).Apply,
        "Normalize" => new Normalize(new[] { 0.5 }, new[] { 0.25 }).Apply,
        "GammaContrast" => new GammaContrast(0.7, 1.5, p).Apply,
        "IntensityWindow" => new IntensityWindow(0.4, 0.6, 0.6, 1.0, p).Apply,
        "BiasField" => new BiasField(3, 0.3, p).Apply,
        "GaussianNoise" => new GaussianNoise(0.0, 0.05, p).Apply,
        "RicianNoise" => new RicianNoise(0.0, 0.05, p).Apply,
        "MotionBlur" => new MotionBlur(7, p).Apply,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void KeepsShapeAndDtypeAndJoinsTheCallersScopeOnly(string op)
    {
        foreach (var probability in new[] { 0.0, 0.5, 1.0 })
        {
            var apply = Make(op, probability);
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
            {
                using var images = RandomImages(5, 3, 40, 24).to(dtype);
                using var generator = new torch.Generator(3);
                using var output = apply(images, generator);
                Assert.Equal(images.shape, output.shape);
                Assert.Equal(dtype, output.dtype);
                Assert.False(output.isnan().any().item<bool>());
            }

            using var x = RandomImages(4, 1, 16, 16);
            using var g = new torch.Generator(4);
            var statistics = DisposeScopeManager.Statistics;
            var before = statistics.ThreadTotalLiveCount;
            using (var scope = torch.NewDisposeScope())
            {
                var inside = apply(x, g);
                Assert.Equal(before + 1, statistics.ThreadTotalLiveCount);
                Assert.False(inside.IsInvalid);
            }

            Assert.Equal(before, statistics.ThreadTotalLiveCount);
        }
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void RejectsABatchThatIsNotFourDimensionalOrNotFloatingPoint(string op)
    {
        using var generator = new torch.Generator(3);
        using var threeD = torch.rand(3, 8, 8);
        Assert.Throws<ArgumentException>(() => Make(op, 0.5)(threeD, generator));
        using var integers = torch.zeros(new long[] { 2, 1, 8, 8 }, dtype: ScalarType.Int32);
        Assert.Throws<ArgumentException>(() => Make(op, 0.5)(integers, generator));
    }
}
