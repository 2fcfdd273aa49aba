using System;
using SslDsl.Evaluation.Sequences;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Sequences;

/// <summary>The naive forecasts on a context of two channels, (1, 2, 4) and (5, 5, 3), worked out by hand.</summary>
public sealed class ForecastBaselinesTests
{
    [Fact]
    public void LastValueRepeatsTheLastStep()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new float[] { 4, 4, 3, 3 }, ForecastBaselines.LastValue(Context(), 2).data<float>().ToArray());
    }

    [Fact]
    public void SeasonalNaiveRepeatsTheLastSeason()
    {
        using var scope = NewDisposeScope();
        // period 2, L = 3: step h reads context[1 + h mod 2] → steps 1, 2, 1
        Assert.Equal(new float[] { 2, 4, 2, 5, 3, 5 }, ForecastBaselines.SeasonalNaive(Context(), 3, period: 2).data<float>().ToArray());
        // period 1 is persistence
        Assert.Equal(new float[] { 4, 4, 3, 3 }, ForecastBaselines.SeasonalNaive(Context(), 2, period: 1).data<float>().ToArray());
        Assert.Contains("the season must be in [1, 3]", Assert.Throws<ArgumentOutOfRangeException>(() => ForecastBaselines.SeasonalNaive(Context(), 2, period: 4)).Message);
    }

    [Fact]
    public void DriftContinuesTheLineThroughFirstAndLast()
    {
        using var scope = NewDisposeScope();
        // channel 0: slope (4 − 1) / 2 = 1.5 → 5.5, 7; channel 1: slope (3 − 5) / 2 = −1 → 2, 1
        Assert.Equal(new float[] { 5.5f, 7, 2, 1 }, ForecastBaselines.Drift(Context(), 2).data<float>().ToArray());
    }

    [Fact]
    public void RejectsAHorizonBelowOneAndNonWindows()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => ForecastBaselines.LastValue(Context(), 0));
        Assert.Contains("[N, C, T]", Assert.Throws<ArgumentException>(() => ForecastBaselines.LastValue(zeros(3, 4), 1)).Message);
    }

    private static Tensor Context() => tensor(new float[] { 1, 2, 4, 5, 5, 3 }, new long[] { 1, 2, 3 });
}
