using System;
using System.Linq;
using SslDsl.Tests.Training.Loop;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Precision;

/// <summary>The step shell in BFloat16 and Float16: networks in the low precision, loss and gradients close to Float32's, loss scaling.</summary>
public class MixedPrecisionStepTests
{
    /// <summary>
    /// The gradient of one step in <paramref name="precision"/> against Float32 on the same weights and batch:
    /// relative error of the whole gradient vector, and cosine similarity. The tolerance is 32 units of roundoff of
    /// the format (bfloat16 u = 2^-8, float16 u = 2^-11): errors add up over layers, batch norm and the loss's
    /// backward. Measured: bfloat16 0.090 (cosine 0.9966); float16 below 0.01.
    /// </summary>
    [Theory]
    [InlineData(SslDsl.Precision.BFloat16, ScalarType.BFloat16, 8)]
    [InlineData(SslDsl.Precision.Float16, ScalarType.Float16, 11)]
    public void GradientsAreCloseToFloat32(SslDsl.Precision precision, ScalarType networkType, int mantissaBits)
    {
        double tolerance = 32 * Math.Pow(2, -mantissaBits);
        (Tensor images, Tensor labels) = LoopTrainer.Data(16, seed: 9);
        using Tensor batch = images.narrow(0, 0, 8);
        using var reference = new LoopTrainer(seed: 4, accumulationSteps: 2);
        using var mixed = new LoopTrainer(seed: 4, accumulationSteps: 2) { Precision = precision };
        mixed.LossScaler.SetScale(1024); // Float16: gradients stay scaled until the optimizer step, so divide below
        reference.Step(batch); // the first of two accumulated batches: gradients stay for us to compare
        mixed.Step(batch);
        Assert.Equal(ScalarType.Float32, reference.LastProjectionType);
        Assert.Equal(networkType, mixed.LastProjectionType);

        using Tensor g32 = FlatGradient(reference).to(ScalarType.Float64);
        double scale = precision == SslDsl.Precision.Float16 ? 1024 : 1;
        using Tensor gLow = FlatGradient(mixed).to(ScalarType.Float64).div(scale);
        double relative = gLow.sub(g32).norm().item<double>() / g32.norm().item<double>();
        double cosine = gLow.dot(g32).item<double>() / (gLow.norm().item<double>() * g32.norm().item<double>());
        Assert.True(relative < tolerance && cosine > 1 - tolerance * tolerance, $"{precision}: relative gradient error {relative:G3}, cosine {cosine:G6}");
        Assert.All(mixed.Encoder.parameters().Concat(mixed.Projector.parameters()), p => Assert.Equal(ScalarType.Float32, p.dtype)); // master weights
        Assert.All(mixed.Encoder.parameters(), p => Assert.Equal(ScalarType.Float32, p.grad!.dtype));
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void Float16SkipsAStepWhoseScaledGradientsOverflowAndHalvesTheScale()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(8, seed: 9);
        using var trainer = new LoopTrainer(seed: 4) { Precision = SslDsl.Precision.Float16, LossMultiplier = 1e6 };
        using Tensor before = FlatWeights(trainer);
        double scale = trainer.LossScaler.Scale;
        trainer.Step(images);
        using Tensor after = FlatWeights(trainer);
        Assert.True(before.equal(after).all().item<bool>(), "a step with overflowing gradients changed the weights");
        Assert.Equal(0, trainer.OptimizerSteps);
        Assert.Equal(1, trainer.LossScaler.SkippedSteps);
        Assert.Equal(scale / 2, trainer.LossScaler.Scale);

        trainer.LossMultiplier = 1.0; // a normal loss at a scale that fits float16 steps again
        trainer.LossScaler.SetScale(256);
        trainer.Step(images);
        Assert.Equal(1, trainer.OptimizerSteps);
        Assert.False(after.equal(FlatWeights(trainer)).all().item<bool>());
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void PrecisionChangesOnlyBetweenOptimizerStepsAndOnlyToDefinedValues()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(8, seed: 9);
        using var trainer = new LoopTrainer(seed: 4, accumulationSteps: 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Precision = (SslDsl.Precision)7);
        trainer.Step(images);
        Assert.Throws<InvalidOperationException>(() => trainer.Precision = SslDsl.Precision.BFloat16);
        trainer.Step(images);
        trainer.Precision = SslDsl.Precision.BFloat16;
        Assert.Equal(SslDsl.Precision.BFloat16, trainer.Precision);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void ALossThatThrowsLeavesNoRegionBehind()
    {
        using var trainer = new LoopTrainer(seed: 4) { Precision = SslDsl.Precision.BFloat16 };
        Assert.ThrowsAny<Exception>(() => trainer.Step(zeros(3, 1, 5, 5)));
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
    }

    [Fact]
    public void TheWarningNamesEmulatedPrecisionsOnThisCpu()
    {
        string flags = System.IO.File.Exists("/proc/cpuinfo") ? System.IO.File.ReadAllText("/proc/cpuinfo") : "";
        Assert.Null(MixedPrecision.Warning(SslDsl.Precision.Float32, CPU));
        bool fp16 = flags.Contains("avx512_fp16", StringComparison.Ordinal) || flags.Contains("amx_fp16", StringComparison.Ordinal);
        string? warning = MixedPrecision.Warning(SslDsl.Precision.Float16, CPU);
        if (fp16)
        {
            Assert.Null(warning);
        }
        else
        {
            Assert.NotNull(warning);
            Assert.Contains("Float16", warning, StringComparison.Ordinal);
            Assert.Contains("emulated", warning, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FitReportsTheWarningOfAnEmulatedPrecision()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(16, seed: 9);
        using var trainer = new LoopTrainer(seed: 4) { Precision = SslDsl.Precision.Float16 }; // no checkpoints: no metrics file
        var report = trainer.Fit(images, epochs: 1, progress: new Progress<EpochReport>());
        string? warning = MixedPrecision.Warning(SslDsl.Precision.Float16, CPU);
        if (warning is null)
        {
            Assert.DoesNotContain(report.Notes ?? Array.Empty<string>(), n => n.StartsWith("warning:", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains("warning: " + warning, report.Notes ?? Array.Empty<string>());
        }

        images.Dispose();
        labels.Dispose();
    }

    private static Tensor FlatGradient(LoopTrainer trainer) =>
        cat(trainer.Encoder.parameters().Concat(trainer.Projector.parameters()).Select(p => p.grad!.flatten()).ToArray());

    private static Tensor FlatWeights(LoopTrainer trainer)
    {
        using var noGrad = no_grad();
        return cat(trainer.Encoder.parameters().Concat(trainer.Projector.parameters()).Select(p => p.detach().flatten()).ToArray()).clone();
    }
}
