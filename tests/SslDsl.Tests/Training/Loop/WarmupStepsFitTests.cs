using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Training;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

/// <summary>
/// Fit steps the learning rate by [WarmupCosine] WarmupSteps, and a run under a time budget too short for the warm-up
/// asked for warms up over half of it, says so, and still ends annealed; without a budget the plan is taken as written.
/// </summary>
public class WarmupStepsFitTests
{
    [Fact]
    public void ABudgetedRunShorterThanItsWarmupWarmsUpOverHalfOfItAndSaysSo()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64); // batch 8: 8 steps an epoch
        using var _ = images;
        using var __ = labels;
        using var trainer = new LoopTrainer(schedule: new WarmupCosinePlan(WarmupEpochs: 0, FinalLearningRate: 0, WarmupSteps: 100));
        var rates = new List<double>();
        trainer.OnStep = _ => rates.Add(trainer.LearningRate); // after step k: the rate step k (0-based) will use

        PretrainReport report = trainer.Fit(images, epochs: 2, timeBudget: TimeSpan.FromHours(1)); // 16 steps: warm-up 8, decay 8 (the hour is never reached)

        double[] expected = Enumerable.Range(1, 15)
            .Select(k => k < 8 ? 0.01 * (k + 1) / 8 : 0.01 * 0.5 * (1 + Math.Cos(Math.PI * (k - 8) / 8)))
            .ToArray();
        Assert.Equal(expected.Length, rates.Count - 1); // the last entry is the rate after the run (clamped at the end)
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], rates[k], 12);
        }

        Assert.Equal(0.0, rates[^1], 12);
        Assert.Contains("warm-up shortened to 8 steps, half of the 16 planned ([WarmupCosine] asks for 100), so the run still decays", report.Notes ?? Array.Empty<string>());
    }

    [Fact]
    public void WithoutABudgetTheWarmupIsTakenAsWritten()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64);
        using var _ = images;
        using var __ = labels;
        using var trainer = new LoopTrainer(schedule: new WarmupCosinePlan(WarmupEpochs: 0, FinalLearningRate: 0, WarmupSteps: 100));
        var rates = new List<double>();
        trainer.OnStep = _ => rates.Add(trainer.LearningRate);

        PretrainReport report = trainer.Fit(images, epochs: 2); // 16 steps, all warm-up (the schedule clamps it to the run)

        Assert.Equal(0.01 * 2 / 16, rates[0], 12);
        Assert.Equal(0.01 * 15 / 16, rates[13], 12);
        Assert.DoesNotContain(report.Notes ?? Array.Empty<string>(), n => n.Contains("warm-up", StringComparison.Ordinal));
    }

    [Fact]
    public void AWarmupThatFitsIsKeptAndNotMentioned()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64);
        using var _ = images;
        using var __ = labels;
        using var trainer = new LoopTrainer(schedule: new WarmupCosinePlan(WarmupEpochs: 5, FinalLearningRate: 0, WarmupSteps: 3));
        var rates = new List<double>();
        trainer.OnStep = _ => rates.Add(trainer.LearningRate);

        PretrainReport report = trainer.Fit(images, epochs: 2);

        Assert.Equal(0.01 * 2 / 3, rates[0], 12);  // step 1 of the 3-step warm-up, not of 5 epochs
        Assert.Equal(0.01, rates[2], 12);          // the peak at step 3
        Assert.Equal(0.01 * 0.5 * (1 + Math.Cos(Math.PI * 5 / 13)), rates[7], 12);
        Assert.DoesNotContain(report.Notes ?? Array.Empty<string>(), n => n.Contains("warm-up", StringComparison.Ordinal));
    }
}
