using SslDsl.Data;
using SslDsl.Evaluation;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>
/// [Training(Precision)] reaches the generated step: the same experiment in Float32 and BFloat16 pretrains on real
/// Fashion-MNIST images (the 300-image test fixture) to linear-probe accuracies within a stated margin.
/// </summary>
public class MixedPrecisionTrainerTests
{
    /// <summary>
    /// Largest accepted probe gap, in accuracy points, between BFloat16 and Float32 pretraining. With 100 test images
    /// one image is 1 point; bfloat16's 8-bit mantissa changes the trajectory, not the quality it reaches.
    /// </summary>
    private const double ProbeMargin = 0.06;

    [Fact]
    public void BFloat16PretrainingProbesWithinTheMarginOfFloat32()
    {
        (Tensor images, Tensor labels) = Fixture();
        using Tensor trainImages = images.narrow(0, 0, 200);
        using Tensor trainLabels = labels.narrow(0, 0, 200);
        using Tensor testImages = images.narrow(0, 200, 100);
        using Tensor testLabels = labels.narrow(0, 200, 100);

        using var fp32 = FixtureSimClr.CreateTrainer();
        using var bf16 = FixtureSimClrBf16.CreateTrainer();
        Assert.Equal(SslDsl.Precision.Float32, fp32.Precision);
        Assert.Equal(SslDsl.Precision.BFloat16, bf16.Precision); // from the attribute
        PretrainReport fp32Report = fp32.Fit(images, epochs: FixtureSimClr.Trainer.Epochs);
        PretrainReport bf16Report = bf16.Fit(images, epochs: FixtureSimClr.Trainer.Epochs);

        // Same start, same data and draws: the first epoch's loss agrees to bfloat16's precision.
        Assert.Equal(fp32Report.Epochs[0].Loss, bf16Report.Epochs[0].Loss, 0.05 * fp32Report.Epochs[0].Loss);
        Assert.True(bf16Report.Epochs[^1].Loss < bf16Report.Epochs[0].Loss, $"bf16 loss {bf16Report.Epochs[0].Loss} -> {bf16Report.Epochs[^1].Loss}");

        LinearProbeResult fp32Probe = fp32.LinearProbe(trainImages, trainLabels, testImages, testLabels, 10);
        LinearProbeResult bf16Probe = bf16.LinearProbe(trainImages, trainLabels, testImages, testLabels, 10);
        Assert.True(Math.Abs(bf16Probe.Top1 - fp32Probe.Top1) <= ProbeMargin, $"probe top-1: float32 {fp32Probe.Top1:P1}, bfloat16 {bf16Probe.Top1:P1}");
        Assert.True(bf16Probe.Top1 > 0.4, $"bfloat16 probe {bf16Probe.Top1:P1} (10 classes)");
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void ThePrecisionCanBeChangedAtRunTimeAndFloat16ScalesTheLoss()
    {
        (Tensor images, Tensor labels) = Fixture();
        using var trainer = FixtureSimClr.CreateTrainer();
        trainer.Precision = SslDsl.Precision.Float16;
        PretrainReport report = trainer.Fit(images, epochs: 1);
        Assert.All(report.Epochs, e => Assert.True(double.IsFinite(e.Loss)));
        Assert.Equal(0, trainer.LossScaler.SkippedSteps);
        Assert.Equal(report.Steps, trainer.OptimizerSteps);
        images.Dispose();
        labels.Dispose();
    }

    private static (Tensor Images, Tensor Labels) Fixture()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "fashion-mnist");
        IdxData images = IdxReader.ReadImages(Path.Combine(folder, "fixture-images-idx3-ubyte.gz"));
        IdxData labels = IdxReader.ReadLabels(Path.Combine(folder, "fixture-labels-idx1-ubyte.gz"));
        Tensor x = tensor(images.Data, new long[] { images.Count, 1, 28, 28 }, ScalarType.Byte);
        Tensor y = tensor(labels.Data, ScalarType.Byte).to(ScalarType.Int64);
        return (x, y);
    }
}

/// <summary>A small SimCLR on 28x28 grey images (the probe test's Float32 side).</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 64, Output = 32)]
[Views(2)]
[RandomResizedCrop(Size = 28, MinScale = 0.5)]
[HorizontalFlip]
[SimClr(Temperature = 0.5)]
[AdamW(LearningRate = 2e-3)]
[Training(BatchSize = 50, Epochs = 6, Seed = 3)]
public partial class FixtureSimClr
{
}

/// <summary><see cref="FixtureSimClr"/> in BFloat16 mixed precision.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 64, Output = 32)]
[Views(2)]
[RandomResizedCrop(Size = 28, MinScale = 0.5)]
[HorizontalFlip]
[SimClr(Temperature = 0.5)]
[AdamW(LearningRate = 2e-3)]
[Training(BatchSize = 50, Epochs = 6, Seed = 3, Precision = Precision.BFloat16)]
public partial class FixtureSimClrBf16
{
}
