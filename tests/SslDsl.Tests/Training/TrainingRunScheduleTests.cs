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
    public void WithoutWarmupCosineTheRateIsConstantWhateverThePlan()
    {
        var run = new TrainingRun(samples: 100, batchSize: 10, accumulationSteps: 1, totalEpochs: 5, seed: 0);

        WarmupCosineSchedule constant = run.Schedule(0.3, plan: null);

        Assert.Equal(0.3, constant.At(0));
        Assert.Equal(0.3, constant.At(1_000_000));
    }
}
