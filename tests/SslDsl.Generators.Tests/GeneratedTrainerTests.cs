using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>The trainers this project's generator emitted, trained for real on the CPU.</summary>
public class GeneratedTrainerTests
{
    /// <summary>Structured data: each image is one of 4 smooth class patterns plus noise.</summary>
    internal static (Tensor Images, Tensor Labels) PatternData(int count, int channels, int size, int seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        Tensor labels = randint(0, 4, count, generator: generator);
        Tensor grid = linspace(0, 1, size);
        Tensor yy = grid.unsqueeze(1).expand(size, size);
        Tensor xx = grid.unsqueeze(0).expand(size, size);
        Tensor patterns = stack(new[] { xx, yy, (xx + yy) / 2, (xx - yy).abs() }); // [4, H, W]
        Tensor images = patterns.index_select(0, labels).unsqueeze(1).expand(count, channels, size, size)
            .add(rand(count, channels, size, size, generator: generator).mul_(0.2)).clamp_(0, 1);
        return (images.contiguous().MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    [Fact]
    public void ConstantsAreFoldedFromTheAttributes()
    {
        Assert.Equal(32, TinySimClr.Trainer.BatchSize);
        Assert.Equal(3, TinySimClr.Trainer.Epochs);
        Assert.Equal(2, TinySimClr.Trainer.ViewCount);
        Assert.Equal(0.5, TinySimClr.Trainer.BaseLearningRate);
        Assert.Equal(2, Outer.NestedResNetSimClr.Trainer.AccumulationSteps);
        Assert.Equal(2, PlainSgdSimClr.Trainer.ViewCount); // SimCLR's default when [Views] is absent
    }

    [Fact]
    public void FitReducesTheContrastiveLoss()
    {
        (Tensor images, Tensor labels) = PatternData(256, 3, 12, seed: 1);
        using var trainer = TinySimClr.CreateTrainer();
        PretrainReport report = trainer.Fit(images, epochs: 6);
        Assert.Equal(6, report.Epochs.Count);
        Assert.Equal(6 * (256 / 32), report.Steps);
        Assert.All(report.Epochs, e => Assert.True(double.IsFinite(e.Loss)));
        Assert.True(report.Epochs[^1].Loss < report.Epochs[0].Loss - 0.05, $"loss {report.Epochs[0].Loss} -> {report.Epochs[^1].Loss}");
        // One curve point per LogEverySteps (default 20) batches: 48 batches give points at steps 20 and 40.
        Assert.Equal(new long[] { 20, 40 }, report.LossCurve.Select(p => p.Step).ToArray());
        Assert.All(report.LossCurve, p => Assert.True(double.IsFinite(p.Loss)));
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void AWindowThatClosesOnAnEpochsLastStepIsShownInThatEpoch()
    {
        // 160 images in batches of 32: 5 steps an epoch, and with LogEverySteps = 1 a window closes on every step. The
        // window of step 5 belongs to epoch 1 (it used to be shown as "epoch 2/2" after the run's last step).
        (Tensor images, Tensor labels) = PatternData(160, 3, 12, seed: 4);
        using var trainer = TinySwavWithoutQueue.CreateTrainer();
        string metrics = Path.Combine(Path.GetTempPath(), "ssldsl-windows-" + Guid.NewGuid().ToString("N") + ".jsonl");
        trainer.MetricsPath = metrics;
        try
        {
            trainer.Fit(images, epochs: 2);

            var windows = File.ReadAllLines(metrics).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("kind").GetString() == "window").ToArray();
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), windows.Select(w => w.GetProperty("step").GetInt64()));
            Assert.Equal(new[] { 1, 1, 1, 1, 1, 2, 2, 2, 2, 2 }, windows.Select(w => w.GetProperty("epoch").GetInt32()));
        }
        finally
        {
            File.Delete(metrics);
            images.Dispose();
            labels.Dispose();
        }
    }

    [Fact]
    public void StepLeaksNoTensors()
    {
        (Tensor images, Tensor labels) = PatternData(64, 3, 12, seed: 2);
        using var trainer = TinySimClr.CreateTrainer();
        using Tensor batch = images.narrow(0, 0, 32).contiguous();
        trainer.Step(batch); // warm-up: optimizer state and loss masks are allocated on the first step
        trainer.Step(batch);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 5; i++)
        {
            trainer.Step(batch);
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void SameSeedGivesTheSameTraining()
    {
        (Tensor images, Tensor labels) = PatternData(64, 3, 12, seed: 3);
        using var first = TinySimClr.CreateTrainer(seed: 11);
        using var second = TinySimClr.CreateTrainer(seed: 11);
        using var third = TinySimClr.CreateTrainer(seed: 12);
        double a = first.Fit(images, epochs: 1).Epochs[0].Loss;
        double b = second.Fit(images, epochs: 1).Epochs[0].Loss;
        double c = third.Fit(images, epochs: 1).Epochs[0].Loss;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void SaveThenLoadRestoresTheEncoder()
    {
        (Tensor images, Tensor labels) = PatternData(64, 3, 12, seed: 4);
        string path = Path.Combine(Path.GetTempPath(), "ssldsl-" + Guid.NewGuid().ToString("N"), "tiny.ckpt");
        using var trained = TinySimClr.CreateTrainer(seed: 1);
        trained.Fit(images, epochs: 1);
        trained.Save(path);
        using var restored = TinySimClr.CreateTrainer(seed: 2);
        using Tensor before = restored.Embed(images);
        restored.Load(path);
        using Tensor expected = trained.Embed(images);
        using Tensor actual = restored.Embed(images);
        Assert.False(before.allclose(expected));
        Assert.True(actual.allclose(expected));
        Assert.Equal(trained.OptimizerSteps, restored.OptimizerSteps);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void LoadRejectsAnotherExperimentsCheckpoint()
    {
        string path = Path.Combine(Path.GetTempPath(), "ssldsl-" + Guid.NewGuid().ToString("N") + ".ckpt");
        using (var other = PlainSgdSimClr.CreateTrainer())
        {
            other.Save(path);
        }

        using var trainer = TinySimClr.CreateTrainer();
        var error = Assert.Throws<InvalidDataException>(() => trainer.Load(path));
        Assert.Contains("PlainSgdSimClr", error.Message);
        File.Delete(path);
    }

    [Fact]
    public void WrongImageShapeIsRejectedWithTheExpectedShape()
    {
        using var trainer = TinySimClr.CreateTrainer();
        using Tensor wrong = zeros(40, 1, 12, 12);
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(wrong, epochs: 1));
        Assert.Contains("[N, 3, 12, 12]", error.Message);
    }

    [Fact]
    public void EmbedGivesEncoderOutputs()
    {
        (Tensor images, Tensor labels) = PatternData(40, 3, 12, seed: 5);
        using var trainer = TinySimClr.CreateTrainer();
        using Tensor embeddings = trainer.Embed(images, batchSize: 16);
        Assert.Equal(new long[] { 40, 32 }, embeddings.shape);
        Assert.True(trainer.Encoder.training); // Embed switches to eval mode and back
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void PretrainedProbeBeatsChanceOnPatterns()
    {
        (Tensor train, Tensor trainLabels) = PatternData(256, 3, 12, seed: 6);
        (Tensor test, Tensor testLabels) = PatternData(128, 3, 12, seed: 7);
        using var trainer = TinySimClr.CreateTrainer();
        var monitor = new KnnMonitorData(train, trainLabels, test, testLabels, 4);
        PretrainReport report = trainer.Fit(train, epochs: 3, monitor: monitor);
        Assert.All(report.Epochs, e => Assert.NotNull(e.KnnTop1)); // EveryEpochs = 1
        var probe = trainer.LinearProbe(train, trainLabels, test, testLabels, 4);
        Assert.True(probe.Top1 > 0.6, $"probe top-1 {probe.Top1}");
    }

    [Fact]
    public void NestedResNetWithAccumulationStepsEveryOtherBatch()
    {
        (Tensor images, Tensor labels) = PatternData(32, 1, 8, seed: 8);
        using var trainer = Outer.NestedResNetSimClr.CreateTrainer();
        PretrainReport report = trainer.Fit(images);
        Assert.Equal(2, report.Steps); // 4 batches of 8, one optimizer step per 2 batches
        Assert.True(double.IsFinite(report.Epochs[0].Loss));
        images.Dispose();
        labels.Dispose();
    }
}
