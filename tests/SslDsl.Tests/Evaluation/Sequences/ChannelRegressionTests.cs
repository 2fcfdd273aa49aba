using System;
using System.Linq;
using SslDsl.Evaluation.Sequences;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Sequences;

/// <summary>Least squares of one channel on the others, on data that an exact line or plane generates.</summary>
public sealed class ChannelRegressionTests
{
    [Fact]
    public void RecoversAnExactLineInBothDirections()
    {
        using var scope = NewDisposeScope();
        // channel 1 = 2 + 3 · channel 0 at every step of two windows
        float[] a = { 0, 1, 2, -1, 0.5f, 4 };
        Tensor windows = Windows(a, a.Select(x => 2 + 3 * x).ToArray());

        ChannelRegression second = ChannelRegression.Fit(windows, target: 1);
        Assert.Equal(new[] { 2.0, 3.0 }, second.Coefficients, (x, y) => Math.Abs(x - y) < 1e-9);
        ChannelRegression first = ChannelRegression.Fit(windows, target: 0); // channel 0 = (channel 1 − 2) / 3
        Assert.Equal(new[] { -2.0 / 3, 1.0 / 3 }, first.Coefficients, (x, y) => Math.Abs(x - y) < 1e-9);

        Tensor unseen = Windows(new float[] { 10, -2, 0, 0, 0, 0 }, new float[] { 0, 0, 0, 0, 0, 0 });
        Assert.Equal(new float[] { 32, -4, 2, 2, 2, 2 }, second.Predict(unseen).data<float>().ToArray());
    }

    [Fact]
    public void UsesEveryOtherChannel()
    {
        using var scope = NewDisposeScope();
        // three channels, channel 2 = 1 + 2 · c0 − c1 (c0, c1 not collinear)
        float[] c0 = { 0, 1, 0, 2, 3, 1 }, c1 = { 0, 0, 1, 5, -1, 2 };
        float[] c2 = c0.Zip(c1, (x, y) => 1 + 2 * x - y).ToArray();
        var values = new float[18];
        for (int w = 0; w < 2; w++)
        {
            for (int t = 0; t < 3; t++)
            {
                values[(w * 3 + 0) * 3 + t] = c0[w * 3 + t];
                values[(w * 3 + 1) * 3 + t] = c1[w * 3 + t];
                values[(w * 3 + 2) * 3 + t] = c2[w * 3 + t];
            }
        }

        ChannelRegression fit = ChannelRegression.Fit(tensor(values, new long[] { 2, 3, 3 }), target: 2);
        Assert.Equal(new[] { 1.0, 2.0, -1.0 }, fit.Coefficients, (x, y) => Math.Abs(x - y) < 1e-9);
    }

    [Fact]
    public void RejectsOneChannelAndForeignWindows()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("at least 2 channels", Assert.Throws<ArgumentException>(() => ChannelRegression.Fit(zeros(2, 1, 3), 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelRegression.Fit(zeros(2, 2, 3), 2));
        ChannelRegression fit = ChannelRegression.Fit(Windows(new float[] { 0, 1, 2, 3, 4, 5 }, new float[] { 1, 2, 3, 4, 5, 7 }), 1);
        Assert.Contains("fitted on 2 channels", Assert.Throws<ArgumentException>(() => fit.Predict(zeros(1, 3, 3))).Message);
    }

    /// <summary>Two windows of three steps; the arrays hold channel values window by window.</summary>
    private static Tensor Windows(float[] channel0, float[] channel1)
    {
        var values = new float[12];
        for (int w = 0; w < 2; w++)
        {
            for (int t = 0; t < 3; t++)
            {
                values[(w * 2 + 0) * 3 + t] = channel0[w * 3 + t];
                values[(w * 2 + 1) * 3 + t] = channel1[w * 3 + t];
            }
        }

        return tensor(values, new long[] { 2, 2, 3 });
    }
}
