using System;
using System.IO;
using System.Linq;
using System.Threading;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

/// <summary>The runtime loop's run plan: Fit continues a loaded run exactly, epochs count the whole run.</summary>
public sealed class SslTrainerResumeTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-loop-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(1, 5)] // mid-epoch 1 of 8 steps per epoch
    [InlineData(1, 16)] // at an epoch boundary
    [InlineData(2, 7)] // accumulation: 4 optimizer steps per epoch
    public void StoppedThenLoadedInANewTrainerEndsEqualToAnUninterruptedRun(int accumulation, int stopAfterSteps)
    {
        (Tensor images, _) = LoopTrainer.Data();
        var schedule = new WarmupCosinePlan(1, 0.001);
        using var uninterrupted = new LoopTrainer(accumulationSteps: accumulation, schedule: schedule);
        PretrainReport expected = uninterrupted.Fit(images, epochs: 3);

        using var cancel = new CancellationTokenSource();
        using (var first = new LoopTrainer(accumulationSteps: accumulation, schedule: schedule))
        {
            first.OnStep = step => { if (step == stopAfterSteps) cancel.Cancel(); };
            PretrainReport stopped = first.Fit(images, epochs: 3, cancellationToken: cancel.Token);
            Assert.Equal("cancelled", stopped.StoppedBecause);
            Assert.Equal(stopAfterSteps, first.OptimizerSteps);
            first.Save(Path.Combine(folder, "run.ckpt"));
        }

        using var resumed = new LoopTrainer(seed: 99, accumulationSteps: accumulation, schedule: schedule); // another seed: the checkpoint's run decides
        resumed.Load(Path.Combine(folder, "run.ckpt"));
        PretrainReport actual = resumed.Fit(images, epochs: 3);

        Assert.Null(actual.StoppedBecause);
        Assert.Equal(expected.Steps, actual.Steps);
        Assert.Equal(expected.LossCurve, actual.LossCurve);
        Assert.Equal(expected.Epochs.Select(e => (e.Epoch, e.Steps, e.Loss, e.LearningRate)), actual.Epochs.Select(e => (e.Epoch, e.Steps, e.Loss, e.LearningRate)));
        AssertSameWeights(uninterrupted, resumed);
        images.Dispose();
    }

    [Fact]
    public void FitCountsEpochsOfTheWholeRun()
    {
        (Tensor images, _) = LoopTrainer.Data();
        using var trainer = new LoopTrainer(schedule: new WarmupCosinePlan(0, 0));

        PretrainReport first = trainer.Fit(images, epochs: 1);
        PretrainReport again = trainer.Fit(images, epochs: 1);
        double lrAfterOne = trainer.LearningRate;
        PretrainReport extended = trainer.Fit(images, epochs: 2);

        Assert.Single(first.Epochs);
        Assert.Equal(8, first.Steps);
        Assert.Equal(8, again.Steps); // nothing trained, and the report says why
        Assert.Equal("the run already has 1 epoch(s); ask for more than 1 to train further", again.StoppedBecause);
        Assert.Equal(0, lrAfterOne); // a one-epoch run ends annealed
        Assert.Equal(new[] { 1, 2 }, extended.Epochs.Select(e => e.Epoch));
        Assert.Equal(16, extended.Steps);
        Assert.Null(extended.StoppedBecause);
        images.Dispose();
    }

    [Fact]
    public void ResumeTakesTheNewestValidCheckpointAndSkipsCorruptOnes()
    {
        (Tensor images, _) = LoopTrainer.Data();
        string directory = Path.Combine(folder, "checkpoints");
        using var uninterrupted = new LoopTrainer();
        uninterrupted.Fit(images, epochs: 3);

        using var cancel = new CancellationTokenSource();
        using (var first = new LoopTrainer())
        {
            first.Checkpoints = new CheckpointPolicy(EveryEpochs: 1, EverySteps: 4, Directory: directory, Keep: 2);
            first.OnStep = step => { if (step == 14) cancel.Cancel(); };
            first.Fit(images, epochs: 3, cancellationToken: cancel.Token);
        }

        var folderOfRun = new CheckpointFolder(directory, "Tests.LoopTrainer");
        string[] kept = folderOfRun.NewestFirst();
        Assert.Equal(new[] { folderOfRun.PathFor(12), folderOfRun.PathFor(8) }, kept); // every 4 steps, newest 2 kept
        File.WriteAllBytes(kept[0], File.ReadAllBytes(kept[0]).Take(100).ToArray()); // the newest is damaged

        using var resumed = new LoopTrainer { Checkpoints = new CheckpointPolicy(EveryEpochs: 1, EverySteps: 4, Directory: directory, Keep: 2) };
        PretrainReport report = resumed.Fit(images, epochs: 3, resume: true);

        Assert.Contains(report.Notes!, n => n.StartsWith($"skipped {kept[0]}: checkpoint '{kept[0]}' is truncated", StringComparison.Ordinal));
        Assert.Contains($"resumed from {kept[1]} at optimizer step 8", report.Notes!);
        AssertSameWeights(uninterrupted, resumed);
        images.Dispose();
    }

    [Fact]
    public void ResumeWithoutCheckpointsStartsANewRunAndSaysSo()
    {
        (Tensor images, _) = LoopTrainer.Data();
        using var trainer = new LoopTrainer { Checkpoints = new CheckpointPolicy(Directory: Path.Combine(folder, "none")) };

        PretrainReport report = trainer.Fit(images, epochs: 1, resume: true);

        Assert.Equal(new[] { $"no valid checkpoint in {Path.Combine(folder, "none")}: starting a new run" }, report.Notes);
        Assert.Equal(8, report.Steps);
        images.Dispose();
    }

    [Fact]
    public void ResumeWithoutACheckpointFolderIsAClearError()
    {
        (Tensor images, _) = LoopTrainer.Data();
        using var trainer = new LoopTrainer();

        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(images, resume: true));

        Assert.Equal("resume needs a checkpoint folder: add [Checkpoint] to Tests.LoopTrainer or set trainer.Checkpoints", ex.Message);
        images.Dispose();
    }

    [Fact]
    public void ContinuingWithOtherDataIsRefused()
    {
        (Tensor images, _) = LoopTrainer.Data();
        using var trainer = new LoopTrainer();
        trainer.Fit(images, epochs: 1);

        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(images.narrow(0, 0, 32), epochs: 2));

        Assert.StartsWith("this trainer's run was planned on 64 samples and data has 32", ex.Message);
        images.Dispose();
    }

    internal static void AssertSameWeights(LoopTrainer expected, LoopTrainer actual)
    {
        var e = expected.Encoder.parameters().Concat(expected.Projector.parameters()).ToArray();
        var a = actual.Encoder.parameters().Concat(actual.Projector.parameters()).ToArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(e[i].equal(a[i]).all().item<bool>(), $"parameter {i} differs");
        }
    }
}
