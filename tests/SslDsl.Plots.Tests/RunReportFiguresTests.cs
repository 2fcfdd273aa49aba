using System;
using System.IO;
using System.Linq;
using SkiaSharp;
using SslDsl.Evaluation.Health;
using SslDsl.Reports;
using SslDsl.Training;

namespace SslDsl.Plots.Tests;

/// <summary>The report's figures: one PNG per kind of data the report holds, of the plot size, listed in report.md.</summary>
public sealed class RunReportFiguresTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-reportfigures-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EachCurveTheReportHasBecomesAPngListedInTheReport()
    {
        var epochs = Enumerable.Range(1, 4).Select(e => new EpochReport(e, 10 * e, 3.0 / e, 0.1, 10 * e, KnnTopK(e), 500, new EmbeddingHealth(10 * e, 5 + e, 16, 0.2), 0.5 + (0.05 * e))).ToArray();
        var run = new PretrainReport(epochs, Enumerable.Range(1, 20).Select(s => new LossPoint(2 * s, 3.0 / s)).ToArray(), 40, 40, null, null, epochs.Select(e => e.Health!).ToArray());
        var report = new RunReport("Demo", null, 0, "BFloat16", RunEnvironment.Current("cpu")) { Pretraining = run };

        report.Write(folder, new RunReportFigures());

        string[] expected = { "loss.png", "accuracy.png", "rankme.png" };
        Assert.Equal(expected, report.Figures.Select(f => f.File));
        foreach (string file in expected)
        {
            using SKBitmap bitmap = SKBitmap.Decode(Path.Combine(folder, file));
            Assert.Equal(800, bitmap.Width);
            Assert.Equal(500, bitmap.Height);
            Assert.True(DistinctColours(bitmap) > 4, $"{file} looks empty");
        }

        string markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("![Demo: pretraining loss](loss.png)", markdown);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void ARunShorterThanOneLoggingWindowStillGetsItsLossFigureFromTheEpochMeans()
    {
        var epochs = new[] { new EpochReport(1, 2, 5.1, 0.1, 1.5), new EpochReport(2, 4, 4.7, 0.1, 3.0) };
        var report = new RunReport("Demo", null, 0, "Float32", RunEnvironment.Current("cpu"))
        {
            Pretraining = new PretrainReport(epochs, Array.Empty<LossPoint>(), 4, 3, null),
        };

        report.Write(folder, new RunReportFigures());

        Assert.Equal(new[] { "loss.png" }, report.Figures.Select(f => f.File));
        using SKBitmap bitmap = SKBitmap.Decode(Path.Combine(folder, "loss.png"));
        Assert.True(DistinctColours(bitmap) > 4, "loss.png looks empty");
    }

    [Fact]
    public void AReportWithoutCurvesDrawsNothing()
    {
        var report = new RunReport("Demo", null, 0, "Float32", RunEnvironment.Current("cpu"));
        report.Write(folder, new RunReportFigures());
        Assert.Empty(report.Figures);
        Assert.Empty(Directory.GetFiles(folder, "*.png"));
    }

    private static double? KnnTopK(int epoch) => epoch % 2 == 0 ? 0.6 + (0.05 * epoch) : null;

    private static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new System.Collections.Generic.HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 3)
        {
            for (int x = 0; x < bitmap.Width; x += 3)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }

        return colours.Count;
    }
}
