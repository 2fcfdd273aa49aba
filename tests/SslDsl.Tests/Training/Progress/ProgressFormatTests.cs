using System;
using SslDsl.Training.Progress;

namespace SslDsl.Tests.Training.Progress;

/// <summary>Number shapes on the bar and in plain lines: fixed, invariant, and honest about NaN.</summary>
public sealed class ProgressFormatTests
{
    [Theory]
    [InlineData(3.14159265, "3.1416")]
    [InlineData(0, "0.0000")]
    [InlineData(12345.678901, "12345.6789")]
    [InlineData(0.00012345, "1.235e-04")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void LossHasFourDecimalsAndNamesNaN(double loss, string expected) =>
        Assert.Equal(expected, ProgressFormat.Loss(loss));

    [Theory]
    [InlineData(0.001, "1.00e-03")]
    [InlineData(0.3, "3.00e-01")]
    [InlineData(1.5e-6, "1.50e-06")]
    public void LearningRateIsInExponentForm(double rate, string expected) =>
        Assert.Equal(expected, ProgressFormat.LearningRate(rate));

    [Theory]
    [InlineData(512.4, "512")]
    [InlineData(37.24, "37.2")]
    [InlineData(double.NaN, "-")]
    public void RateIsWholeOnceLarge(double rate, string expected) =>
        Assert.Equal(expected, ProgressFormat.Rate(rate));

    [Fact]
    public void DurationIsHoursMinutesSecondsAndDashesWhenUnknown()
    {
        Assert.Equal("00:03:12", ProgressFormat.Duration(TimeSpan.FromSeconds(192)));
        Assert.Equal("123:04:05", ProgressFormat.Duration(new TimeSpan(5, 3, 4, 5)));
        Assert.Equal("--:--:--", ProgressFormat.Duration(null));
    }

    [Fact]
    public void EtaUsesTheRateSinceStart()
    {
        // 40 steps in 20 s is 0.5 s a step: 100 steps left take 50 s.
        Assert.Equal(TimeSpan.FromSeconds(50), ProgressFormat.Eta(40, TimeSpan.FromSeconds(20), 100));
        Assert.Null(ProgressFormat.Eta(0, TimeSpan.FromSeconds(20), 100));
        Assert.Equal(TimeSpan.Zero, ProgressFormat.Eta(40, TimeSpan.FromSeconds(20), 0));
    }

    [Fact]
    public void FormatsDoNotFollowTheCurrentCulture()
    {
        var (loss, rate, top1) = GermanCulture.Run(() =>
        {
            Assert.Equal(",", System.Globalization.CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator);
            return (ProgressFormat.Loss(3.14159), ProgressFormat.LearningRate(0.001), ProgressFormat.Accuracy(0.712));
        });

        Assert.Equal(("3.1416", "1.00e-03", "71.2%"), (loss, rate, top1));
    }
}
