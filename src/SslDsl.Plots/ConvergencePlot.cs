using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;
using SslDsl.IO;

namespace SslDsl.Plots;

/// <summary>Line charts of training curves (loss, accuracy, ... against step or epoch), saved as PNG.</summary>
public static class ConvergencePlot
{
    /// <summary>
    /// Draws one line per series, with title, axis labels and a legend, and writes a PNG of
    /// <paramref name="width"/> × <paramref name="height"/> pixels to <paramref name="path"/>.
    /// The folder is created if needed; the file is written to a temporary name in the same folder and
    /// then renamed over <paramref name="path"/>, so readers never see a partial image.
    /// Points whose X or Y is NaN or infinite are left out (a diverged loss does not break the axes).
    /// </summary>
    /// <param name="path">The PNG file to write (overwritten if present).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="series">The curves: a legend name and equally long X and Y values.</param>
    /// <param name="xLabel">The X-axis label, e.g. "epoch".</param>
    /// <param name="yLabel">The Y-axis label, e.g. "loss".</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>The full path of the written file.</returns>
    public static string Save(
        string path,
        string title,
        IReadOnlyList<(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series,
        string xLabel,
        string yLabel,
        int width = 800,
        int height = 500)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);

        byte[] png = Render(title, series, xLabel, yLabel, width, height);

        AtomicFile.Write(path, stream => stream.Write(png));
        return Path.GetFullPath(path);
    }

    private static byte[] Render(
        string title,
        IReadOnlyList<(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series,
        string xLabel,
        string yLabel,
        int width,
        int height)
    {
        using var plot = new Plot();
        bool anyLegend = false;
        var drawn = new List<(double X, double Y)>();
        for (int s = 0; s < series.Count; s++)
        {
            var (name, x, y) = series[s];
            ArgumentNullException.ThrowIfNull(x, $"{nameof(series)}[{s}].X");
            ArgumentNullException.ThrowIfNull(y, $"{nameof(series)}[{s}].Y");
            if (x.Count != y.Count)
            {
                throw new ArgumentException($"Series {s} ('{name}') has {x.Count} X values but {y.Count} Y values.", nameof(series));
            }

            var xs = new List<double>(x.Count);
            var ys = new List<double>(y.Count);
            for (int i = 0; i < x.Count; i++)
            {
                if (double.IsFinite(x[i]) && double.IsFinite(y[i]))
                {
                    xs.Add(x[i]);
                    ys.Add(y[i]);
                }
            }

            drawn.AddRange(xs.Zip(ys));
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.LineWidth = 2;
            line.MarkerSize = xs.Count <= 50 ? 5 : 0;
            if (!string.IsNullOrEmpty(name))
            {
                line.LegendText = name;
                anyLegend = true;
            }
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (anyLegend)
        {
            plot.ShowLegend(EmptiestCorner(drawn));
        }

        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// The corner whose third of the width and of the height holds the fewest points, so the legend hides as little as
    /// it can (a falling loss leaves the upper right free, a rising accuracy the lower right); upper right on a tie.
    /// </summary>
    internal static Alignment EmptiestCorner(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count == 0)
        {
            return Alignment.UpperRight;
        }

        double minX = points.Min(p => p.X), maxX = points.Max(p => p.X), minY = points.Min(p => p.Y), maxY = points.Max(p => p.Y);
        double w = Math.Max(maxX - minX, 1e-12) / 3, h = Math.Max(maxY - minY, 1e-12) / 3;
        (Alignment Corner, Func<(double X, double Y), bool> Inside)[] corners =
        {
            (Alignment.UpperRight, p => p.X >= maxX - w && p.Y >= maxY - h),
            (Alignment.LowerRight, p => p.X >= maxX - w && p.Y <= minY + h),
            (Alignment.UpperLeft, p => p.X <= minX + w && p.Y >= maxY - h),
            (Alignment.LowerLeft, p => p.X <= minX + w && p.Y <= minY + h),
        };
        return corners.OrderBy(c => points.Count(c.Inside)).First().Corner; // OrderBy is stable: ties keep this order
    }
}
