using System;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Augmentations;

public sealed class UserAugmentationTests
{
    [Fact]
    public void ProbabilityOneKeepsTheMethodsOutput()
    {
        using var generator = new Generator(1);
        using Tensor batch = zeros(8, 2, 5);
        using Tensor augmented = ones(8, 2, 5);
        using Tensor result = UserAugmentation.Select(batch, augmented, 1.0, generator, "Ones");
        Assert.True(result.equal(augmented).all().item<bool>());
    }

    [Fact]
    public void ProbabilityZeroKeepsTheBatch()
    {
        using var generator = new Generator(1);
        using Tensor batch = zeros(8, 4);
        using Tensor augmented = ones(8, 4);
        using Tensor result = UserAugmentation.Select(batch, augmented, 0.0, generator, "Ones");
        Assert.True(result.equal(batch).all().item<bool>());
    }

    [Fact]
    public void SelectedFractionMatchesTheProbabilityPerWholeSample()
    {
        const int samples = 4000;
        const double p = 0.3;
        using var generator = new Generator(7);
        using Tensor batch = zeros(samples, 3, 4, 4);
        using Tensor augmented = ones(samples, 3, 4, 4);
        using Tensor result = UserAugmentation.Select(batch, augmented, p, generator, "Ones");
        using Tensor perSample = result.view(samples, -1);
        // whole samples are chosen: each row is all zeros or all ones
        Assert.True(perSample.amin(new long[] { 1 }).equal(perSample.amax(new long[] { 1 })).all().item<bool>());
        double fraction = perSample.select(1, 0).mean().item<float>();
        double sigma = Math.Sqrt(p * (1 - p) / samples);
        Assert.InRange(fraction, p - 4 * sigma, p + 4 * sigma);
    }

    [Fact]
    public void TokenBatchesAreSelectedWithoutChangingTheirType()
    {
        using var generator = new Generator(3);
        using Tensor batch = zeros(new long[] { 64, 6 }, ScalarType.Int64);
        using Tensor augmented = full(new long[] { 64, 6 }, 5L, ScalarType.Int64);
        using Tensor result = UserAugmentation.Select(batch, augmented, 0.5, generator, "Fives");
        Assert.Equal(ScalarType.Int64, result.dtype);
        long changed = result.select(1, 0).eq(5).sum().item<long>();
        Assert.InRange(changed, 1, 63);
    }

    [Fact]
    public void AnOutputOfAnotherShapeOrTypeIsNamed()
    {
        using var generator = new Generator(1);
        using Tensor batch = zeros(8, 2, 5);
        using Tensor wrongShape = ones(8, 2, 4);
        var shape = Assert.Throws<InvalidOperationException>(() => UserAugmentation.Select(batch, wrongShape, 1.0, generator, "Crop"));
        Assert.Contains("Crop", shape.Message);
        Assert.Contains("[8, 2, 5]", shape.Message);
        Assert.Contains("[8, 2, 4]", shape.Message);

        using Tensor wrongType = ones(new long[] { 8, 2, 5 }, ScalarType.Float64);
        var type = Assert.Throws<InvalidOperationException>(() => UserAugmentation.Select(batch, wrongType, 1.0, generator, "Cast"));
        Assert.Contains("Float64", type.Message);
    }
}
