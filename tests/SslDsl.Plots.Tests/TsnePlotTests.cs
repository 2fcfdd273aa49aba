using System;
using System.IO;
using ScottPlot;
using SkiaSharp;
using SslDsl.Plots;
using static TorchSharp.torch;

namespace SslDsl.Plots.Tests;

public sealed class TsnePlotTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-tsneplot-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EachClassIsDrawnInItsPaletteColourAtTheRequestedSize()
    {
        using var scope = NewDisposeScope();
        Tensor map = cat(new[] { randn(40, 2).add(-5), randn(40, 2), randn(40, 2).add(5) });
        Tensor labels = cat(new[] { zeros(40, ScalarType.Int64), ones(40, ScalarType.Int64), full(40, 2L, ScalarType.Int64) });
        string path = TsnePlot.Save(Path.Combine(folder, "map.png"), "three classes", map, labels, new[] { "a", "b", "c" }, 640, 480);
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(640, bitmap.Width);
        Assert.Equal(480, bitmap.Height);
        IPalette palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < 3; c++)
        {
            Color expected = palette.GetColor(c);
            int count = 0;
            for (int y = 0; y < bitmap.Height; y++)
            {
                for (int x = 0; x < bitmap.Width; x++)
                {
                    SKColor p = bitmap.GetPixel(x, y);
                    count += p.Red == expected.R && p.Green == expected.G && p.Blue == expected.B ? 1 : 0;
                }
            }

            Assert.True(count > 100, $"class {c}: {count} pixels of its colour");
        }

        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void LabelsOutsideTheClassNamesAreNamed()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => TsnePlot.Save(Path.Combine(folder, "bad.png"), "t", zeros(3, 2), tensor(new long[] { 0, 1, 5 }), new[] { "a", "b" }));
        Assert.Contains("label 5 of point 2", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "bad.png")));
    }
}
