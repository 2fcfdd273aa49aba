using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SkiaSharp;

namespace SslDsl.Plots.Tests;

public sealed class ConvergencePlotTests : IDisposable
{
    private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ssldsl-plot-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static IReadOnlyList<(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)> TwoCurves()
    {
        double[] epochs = Enumerable.Range(1, 30).Select(e => (double)e).ToArray();
        double[] train = epochs.Select(e => 2.3 * Math.Exp(-e / 8) + 0.2).ToArray();
        double[] valid = epochs.Select(e => 2.3 * Math.Exp(-e / 10) + 0.35).ToArray();
        return new (string, IReadOnlyList<double>, IReadOnlyList<double>)[]
        {
            ("train loss", epochs, train),
            ("validation loss", epochs, valid),
        };
    }

    [Fact]
    public void WritesAPngOfTheRequestedSizeIntoANewFolder()
    {
        string path = Path.Combine(_folder, "nested", "convergence.png");

        string written = ConvergencePlot.Save(path, "SimCLR on Fashion-MNIST", TwoCurves(), "epoch", "loss", width: 640, height: 400);

        Assert.Equal(Path.GetFullPath(path), written);
        Assert.True(File.Exists(path));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, bytes.AsSpan(0, 8).ToArray());

        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal(640, bitmap.Width);
        Assert.Equal(400, bitmap.Height);

        var colours = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }

        Assert.True(colours.Count > 1, $"the image has {colours.Count} distinct colour(s)");
        Assert.Equal(new[] { path }, Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void DefaultSizeAndOverwrite()
    {
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, "plot.png");
        File.WriteAllText(path, "not a png");

        ConvergencePlot.Save(path, "t", TwoCurves(), "step", "accuracy");

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(800, bitmap.Width);
        Assert.Equal(500, bitmap.Height);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void NonFiniteValuesAreSkipped()
    {
        string path = Path.Combine(_folder, "nan.png");
        var series = new (string, IReadOnlyList<double>, IReadOnlyList<double>)[]
        {
            ("loss", new double[] { 1, 2, 3, 4 }, new[] { 1.0, double.NaN, 0.5, double.PositiveInfinity }),
        };

        ConvergencePlot.Save(path, "diverged", series, "step", "loss", 320, 240);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(320, bitmap.Width);
    }

    [Fact]
    public void MismatchedSeriesLengthsThrowAndLeaveNoFile()
    {
        string path = Path.Combine(_folder, "bad.png");
        var series = new (string, IReadOnlyList<double>, IReadOnlyList<double>)[]
        {
            ("loss", new double[] { 1, 2, 3 }, new double[] { 1, 2 }),
        };

        var ex = Assert.Throws<ArgumentException>(() => ConvergencePlot.Save(path, "t", series, "x", "y"));

        Assert.Contains("3 X values but 2 Y values", ex.Message);
        Assert.False(File.Exists(path));
        Assert.True(!Directory.Exists(_folder) || Directory.GetFiles(_folder).Length == 0);
    }
}

/// <summary>The legend goes where the curves leave room.</summary>
public sealed class LegendPlacementTests
{
    [Fact]
    public void AFallingCurveLeavesTheUpperRightAndARisingOneTheLowerRight()
    {
        var falling = Enumerable.Range(0, 50).Select(i => ((double)i, 10.0 / (1 + i))).ToArray();
        var rising = Enumerable.Range(0, 50).Select(i => ((double)i, 1 - (1.0 / (1 + i)))).ToArray();
        Assert.Equal(ScottPlot.Alignment.UpperRight, ConvergencePlot.EmptiestCorner(falling));
        Assert.Equal(ScottPlot.Alignment.LowerRight, ConvergencePlot.EmptiestCorner(rising));
        Assert.Equal(ScottPlot.Alignment.UpperRight, ConvergencePlot.EmptiestCorner(Array.Empty<(double, double)>()));
    }
}
