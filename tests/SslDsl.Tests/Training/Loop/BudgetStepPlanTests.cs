using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using SslDsl.Training;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

/// <summary>
/// A time budget plans the run in optimizer steps: the last epoch ends where the budget does instead of the run
/// stopping at the last whole epoch that fits. Every step takes one second of a fake clock, so the plan is exact.
/// </summary>
public sealed class BudgetStepPlanTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-budget-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A trainer on a fake clock that only the test moves: a one-epoch warm-up, then cosine to 0; a loss point per step.</summary>
    private static (LoopTrainer Trainer, FakeTimeProvider Clock) ClockedTrainer()
    {
        var clock = new FakeTimeProvider();
        return (new LoopTrainer(schedule: new WarmupCosinePlan(WarmupEpochs: 1, FinalLearningRate: 0), logEverySteps: 1) { Clock = clock }, clock);
    }

    /// <summary>8 steps an epoch at 1 s a step; a 20.5 s budget affords 20 steps: two epochs and half of a third.</summary>
    private static (LoopTrainer Trainer, PretrainReport Report) BudgetedRun(Tensor images)
    {
        (LoopTrainer trainer, FakeTimeProvider clock) = ClockedTrainer();
        trainer.OnStep = _ => clock.Advance(TimeSpan.FromSeconds(1));
        PretrainReport report = trainer.Fit(images, epochs: 10, timeBudget: TimeSpan.FromSeconds(20.5));
        return (trainer, report);
    }

    [Fact]
    public void TheBudgetTrainsToItsLastAffordableStepAndEndsAnnealed()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64); // batch 8: 8 steps an epoch
        using var _ = images;
        using var __ = labels;

        (LoopTrainer trainer, PretrainReport report) = BudgetedRun(images);
        using var ___ = trainer;

        Assert.Null(report.StoppedBecause); // the plan ended the run, not the budget's hard stop
        Assert.Equal(20, report.Steps);      // whole epochs would have stopped at 16
        Assert.Equal(0.0, trainer.LearningRate, 12); // the cosine reached its end at step 20
        Assert.Equal(new[] { 1, 2, 3 }, report.Epochs.Select(e => e.Epoch));
        Assert.Equal(new long[] { 8, 16, 20 }, report.Epochs.Select(e => e.Steps));

        // The cut epoch's loss is the mean over its own 4 batches (one curve point per step here).
        double cutEpochMean = report.LossCurve.Where(p => p.Step > 16).Average(p => p.Loss);
        Assert.Equal(4, report.LossCurve.Count(p => p.Step > 16));
        Assert.Equal(cutEpochMean, report.Epochs[^1].Loss, 5);
    }

    [Fact]
    public void ALoadedStepPlannedRunContinuesItsCutEpochAndKeepsOneRowPerEpoch()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64);
        using var imagesOwner = images;
        using var labelsOwner = labels;
        string path = Path.Combine(folder, "budgeted.ckpt");
        (LoopTrainer budgeted, PretrainReport planned) = BudgetedRun(images);
        Assert.Equal(20, planned.Steps);
        using (budgeted)
        {
            budgeted.Save(path);
        }

        using var resumed = new LoopTrainer(seed: 99, schedule: new WarmupCosinePlan(WarmupEpochs: 1, FinalLearningRate: 0), logEverySteps: 1);
        resumed.Load(path); // a plan lost on the way would make the 3 epoch rows disagree with 2 completed epochs
        PretrainReport extended = resumed.Fit(images, epochs: 3);

        Assert.Null(extended.StoppedBecause);
        Assert.Equal(24, extended.Steps); // the rest of epoch 3
        Assert.Equal(new[] { 1, 2, 3 }, extended.Epochs.Select(e => e.Epoch));
        Assert.Equal(new long[] { 8, 16, 24 }, extended.Epochs.Select(e => e.Steps));
    }

    [Fact]
    public void WhenTheMachineSlowsInTheLastEpochThePlanFollowsItsPaceAndStillEndsAnnealed()
    {
        // 20 steps an epoch, 1 s a step for two epochs: at the second epoch's end the 58.5 s budget affords 58 steps.
        // Then each step takes 1.25 s. From the epoch's own pace (after 10 of its steps) the plan ends at step 54
        // (57.5 s); kept at 58, the budget's hard stop would have cut the run at step 55, not annealed.
        (Tensor images, Tensor labels) = LoopTrainer.Data(160);
        using var imagesOwner = images;
        using var labelsOwner = labels;
        (LoopTrainer trainer, FakeTimeProvider clock) = ClockedTrainer();
        using var trainerOwner = trainer;
        trainer.OnStep = step => clock.Advance(TimeSpan.FromSeconds(step <= 40 ? 1 : 1.25));

        PretrainReport report = trainer.Fit(images, epochs: 10, timeBudget: TimeSpan.FromSeconds(58.5));

        Assert.Null(report.StoppedBecause);
        Assert.Equal(54, report.Steps);
        Assert.Equal(0.0, trainer.LearningRate, 12);
        Assert.Equal(new long[] { 20, 40, 54 }, report.Epochs.Select(e => e.Steps));
    }

    [Fact]
    public void TheMonitorsEvaluationsDoNotCountAgainstTheBudget()
    {
        // Training steps take 1 s; each encoder forward in eval mode (the kNN monitor embedding its 16 + 16 images at
        // every epoch end) takes 5 s. Charged to the 20.5 s budget, they would cut the run to a few steps.
        (Tensor images, Tensor labels) = LoopTrainer.Data(64);
        using var imagesOwner = images;
        using var labelsOwner = labels;
        (Tensor monitorImages, Tensor monitorLabels) = LoopTrainer.Data(16, seed: 8);
        using var monitorImagesOwner = monitorImages;
        using var monitorLabelsOwner = monitorLabels;
        (LoopTrainer trainer, FakeTimeProvider clock) = ClockedTrainer();
        using var trainerOwner = trainer;
        trainer.OnStep = _ => clock.Advance(TimeSpan.FromSeconds(1));
        int evaluationForwards = 0;
        trainer.Encoder.register_forward_hook((module, input, output) =>
        {
            if (!module.training)
            {
                evaluationForwards++;
                clock.Advance(TimeSpan.FromSeconds(5));
            }

            return output;
        });
        var monitor = new KnnMonitorData(monitorImages, monitorLabels, monitorImages, monitorLabels, 2);

        PretrainReport report = trainer.Fit(images, epochs: 10, timeBudget: TimeSpan.FromSeconds(20.5), monitor: monitor);

        Assert.Null(report.StoppedBecause);
        Assert.Equal(20, report.Steps);                      // as without monitors (the first test)
        Assert.Equal(20.0, report.Seconds, 6);               // training time
        Assert.True(evaluationForwards >= 6, $"{evaluationForwards} evaluation forwards at 3 epoch ends");
        Assert.Equal(evaluationForwards * 5.0, report.MonitorSeconds, 6);
        Assert.All(report.Epochs, e => Assert.NotNull(e.KnnTop1));
        Assert.Equal(new[] { 8.0, 16.0, 20.0 }, report.Epochs.Select(e => Math.Round(e.Seconds, 6))); // training seconds at each epoch end
    }
}
