using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using SslDsl.Training;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

/// <summary>Fit writes what it measured to the metrics file: one line per window and per epoch, the same values as its report.</summary>
public sealed class SslTrainerMetricsTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-metrics-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MetricsLinesMatchTheReport()
    {
        (Tensor images, _) = LoopTrainer.Data();
        string path = Path.Combine(folder, "run.jsonl");
        Directory.CreateDirectory(folder);
        using var trainer = new LoopTrainer(logEverySteps: 3) { MetricsPath = path };

        PretrainReport report = trainer.Fit(images, epochs: 2);

        JsonElement[] lines = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        JsonElement[] windows = lines.Where(l => l.GetProperty("kind").GetString() == "window").ToArray();
        JsonElement[] epochs = lines.Where(l => l.GetProperty("kind").GetString() == "epoch").ToArray();
        Assert.Equal(report.LossCurve.Select(p => p.Step), windows.Select(w => w.GetProperty("step").GetInt64()));
        Assert.Equal(report.LossCurve.Select(p => p.Loss), windows.Select(w => w.GetProperty("loss").GetDouble()));
        Assert.Equal(new[] { 1, 2 }, epochs.Select(e => e.GetProperty("epoch").GetInt32()));
        Assert.Equal(report.Epochs.Select(e => e.Loss), epochs.Select(e => e.GetProperty("loss").GetDouble()));
        Assert.All(lines, l => Assert.True(l.GetProperty("images_per_s").GetDouble() > 0));
        images.Dispose();
    }

    [Fact]
    public void WithCheckpointsTheMetricsOfAResumedRunEqualAnUninterruptedOnes()
    {
        (Tensor images, _) = LoopTrainer.Data();
        string whole = Path.Combine(folder, "whole");
        string split = Path.Combine(folder, "split");
        using (var uninterrupted = new LoopTrainer { Checkpoints = new CheckpointPolicy(EverySteps: 4, Directory: whole) })
        {
            uninterrupted.Fit(images, epochs: 3);
        }

        using var cancel = new CancellationTokenSource();
        using (var first = new LoopTrainer { Checkpoints = new CheckpointPolicy(EverySteps: 4, Directory: split) })
        {
            first.OnStep = step => { if (step == 14) cancel.Cancel(); };
            first.Fit(images, epochs: 3, cancellationToken: cancel.Token); // metrics written up to step 14, checkpoint at 12
        }

        using (var resumed = new LoopTrainer { Checkpoints = new CheckpointPolicy(EverySteps: 4, Directory: split) })
        {
            resumed.Fit(images, epochs: 3, resume: true);
        }

        string[] Fields(string directory) => File.ReadAllLines(Path.Combine(directory, "Tests.LoopTrainer.metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => $"{e.GetProperty("kind")} {e.GetProperty("step")} {e.GetProperty("epoch")} {e.GetProperty("loss")} {e.GetProperty("lr")}")
            .ToArray();
        Assert.Equal(Fields(whole), Fields(split));
        images.Dispose();
    }
}
