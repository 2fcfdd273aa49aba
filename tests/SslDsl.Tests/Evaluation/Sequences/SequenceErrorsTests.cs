using System;
using SslDsl.Evaluation.Sequences;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Sequences;

/// <summary>
/// One window, two channels, two steps: predicted (1, 2 | 3, 4), truth (0, 4 | 3, 1), so the differences are
/// (1, −2) on channel 0 and (0, 3) on channel 1.
/// </summary>
public sealed class SequenceErrorsTests
{
    [Fact]
    public void ErrorsPerChannelOverEveryEntry()
    {
        using var scope = NewDisposeScope();
        SequenceErrorSummary errors = SequenceErrors.Compute(Predicted(), Truth());
        Assert.Equal(new[] { 1.5, 1.5 }, errors.Mae);
        Assert.Equal(Math.Sqrt(2.5), errors.Rmse[0], 12); // (1 + 4) / 2
        Assert.Equal(Math.Sqrt(4.5), errors.Rmse[1], 12); // (0 + 9) / 2
        Assert.Equal(new long[] { 2, 2 }, errors.Count);
    }

    [Fact]
    public void ScaleConvertsToTheChannelsUnits()
    {
        using var scope = NewDisposeScope();
        SequenceErrorSummary errors = SequenceErrors.Compute(Predicted(), Truth(), channelScale: new[] { 2.0, 10.0 });
        Assert.Equal(new[] { 3.0, 15.0 }, errors.Mae);
        Assert.Equal(10 * Math.Sqrt(4.5), errors.Rmse[1], 12);
    }

    [Fact]
    public void AMaskScoresOnlyTheHiddenEntries()
    {
        using var scope = NewDisposeScope();
        Tensor lastStep = tensor(new float[] { 0, 1, 0, 1 }, new long[] { 1, 2, 2 });
        SequenceErrorSummary errors = SequenceErrors.Compute(Predicted(), Truth(), lastStep);
        Assert.Equal(new[] { 2.0, 3.0 }, errors.Mae);
        Assert.Equal(new long[] { 1, 1 }, errors.Count);

        Tensor channelZeroOnly = tensor(new float[] { 1, 1, 0, 0 }, new long[] { 1, 2, 2 });
        Assert.Contains("channel 1 has no scored entry", Assert.Throws<ArgumentException>(() => SequenceErrors.Compute(Predicted(), Truth(), channelZeroOnly)).Message);
    }

    [Fact]
    public void PerSampleIsTheMeanAbsoluteErrorOfEachWindow()
    {
        using var scope = NewDisposeScope();
        Tensor two = cat(new[] { Predicted(), Truth() }, 0);
        Tensor truth = cat(new[] { Truth(), Truth() }, 0);
        Assert.Equal(new[] { 1.5, 0.0 }, SequenceErrors.PerSample(two, truth)); // (1 + 2 + 0 + 3) / 4
    }

    [Fact]
    public void RejectsMismatchedShapesAndScales()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("must have the shape of predicted", Assert.Throws<ArgumentException>(() => SequenceErrors.Compute(Predicted(), zeros(1, 2, 3))).Message);
        Assert.Contains("2 finite factors", Assert.Throws<ArgumentException>(() => SequenceErrors.Compute(Predicted(), Truth(), channelScale: new[] { 1.0 })).Message);
    }

    private static Tensor Predicted() => tensor(new float[] { 1, 2, 3, 4 }, new long[] { 1, 2, 2 });

    private static Tensor Truth() => tensor(new float[] { 0, 4, 3, 1 }, new long[] { 1, 2, 2 });
}
