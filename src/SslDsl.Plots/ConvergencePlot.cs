using System;
using System.Collections.Generic;
using System.IO;
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
            plot.ShowLegend(Alignment.UpperRight);
        }

        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
