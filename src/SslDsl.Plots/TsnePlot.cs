using System;
using System.Collections.Generic;
using System.IO;
using ScottPlot;
using SslDsl.IO;
using static TorchSharp.torch;

namespace SslDsl.Plots;

/// <summary>Scatter plots of 2-D maps of embeddings (t-SNE, PCA), one colour per class with a legend, saved as PNG.</summary>
public static class TsnePlot
{
    /// <summary>
    /// Draws the points of <paramref name="map"/> <c>[N, 2]</c> coloured by <paramref name="labels"/> (N integer class
    /// ids in [0, classNames.Count)) with a legend of <paramref name="classNames"/>, and writes the PNG atomically (a
    /// temporary file in the same folder, then renamed over <paramref name="path"/>). The axes are "axis 1" and
    /// "axis 2": "t-SNE" by default, "PC" for a <c>Pca.Map</c>.
    /// </summary>
    /// <returns>The full path of the written file.</returns>
    public static string Save(string path, string title, Tensor map, Tensor labels, IReadOnlyList<string> classNames, int width = 900, int height = 700, string axis = "t-SNE")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 64);
        if (map.dim() != 2 || map.size(1) != 2 || labels.dim() != 1 || labels.size(0) != map.size(0) || labels.is_floating_point())
        {
            throw new ArgumentException($"a map [N, 2] and N integer labels are needed, got [{string.Join(", ", map.shape)}] and {labels.dtype} [{string.Join(", ", labels.shape)}]", nameof(map));
        }

        double[] points = map.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        long[] ids = labels.to(ScalarType.Int64).cpu().contiguous().data<long>().ToArray();
        var xs = new List<double>[classNames.Count];
        var ys = new List<double>[classNames.Count];
        for (int c = 0; c < classNames.Count; c++)
        {
            xs[c] = new List<double>();
            ys[c] = new List<double>();
        }

        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] < 0 || ids[i] >= classNames.Count)
            {
                throw new ArgumentException($"label {ids[i]} of point {i} is outside [0, {classNames.Count}) (one name per class)", nameof(labels));
            }

            xs[ids[i]].Add(points[2 * i]);
            ys[ids[i]].Add(points[2 * i + 1]);
        }

        using var plot = new Plot();
        IPalette palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < classNames.Count; c++)
        {
            var scatter = plot.Add.ScatterPoints(xs[c].ToArray(), ys[c].ToArray());
            scatter.Color = palette.GetColor(c);
            scatter.MarkerSize = ids.Length > 2000 ? 3 : 5;
            scatter.LegendText = classNames[c];
        }

        plot.Title(title);
        plot.XLabel(axis + " 1");
        plot.YLabel(axis + " 2");
        plot.HideGrid();
        plot.ShowLegend(Edge.Right); // beside the map, not over its points
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.Write(path, stream => stream.Write(png));
        return Path.GetFullPath(path);
    }
}
