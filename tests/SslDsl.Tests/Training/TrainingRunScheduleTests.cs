using System;
using SslDsl.Optimization;
using SslDsl.Training;

namespace SslDsl.Tests.Training;

/// <summary>
/// A run's schedule follows its plan: re-planning the epochs (a time budget cut them) keeps warm-up and base and moves
/// the end of the cosine, so the run still ends annealed.
/// </summary>
public class TrainingRunScheduleTests
{
    [Fact]
    public void ReplannedEpochsEndTheCosineAtTheNewTotal()
    {
        var run = new TrainingRun(samples: 100, batchSize: 10, accumulationSteps: 1, totalEpochs: 100, seed: 0); // 10 steps an epoch
        var plan = new WarmupCosinePlan(WarmupEpochs: 1, FinalLearningRate: 0.1);
        WarmupCosineSchedule planned = run.Schedule(1.0, plan);

        run.TotalEpochs = 11;
        WarmupCosineSchedule shortened = run.Schedule(1.0, plan);

        Assert.Equal(1000, planned.TotalSteps);
        Assert.Equal(110, shortened.TotalSteps);
        Assert.Equal(planned.At(5), shortened.At(5));                  // warm-up unchanged
        Assert.Equal(0.55, shortened.At(60), 12);                      // midpoint of the new decay: (1 + 0.1) / 2
        Assert.Equal(0.1, shortened.At(110), 12);                      // annealed at the new end
        Assert.True(planned.At(60) > 0.99);                            // the original had barely started decaying
    }

    [Fact]
    public void WarmupStepsReplaceWarmupEpochs()
    {
        var run = new TrainingRun(samples: 100, batchSize: 10, accumulationSteps: 1, totalEpochs: 10, seed: 0); // 10 steps an epoch, 100 in all
        var plan = new WarmupCosinePlan(WarmupEpochs: 3, FinalLearningRate: 0.0, WarmupSteps: 4);

        WarmupCosineSchedule schedule = run.Schedule(2.0, plan);

        Assert.Equal(4, schedule.WarmupSteps);                        // not 3 epochs × 10 steps
        Assert.Equal(0.5, schedule.At(0), 12);                        // 2 · 1/4
        Assert.Equal(1.5, schedule.At(2), 12);                        // 2 · 3/4
        Assert.Equal(2.0, schedule.At(4), 12);                        // decay starts at the peak
        Assert.Equal(1.0, schedule.At(52), 12);                       // halfway through the 96 decay steps: 2 · ½(1 + cos ½π)
        Assert.Equal(2.0 * 0.5 * (1 + Math.Cos(Math.PI * 20 / 96.0)), schedule.At(24), 12);
    }

    [Fact]
    public void WarmupEpochsAreUsedWhenWarmupStepsIsZero()
    {
        var run = new TrainingRun(samples: 100, batchSize: 10, accumulationSteps: 2, totalEpochs: 10, seed: 0); // 5 optimizer steps an epoch

        WarmupCosineSchedule schedule = run.Schedule(1.0, new WarmupCosinePlan(WarmupEpochs: 2, FinalLearningRate: 0.0));

        Assert.Equal(10, schedule.WarmupSteps);
        Assert.Equal(0.1, schedule.At(0), 12);
    }

    [Fact]
    public void ABudgetShortenedRunKeepsItsWarmupAtMostHalfTheRun()
    {
        var run = new TrainingRun(samples: 100, batchSize: 10, accumulationSteps: 1, totalEpochs: 20, seed: 0); // 10 steps an epoch
        var plan = new WarmupCosinePlan(WarmupEpochs: 0, FinalLearningRate: 0.0, WarmupSteps: 30);
        Assert.Equal(30, run.Schedule(1.0, plan, fittedToBudget: true).WarmupSteps); // 30 of 200: as asked

        run.TotalEpochs = 5;                                          // the budget affords 50 steps
        WarmupCosineSchedule shortened = run.Schedule(1.0, plan, fittedToBudget: true);

        Assert.Equal(30, run.RequestedWarmupSteps(plan));
        Assert.Equal(25, shortened.WarmupSteps);                      // half of 50
        Assert.Equal(1.0 / 25, shortened.At(0), 12);
        Assert.Equal(1.0, shortened.At(25), 12);
        Assert.Equal(0.0, shortened.At(50), 12);                      // still annealed at the end

        run.TotalEpochs = 1;                                          // a 10-step run: 5 up, 5 down
        Assert.Equal(5, run.Schedule(1.0, plan, fittedToBudget: true).WarmupSteps);
        Assert.Equal(5, run.Schedule(1.0, new WarmupCosinePlan(WarmupEpochs: 1, FinalLearningRate: 0.0), fittedToBudget: true).WarmupSteps); // a whole-epoch warm-up too
    }

    [Fact]
    public void WithoutABudgetTheWarmupIsTakenAsWritten()
    {
        var run = new TrainingRun(samples: 100, batchSize: 10, accumulationSteps: 1, totalEpochs: 1, seed: 0); // a 10-step run
        var plan = new WarmupCosinePlan(WarmupEpochs: 1, FinalLearningRate: 0.0);

        WarmupCosineSchedule schedule = run.Schedule(1.0, plan);

        Assert.Equal(10, schedule.WarmupSteps);                       // all warm-up, as planned (SSL0026 warns at compile time)
        Assert.Equal(0.5, schedule.At(4), 12);
    }

    [Fact]
    public void WithoutWarmupCosineTheRateIsConstantWhateverThePlan()
    {
        var run = new TrainingRun(samples: 100, batchSize: 10, accumulationSteps: 1, totalEpochs: 5, seed: 0);

        WarmupCosineSchedule constant = run.Schedule(0.3, plan: null);

        Assert.Equal(0.3, constant.At(0));
        Assert.Equal(0.3, constant.At(1_000_000));
    }

    [Fact]
    public void AStepPlanEndsInsideItsLastEpochAndAnEpochCountPlansWholeEpochsAgain()
    {
        var run = new TrainingRun(samples: 100, batchSize: 10, accumulationSteps: 1, totalEpochs: 20, seed: 0); // 10 steps an epoch

        run.PlanSteps(43);
        Assert.Equal(43, run.TotalSteps);
        Assert.Equal(5, run.TotalEpochs);   // epochs 1-4 whole, the 5th cut after 3 steps
        Assert.Equal(43, run.PlannedSteps);
        Assert.Equal(0.0, run.Schedule(1.0, new WarmupCosinePlan(WarmupEpochs: 1, FinalLearningRate: 0.0), fittedToBudget: true).At(43), 12); // annealed at the plan's end

        run.PlanSteps(40);                  // a whole number of epochs is a plain epoch plan
        Assert.Null(run.PlannedSteps);
        Assert.Equal(4, run.TotalEpochs);

        run.PlanSteps(43);
        run.TotalEpochs = 6;                // Fit(epochs: 6) after a budgeted run
        Assert.Null(run.PlannedSteps);
        Assert.Equal(60, run.TotalSteps);
        Assert.Throws<ArgumentOutOfRangeException>(() => run.PlanSteps(0));
    }
}
