using System;
using SslDsl.Optimization;

namespace SslDsl.Tests.Optimization;

/// <summary>
/// Linear warm-up base·(step+1)/W for steps 0..W−1, then final + (base − final)·½(1 + cos(π·(step − W)/(T − W))),
/// clamped at final from step T on. Base 1.2, final 0.2, W = 10, T = 110 (100 decay steps).
/// </summary>
public sealed class WarmupCosineScheduleTests
{
    private readonly WarmupCosineSchedule schedule = new(1.2, warmupSteps: 10, totalSteps: 110, finalLearningRate: 0.2);

    [Fact]
    public void FirstStepIsOneWarmupFractionOfBase() => Assert.Equal(0.12, schedule.At(0), 15);

    [Fact]
    public void WarmupRisesLinearly()
    {
        Assert.Equal(0.6, schedule.At(4), 15);
        Assert.Equal(1.2 * 7 / 10, schedule.At(6), 15);
    }

    [Fact]
    public void EndOfWarmupReachesBase()
    {
        Assert.Equal(1.2, schedule.At(9), 15);   // last warm-up step
        Assert.Equal(1.2, schedule.At(10), 15);  // first decay step: cos(0) = 1
    }

    [Fact]
    public void MidpointOfDecayIsMeanOfBaseAndFinal() => Assert.Equal((1.2 + 0.2) / 2, schedule.At(60), 15);

    [Fact]
    public void QuarterOfDecayFollowsTheCosine()
    {
        // progress 1/4: ½(1 + cos(π/4)) = ½ + √2/4
        Assert.Equal(0.2 + (1.0 * (0.5 + (Math.Sqrt(2) / 4))), schedule.At(35), 14);
    }

    [Fact]
    public void LastStepIsOneDecayStepAboveFinal()
    {
        // step T − 1 = 109: progress 99/100
        double expected = 0.2 + (1.0 * 0.5 * (1 + Math.Cos(Math.PI * 0.99)));
        Assert.Equal(expected, schedule.At(109), 15);
        Assert.True(schedule.At(109) > 0.2);
    }

    [Theory]
    [InlineData(110)]
    [InlineData(111)]
    [InlineData(1_000_000)]
    public void AtAndPastTheEndStaysAtFinal(long step) => Assert.Equal(0.2, schedule.At(step), 15);

    [Fact]
    public void WithoutWarmupStartsAtBase()
    {
        var noWarmup = new WarmupCosineSchedule(0.5, 0, 100);
        Assert.Equal(0.5, noWarmup.At(0), 15);
        Assert.Equal(0.25, noWarmup.At(50), 15);
        Assert.Equal(0.0, noWarmup.At(100), 15);
    }

    [Fact]
    public void WarmupLongerThanTotalIsClampedToTotal()
    {
        var allWarmup = new WarmupCosineSchedule(1.0, 50, 20);
        Assert.Equal(20, allWarmup.WarmupSteps);
        Assert.Equal(0.05, allWarmup.At(0), 15);
        Assert.Equal(1.0, allWarmup.At(19), 15);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(12_345L)]
    [InlineData(long.MaxValue - 1)]
    public void ConstantNeverChanges(long step) => Assert.Equal(0.3, WarmupCosineSchedule.Constant(0.3).At(step));

    [Theory]
    [InlineData(0.0, 0L, 10L)]
    [InlineData(-1.0, 0L, 10L)]
    [InlineData(double.NaN, 0L, 10L)]
    [InlineData(0.1, 0L, 0L)]
    [InlineData(0.1, -1L, 10L)]
    public void InvalidArgumentsAreRejected(double baseLr, long warmup, long total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupCosineSchedule(baseLr, warmup, total));
}
