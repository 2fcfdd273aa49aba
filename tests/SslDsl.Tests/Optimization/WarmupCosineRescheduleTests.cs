using SslDsl.Optimization;

namespace SslDsl.Tests.Optimization;

/// <summary>Shortening a schedule (a time budget cut the planned epochs) keeps warm-up and base, moves the end.</summary>
public class WarmupCosineRescheduleTests
{
    [Fact]
    public void WithTotalStepsEndsTheCosineAtTheNewTotal()
    {
        var planned = new WarmupCosineSchedule(1.0, warmupSteps: 10, totalSteps: 1000, finalLearningRate: 0.1);
        WarmupCosineSchedule shortened = planned.WithTotalSteps(110);
        Assert.Equal(planned.At(5), shortened.At(5));                  // warm-up unchanged
        Assert.Equal(0.55, shortened.At(60), 12);                      // midpoint of the new decay: (1 + 0.1) / 2
        Assert.Equal(0.1, shortened.At(110), 12);                      // annealed at the new end
        Assert.True(planned.At(60) > 0.99);                            // the original had barely started decaying
    }

    [Fact]
    public void ConstantScheduleIgnoresNewTotals()
    {
        WarmupCosineSchedule constant = WarmupCosineSchedule.Constant(0.3);
        Assert.Same(constant, constant.WithTotalSteps(5));
        Assert.Equal(0.3, constant.WithTotalSteps(5).At(1_000_000));
    }
}
