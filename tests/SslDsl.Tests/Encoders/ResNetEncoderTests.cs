using System;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Encoders.EncoderTestSupport;

namespace SslDsl.Tests.Encoders;

/// <summary>ResNet-18/34/50 as torchvision builds them, without the final fc layer.</summary>
public sealed class ResNetEncoderTests
{
    // torchvision: resnet18 11,689,512, resnet34 21,797,672 and resnet50 25,557,032 parameters including the fc
    // layer (512·1000 + 1000 = 513,000 for 18/34; 2048·1000 + 1000 = 2,049,000 for 50).
    [Theory]
    [InlineData(18, 11_176_512L)] // 11,689,512 − 513,000
    [InlineData(34, 21_284_672L)] // 21,797,672 − 513,000
    [InlineData(50, 23_508_032L)] // 25,557,032 − 2,049,000
    public void ParameterCountMatchesTorchvisionWithoutFc(int depth, long expected)
    {
        using var encoder = new ResNetEncoder(3, depth, smallInputs: false);

        Assert.Equal(expected, ParameterCount(encoder));
    }

    [Fact]
    public void SmallInputStemSwapsTheSevenBySevenConvForAThreeByThree()
    {
        // the 7x7x3x64 stem (9,408) becomes 3x3x3x64 (1,728); everything else is the same
        using var encoder = new ResNetEncoder(3, 18, smallInputs: true);

        Assert.Equal(11_176_512L - (7 * 7 * 3 * 64) + (3 * 3 * 3 * 64), ParameterCount(encoder));
    }

    [Theory]
    [InlineData(18, 1.0, 512)]
    [InlineData(34, 1.0, 512)]
    [InlineData(50, 1.0, 2048)]
    [InlineData(18, 0.5, 256)]
    [InlineData(50, 0.25, 512)]
    public void OutputDimIsFinalStageWidth(int depth, double width, int expected)
    {
        using var encoder = new ResNetEncoder(3, depth, widthMultiplier: width);

        Assert.Equal(expected, encoder.OutputDim);
    }

    [Fact]
    public void ImageNetStemMapsImagesToFiveHundredTwelveFeatures()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(3, 18);
        encoder.eval();

        Tensor output = encoder.call(RandomInput(1, 2, 3, 64, 64));

        Assert.Equal(new long[] { 2, 512 }, output.shape);
    }

    [Fact]
    public void SmallInputsEncoderAcceptsSingleChannelTwentyEightPixelImages()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(1, 18, smallInputs: true, widthMultiplier: 0.25);

        Tensor output = encoder.call(RandomInput(2, 3, 1, 28, 28));

        Assert.Equal(new long[] { 3, 128 }, output.shape);
    }

    [Fact]
    public void BottleneckEncoderOutputsFourTimesTheLastStageWidth()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(3, 50, smallInputs: true, widthMultiplier: 0.25);

        Tensor output = encoder.call(RandomInput(3, 2, 3, 16, 16));

        Assert.Equal(new long[] { 2, 512 }, output.shape);
    }

    [Theory]
    [InlineData(18)]
    [InlineData(50)]
    public void GradientReachesEveryParameter(int depth)
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(3, depth, smallInputs: true, widthMultiplier: 0.25);

        string[] missing = ParametersWithoutGradient(encoder, RandomInput(4, 4, 3, 16, 16));

        Assert.Empty(missing);
    }

    [Fact]
    public void TrainModeOutputDependsOnTheRestOfTheBatch()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(3, 18, smallInputs: true, widthMultiplier: 0.25);
        encoder.train();

        Assert.True(BatchCompositionEffect(encoder, RandomInput(5, 5, 3, 8, 8)) > 1e-3);
    }

    [Fact]
    public void EvalModeOutputDoesNotDependOnTheRestOfTheBatch()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(3, 18, smallInputs: true, widthMultiplier: 0.25);
        encoder.eval();

        Assert.True(BatchCompositionEffect(encoder, RandomInput(5, 5, 3, 8, 8)) < 1e-5);
    }

    [Fact]
    public void ConvolutionsUseKaimingFanOutInit()
    {
        // kaiming_normal_(fan_out, relu): std = √(2 / (out·k·k)); for the 64→64 3x3 convs of layer 1, √(2/576).
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(3, 18);
        Tensor weight = encoder.get_parameter("layers.layer1_0.conv1.weight")!;

        Assert.Equal(new long[] { 64, 64, 3, 3 }, weight.shape);
        double std = weight.std().item<float>();
        // 36,864 samples: the sample std is within 2% of σ with overwhelming probability
        Assert.InRange(std, Math.Sqrt(2.0 / 576) * 0.98, Math.Sqrt(2.0 / 576) * 1.02);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(101)]
    public void UnsupportedDepthIsRejected(int depth) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResNetEncoder(3, depth));

    [Fact]
    public void NonPositiveWidthIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResNetEncoder(3, 18, widthMultiplier: 0));
}
