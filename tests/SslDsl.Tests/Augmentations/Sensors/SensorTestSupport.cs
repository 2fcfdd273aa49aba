using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Augmentations.Sensors;

/// <summary>Seeded [B, C, T] inputs and plain float64 references (loops) for the sensor augmentation tests.</summary>
internal static class SensorTestSupport
{
    /// <summary>N(0, 1) series [B, C, T] from their own seeded generator (not the one the op under test uses).</summary>
    public static Tensor RandomSeries(long batch, long channels, long length, ulong seed = 2024, ScalarType dtype = ScalarType.Float32)
    {
        using var generator = new torch.Generator(seed);
        return torch.randn(new[] { batch, channels, length }, dtype: dtype, generator: generator);
    }

    /// <summary>
    /// Not-a-knot cubic spline (scipy's CubicSpline default) through (xs[i], ys[i]), evaluated at t, solved directly for
    /// the coefficients a + b u + c u² + d u³ of every piece: values at both ends of each piece, equal first and
    /// second derivatives at the interior knots, equal third derivatives across the first and the last interior knot.
    /// Needs at least 4 knots.
    /// </summary>
    public static double NotAKnotSpline(double[] xs, double[] ys, double t)
    {
        var n = xs.Length - 1;
        if (n < 3) throw new ArgumentException("the reference needs at least 4 knots", nameof(xs));
        var size = 4 * n;
        var a = new double[size, size + 1];
        var row = 0;
        for (var i = 0; i < n; i++)
        {
            var h = xs[i + 1] - xs[i];
            a[row, 4 * i] = 1; a[row, size] = ys[i]; row++;
            a[row, 4 * i] = 1; a[row, 4 * i + 1] = h; a[row, 4 * i + 2] = h * h; a[row, 4 * i + 3] = h * h * h; a[row, size] = ys[i + 1]; row++;
            if (i < n - 1)
            {
                a[row, 4 * i + 1] = 1; a[row, 4 * i + 2] = 2 * h; a[row, 4 * i + 3] = 3 * h * h; a[row, 4 * (i + 1) + 1] = -1; row++;
                a[row, 4 * i + 2] = 2; a[row, 4 * i + 3] = 6 * h; a[row, 4 * (i + 1) + 2] = -2; row++;
            }
        }

        a[row, 3] = 1; a[row, 7] = -1; row++;
        a[row, 4 * (n - 2) + 3] = 1; a[row, 4 * (n - 1) + 3] = -1; row++;
        Assert.Equal(size, row);
        var coefficients = Solve(a, size);

        var piece = n - 1;
        for (var i = 0; i < n; i++)
        {
            if (t <= xs[i + 1]) { piece = i; break; }
        }

        var u = t - xs[piece];
        return coefficients[4 * piece] + coefficients[4 * piece + 1] * u + coefficients[4 * piece + 2] * u * u + coefficients[4 * piece + 3] * u * u * u;
    }

    /// <summary>np.interp(position, 0..T-1, series): linear interpolation on the integer grid, clamped at the ends.</summary>
    public static double Interpolate(double[] series, double position)
    {
        var last = series.Length - 1;
        if (position <= 0) return series[0];
        if (position >= last) return series[last];
        var left = (int)Math.Floor(position);
        var w = position - left;
        return series[left] * (1 - w) + series[left + 1] * w;
    }

    /// <summary>Knot times of K evenly spaced knots on [0, T - 1] (np.linspace(0, T - 1, K)).</summary>
    public static double[] KnotTimes(int k, long length)
    {
        var xs = new double[k];
        for (var i = 0; i < k; i++) xs[i] = i * (length - 1.0) / (k - 1);
        return xs;
    }

    private static double[] Solve(double[,] a, int n)
    {
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            for (var c = 0; c <= n; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (var r = col + 1; r < n; r++)
            {
                var f = a[r, col] / a[col, col];
                for (var c = col; c <= n; c++) a[r, c] -= f * a[col, c];
            }
        }

        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = a[i, n];
            for (var j = i + 1; j < n; j++) s -= a[i, j] * x[j];
            x[i] = s / a[i, i];
        }

        return x;
    }
}
