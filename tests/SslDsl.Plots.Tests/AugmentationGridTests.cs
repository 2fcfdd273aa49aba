using System;
using System.Collections.Generic;
using System.IO;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Plots.Tests;

public sealed class AugmentationGridTests : IDisposable
{
    private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ssldsl-grid-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int DistinctColours(SKBitmap bitmap, SKRectI? area = null)
    {
        var rect = area ?? new SKRectI(0, 0, bitmap.Width, bitmap.Height);
        var colours = new HashSet<SKColor>();
        for (int y = rect.Top; y < rect.Bottom; y++)
        {
            for (int x = rect.Left; x < rect.Right; x++)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }

        return colours.Count;
    }

    [Fact]
    public void ImageGridHasTheDocumentedSizeAndIsWrittenAtomically()
    {
        using var originals = torch.rand(3, 1, 28, 28, generator: new Generator(1));
        using var flipped = originals.flip(3);
        using var cropped = originals[.., .., 4..20, 2..26];
        string path = Path.Combine(_folder, "nested", "images.png");

        string written = AugmentationGrid.SaveImages(path, originals, new[] { ("flip", flipped), ("crop", cropped) }, title: "test grid",
            rowLabels: new[] { "a", "b", "c" }, tileSize: 56);

        Assert.Equal(Path.GetFullPath(path), written);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, bytes.AsSpan(0, 8).ToArray());
        using var bitmap = SKBitmap.Decode(bytes);
        // Margin 10 + row labels 120 + 3 tiles of 56 + 2 gaps of 6 + margin 10; 10 + title 30 + header 22 + 3 x 56 + 2 x 6 + 10.
        Assert.Equal(10 + 120 + 3 * 56 + 2 * 6 + 10, bitmap.Width);
        Assert.Equal(10 + 30 + 22 + 3 * 56 + 2 * 6 + 10, bitmap.Height);
        Assert.Equal((bitmap.Width, bitmap.Height), AugmentationGrid.ImageGridSize(3, 2, 56, hasTitle: true, hasRowLabels: true));
        Assert.True(DistinctColours(bitmap) > 20);
        Assert.Equal(new[] { path }, Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void TitlesAreRendered()
    {
        using var originals = torch.zeros(1, 3, 16, 16);
        using var view = torch.ones(1, 3, 16, 16);
        string path = Path.Combine(_folder, "titles.png");

        AugmentationGrid.SaveImages(path, originals, new[] { ("view", view) }, title: "Title text");

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(AugmentationGrid.ImageGridSize(1, 1, 96, hasTitle: true, hasRowLabels: false), (bitmap.Width, bitmap.Height));
        // The title band and the column-title band hold glyphs: more than the white background.
        var titleBand = new SKRectI(0, AugmentationGrid.Margin, bitmap.Width, AugmentationGrid.Margin + AugmentationGrid.TitleHeight);
        var headerBand = new SKRectI(0, AugmentationGrid.Margin + AugmentationGrid.TitleHeight, bitmap.Width,
            AugmentationGrid.Margin + AugmentationGrid.TitleHeight + AugmentationGrid.HeaderHeight);
        Assert.True(DistinctColours(bitmap, titleBand) > 2, "no text in the title band");
        Assert.True(DistinctColours(bitmap, headerBand) > 2, "no text in the column-title band");
    }

    [Fact]
    public void SeriesGridHasTheDocumentedSize()
    {
        using var t = torch.linspace(0, 6.28, 50);
        using var originals = torch.stack(new[] { t.sin(), t.cos() }).unsqueeze(0).repeat(4, 1, 1);
        using var scaled = originals * 1.5;
        using var shorter = originals[.., .., 10..40];
        string path = Path.Combine(_folder, "series.png");

        AugmentationGrid.SaveSeries(path, originals, new[] { ("scaled", scaled), ("crop", shorter) }, new[] { "sin", "cos" }, cellWidth: 150, cellHeight: 60);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(10 + 120 + 3 * 150 + 2 * 6 + 10, bitmap.Width);
        Assert.Equal(10 + 22 + 4 * 60 + 3 * 6 + 24 + 10, bitmap.Height);
        Assert.Equal((bitmap.Width, bitmap.Height), AugmentationGrid.SeriesGridSize(4, 2, 150, 60, hasTitle: false));
        Assert.True(DistinctColours(bitmap) > 10);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void OverwritesAnExistingFile()
    {
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, "grid.png");
        File.WriteAllText(path, "not a png");
        using var originals = torch.rand(2, 1, 8, 8);

        AugmentationGrid.SaveImages(path, originals, new[] { ("same", originals) });

        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void RejectsBadImageShapesAndLeavesNoFile()
    {
        string path = Path.Combine(_folder, "bad.png");
        using var originals = torch.rand(4, 1, 8, 8);
        using var wrongCount = torch.rand(3, 1, 8, 8);
        using var wrongChannels = torch.rand(4, 3, 8, 8);
        using var twoChannels = torch.rand(4, 2, 8, 8);
        using var series = torch.rand(4, 2, 30);

        var count = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveImages(path, originals, new[] { ("crop", wrongCount) }));
        Assert.Contains("View 'crop' has shape [3, 1, 8, 8]", count.Message);
        Assert.Contains("N = 4 and C = 1", count.Message);

        var channels = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveImages(path, originals, new[] { ("jitter", wrongChannels) }));
        Assert.Contains("View 'jitter' has shape [4, 3, 8, 8]", channels.Message);

        var badOriginals = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveImages(path, twoChannels, new[] { ("x", twoChannels) }));
        Assert.Contains("C = 1 or 3; got shape [4, 2, 8, 8]", badOriginals.Message);

        var rank = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveImages(path, series, new[] { ("x", series) }));
        Assert.Contains("[N, C, H, W]", rank.Message);

        var none = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveImages(path, originals, Array.Empty<(string, Tensor)>()));
        Assert.Contains("At least one augmented view", none.Message);

        var labels = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveImages(path, originals, new[] { ("x", originals) }, rowLabels: new[] { "a" }));
        Assert.Contains("1 row labels for 4 samples", labels.Message);

        using var nan = originals.clone();
        nan[0, 0, 0, 0] = torch.tensor(float.NaN);
        var notFinite = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveImages(path, originals, new[] { ("noise", nan) }));
        Assert.Contains("view 'noise' contain NaN", notFinite.Message);

        Assert.False(File.Exists(path));
        Assert.True(!Directory.Exists(_folder) || Directory.GetFiles(_folder).Length == 0);
    }

    [Fact]
    public void RejectsBadSeriesShapes()
    {
        string path = Path.Combine(_folder, "bad-series.png");
        using var originals = torch.rand(4, 2, 30);
        using var wrongChannels = torch.rand(4, 3, 30);
        using var images = torch.rand(4, 1, 8, 8);

        var channels = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveSeries(path, originals, new[] { ("dropout", wrongChannels) }));
        Assert.Contains("View 'dropout' has shape [4, 3, 30]; expected [N, C, T] with N = 4 and C = 2", channels.Message);

        var rank = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveSeries(path, images, new[] { ("x", images) }));
        Assert.Contains("sensor windows [N, C, T]", rank.Message);

        var names = Assert.Throws<ArgumentException>(() => AugmentationGrid.SaveSeries(path, originals, new[] { ("x", originals) }, new[] { "only one" }));
        Assert.Contains("1 channel names for 2 channels", names.Message);

        Assert.False(File.Exists(path));
    }
}
