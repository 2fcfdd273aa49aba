using System;
using SslDsl.Evaluation;

namespace SslDsl.Tests.Evaluation;

/// <summary>AUROC against values counted by hand over every (positive, negative) pair.</summary>
public sealed class AurocTests
{
    [Fact]
    public void CountsThePairsAPositiveWins()
    {
        // positives 0.35, 0.8; negatives 0.1, 0.4: 0.35 beats 0.1 only, 0.8 beats both → 3 of 4 pairs
        Assert.Equal(0.75, Auroc.Compute(new[] { 0.1, 0.4, 0.35, 0.8 }, new[] { false, false, true, true }), 12);
    }

    [Fact]
    public void TiesCountOneHalf()
    {
        // positives 1, 2; negative 1: (1 vs 1) tie = 0.5, (2 vs 1) = 1 → 1.5 / 2
        Assert.Equal(0.75, Auroc.Compute(new[] { 1.0, 1.0, 2.0 }, new[] { true, false, true }), 12);
        // all equal: every pair a tie
        Assert.Equal(0.5, Auroc.Compute(new[] { 3.0, 3.0, 3.0, 3.0 }, new[] { true, false, false, true }), 12);
    }

    [Fact]
    public void PerfectAndReversedRankingsGiveOneAndZero()
    {
        bool[] labels = { false, true, false, true, true };
        Assert.Equal(1.0, Auroc.Compute(new[] { 0.0, 5.0, 1.0, 7.0, 3.0 }, labels), 12);
        Assert.Equal(0.0, Auroc.Compute(new[] { 9.0, 5.0, 8.0, 1.0, 3.0 }, labels), 12);
    }

    [Fact]
    public void DoesNotDependOnTheOrderOfTheSamples()
    {
        // 2 positives (0.9, 0.3) and 3 negatives (0.5, 0.1, 0.3): 0.9 beats 3; 0.3 beats 0.1, ties 0.3 → 4.5 / 6
        Assert.Equal(0.75, Auroc.Compute(new[] { 0.9, 0.5, 0.3, 0.1, 0.3 }, new[] { true, false, true, false, false }), 12);
        Assert.Equal(0.75, Auroc.Compute(new[] { 0.3, 0.1, 0.3, 0.5, 0.9 }, new[] { false, false, true, false, true }), 12);
    }

    [Fact]
    public void RejectsInputsWithoutBothClassesOrWithNaN()
    {
        Assert.Contains("1 positive(s) and 0 negative(s)", Assert.Throws<ArgumentException>(() => Auroc.Compute(new[] { 1.0 }, new[] { true })).Message);
        Assert.Contains("0 positive(s) and 2 negative(s)", Assert.Throws<ArgumentException>(() => Auroc.Compute(new[] { 1.0, 2.0 }, new[] { false, false })).Message);
        Assert.Contains("score 1 is NaN", Assert.Throws<ArgumentException>(() => Auroc.Compute(new[] { 1.0, double.NaN }, new[] { true, false })).Message);
        Assert.Contains("2 scores but 1 labels", Assert.Throws<ArgumentException>(() => Auroc.Compute(new[] { 1.0, 2.0 }, new[] { true })).Message);
    }
}
