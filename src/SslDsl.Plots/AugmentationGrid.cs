using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using SkiaSharp;
using SslDsl.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Plots;

/// <summary>
/// PNG grids that show originals next to their augmented views, so a person can check an augmentation pipeline:
/// one row per sample, one column for the originals and one per view, with column titles. Images
/// <c>[N, C, H, W]</c> (C = 1 or 3, values in [0, 1]) are drawn as tiles; sensor windows <c>[N, C, T]</c> as small
/// line plots, one line per channel, with a shared vertical range per row so that amplitude changes are visible.
/// Files are written atomically (a temporary file in the same folder, then a rename).
/// </summary>
/// <remarks>
/// Layout (pixels): a margin of <see cref="Margin"/> on every side; an optional title band of
/// <see cref="TitleHeight"/>; a column-title band of <see cref="HeaderHeight"/>; an optional row-label column of
/// <see cref="RowLabelWidth"/> (always present for sensor windows, where it also shows the row's value range);
/// the cells, separated by <see cref="Gap"/>; for sensor windows, a channel legend band of <see cref="LegendHeight"/>
/// at the bottom. <see cref="ImageGridSize"/> and <see cref="SeriesGridSize"/> give the resulting size.
/// </remarks>
public static class AugmentationGrid
{
    /// <summary>Empty border around the grid, pixels.</summary>
    public const int Margin = 10;

    /// <summary>Space between cells, pixels.</summary>
    public const int Gap = 6;

    /// <summary>Height of the title band (when a title is given), pixels.</summary>
    public const int TitleHeight = 30;

    /// <summary>Height of the column-title band, pixels.</summary>
    public const int HeaderHeight = 22;

    /// <summary>Width of the row-label column, pixels.</summary>
    public const int RowLabelWidth = 120;

    /// <summary>Height of the channel legend band of sensor grids, pixels.</summary>
    public const int LegendHeight = 24;

    private static readonly SKColor Background = SKColors.White;
    private static readonly SKColor TextColour = new(0x20, 0x20, 0x20);
    private static readonly SKColor FrameColour = new(0xB0, 0xB0, 0xB0);
    private static readonly SKColor CellColour = new(0xF4, 0xF4, 0xF4);

    private static readonly SKColor[] Palette =
    {
        new(0x1f, 0x77, 0xb4), new(0xd6, 0x27, 0x28), new(0x2c, 0xa0, 0x2c), new(0xff, 0x7f, 0x0e),
        new(0x94, 0x67, 0xbd), new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x17, 0xbe, 0xcf),
    };

    /// <summary>The pixel size of an image grid (see the remarks of <see cref="AugmentationGrid"/>).</summary>
    public static (int Width, int Height) ImageGridSize(int samples, int views, int tileSize, bool hasTitle, bool hasRowLabels) =>
        (2 * Margin + (hasRowLabels ? RowLabelWidth : 0) + (views + 1) * tileSize + views * Gap,
         2 * Margin + (hasTitle ? TitleHeight : 0) + HeaderHeight + samples * tileSize + (samples - 1) * Gap);

    /// <summary>The pixel size of a sensor-window grid (see the remarks of <see cref="AugmentationGrid"/>).</summary>
    public static (int Width, int Height) SeriesGridSize(int samples, int views, int cellWidth, int cellHeight, bool hasTitle) =>
        (2 * Margin + RowLabelWidth + (views + 1) * cellWidth + views * Gap,
         2 * Margin + (hasTitle ? TitleHeight : 0) + HeaderHeight + samples * cellHeight + (samples - 1) * Gap + LegendHeight);

    /// <summary>
    /// Writes a grid of images: row i shows <paramref name="originals"/>[i] and then each view's image i. Values are
    /// clipped to [0, 1]; each image is scaled to fit a <paramref name="tileSize"/> square, keeping its aspect ratio
    /// (nearest-neighbour when enlarged at least twofold, so pixels stay visible).
    /// </summary>
    /// <param name="path">The PNG file to write (folder created, file overwritten).</param>
    /// <param name="originals">float <c>[N, C, H, W]</c>, C = 1 (grey) or 3 (RGB).</param>
    /// <param name="views">One or more augmented batches with their column titles; each <c>[N, C, H', W']</c> with the same N and C.</param>
    /// <param name="title">An optional title above the grid.</param>
    /// <param name="rowLabels">Optional labels, one per sample, drawn left of each row ('\n' starts a new line).</param>
    /// <param name="tileSize">The side of each tile in pixels.</param>
    /// <returns>The full path of the written file.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, channel count or batch size, or non-finite values.</exception>
    public static string SaveImages(
        string path, Tensor originals, IReadOnlyList<(string Title, Tensor Images)> views, string? title = null,
        IReadOnlyList<string>? rowLabels = null, int tileSize = 96)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(views);
        ArgumentOutOfRangeException.ThrowIfLessThan(tileSize, 8);
        if (originals.dim() != 4 || (originals.shape[1] != 1 && originals.shape[1] != 3) || originals.shape[0] < 1)
        {
            throw new ArgumentException($"Originals must be images [N, C, H, W] with N >= 1 and C = 1 or 3; got shape [{Shape(originals)}].", nameof(originals));
        }

        long n = originals.shape[0];
        long c = originals.shape[1];
        CheckViews(views, n, rank: 4, channels: c, "[N, C, H, W]");
        CheckRowLabels(rowLabels, n);

        var columns = new List<(string Title, Grid Data)> { ("original", Grid.From(originals, "originals")) };
        foreach (var (viewTitle, images) in views)
        {
            columns.Add((viewTitle, Grid.From(images, $"view '{viewTitle}'")));
        }

        var (width, height) = ImageGridSize((int)n, views.Count, tileSize, title is not null, rowLabels is not null);
        byte[] png = Render(width, height, canvas =>
        {
            using var font = Font(13);
            int top = DrawTitleAndHeaders(canvas, title, columns, width, rowLabels is not null ? RowLabelWidth : 0, tileSize, font);
            for (int row = 0; row < n; row++)
            {
                int y = top + row * (tileSize + Gap);
                if (rowLabels is not null)
                {
                    DrawRowLabel(canvas, rowLabels[row], null, y, tileSize, font);
                }

                for (int col = 0; col < columns.Count; col++)
                {
                    int x = Margin + (rowLabels is not null ? RowLabelWidth : 0) + col * (tileSize + Gap);
                    DrawImageTile(canvas, columns[col].Data, row, new SKRect(x, y, x + tileSize, y + tileSize));
                }
            }
        });
        return WriteAtomically(path, png);
    }

    /// <summary>
    /// Writes a grid of small line plots: row i shows <paramref name="originals"/>[i] and then each view's window i,
    /// one line per channel, all cells of a row on the same vertical range (printed in the row-label column). Views
    /// of another length (e.g. crops) are stretched to the cell width.
    /// </summary>
    /// <param name="path">The PNG file to write (folder created, file overwritten).</param>
    /// <param name="originals">float <c>[N, C, T]</c>, C ≤ 8 drawn in distinct colours (more repeat the palette).</param>
    /// <param name="views">One or more augmented batches with their column titles; each <c>[N, C, T']</c> with the same N and C.</param>
    /// <param name="channelNames">Legend names, one per channel (default "channel 0", ...).</param>
    /// <param name="title">An optional title above the grid.</param>
    /// <param name="rowLabels">Optional labels, one per sample ('\n' starts a new line).</param>
    /// <param name="cellWidth">Width of each plot in pixels.</param>
    /// <param name="cellHeight">Height of each plot in pixels.</param>
    /// <returns>The full path of the written file.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, channel count or batch size, or non-finite values.</exception>
    public static string SaveSeries(
        string path, Tensor originals, IReadOnlyList<(string Title, Tensor Windows)> views, IReadOnlyList<string>? channelNames = null,
        string? title = null, IReadOnlyList<string>? rowLabels = null, int cellWidth = 200, int cellHeight = 80)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(views);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellWidth, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellHeight, 16);
        if (originals.dim() != 3 || originals.shape[0] < 1 || originals.shape[1] < 1 || originals.shape[2] < 2)
        {
            throw new ArgumentException($"Originals must be sensor windows [N, C, T] with N >= 1, C >= 1 and T >= 2; got shape [{Shape(originals)}].", nameof(originals));
        }

        long n = originals.shape[0];
        long c = originals.shape[1];
        CheckViews(views, n, rank: 3, channels: c, "[N, C, T]");
        CheckRowLabels(rowLabels, n);
        if (channelNames is not null && channelNames.Count != c)
        {
            throw new ArgumentException($"{channelNames.Count} channel names for {c} channels.", nameof(channelNames));
        }

        var columns = new List<(string Title, Grid Data)> { ("original", Grid.From(originals, "originals")) };
        foreach (var (viewTitle, windows) in views)
        {
            if (windows.shape[2] < 2)
            {
                throw new ArgumentException($"View '{viewTitle}' has T = {windows.shape[2]}; a line needs at least 2 points.", nameof(views));
            }

            columns.Add((viewTitle, Grid.From(windows, $"view '{viewTitle}'")));
        }

        var (width, height) = SeriesGridSize((int)n, views.Count, cellWidth, cellHeight, title is not null);
        byte[] png = Render(width, height, canvas =>
        {
            using var font = Font(13);
            using var small = Font(11);
            int top = DrawTitleAndHeaders(canvas, title, columns, width, RowLabelWidth, cellWidth, font);
            for (int row = 0; row < n; row++)
            {
                int y = top + row * (cellHeight + Gap);
                float low = float.PositiveInfinity;
                float high = float.NegativeInfinity;
                foreach (var (_, grid) in columns)
                {
                    var (lo, hi) = grid.Range(row);
                    low = Math.Min(low, lo);
                    high = Math.Max(high, hi);
                }

                if (high - low < 1e-6f)
                {
                    low -= 0.5f;
                    high += 0.5f;
                }

                string range = $"[{low.ToString("0.##", CultureInfo.InvariantCulture)}, {high.ToString("0.##", CultureInfo.InvariantCulture)}]";
                DrawRowLabel(canvas, rowLabels?[row], range, y, cellHeight, font, small);
                for (int col = 0; col < columns.Count; col++)
                {
                    int x = Margin + RowLabelWidth + col * (cellWidth + Gap);
                    DrawSeriesCell(canvas, columns[col].Data, row, new SKRect(x, y, x + cellWidth, y + cellHeight), low, high);
                }
            }

            DrawLegend(canvas, channelNames, (int)c, height - Margin - LegendHeight, font);
        });
        return WriteAtomically(path, png);
    }

    private static void CheckViews<T>(IReadOnlyList<(string Title, T Tensor)> views, long n, int rank, long channels, string expected)
        where T : Tensor
    {
        if (views.Count == 0)
        {
            throw new ArgumentException("At least one augmented view is needed.", nameof(views));
        }

        foreach (var (title, tensor) in views)
        {
            if (title is null || tensor is null)
            {
                throw new ArgumentException("Each view needs a title and a tensor.", nameof(views));
            }

            if (tensor.dim() != rank || tensor.shape[0] != n || tensor.shape[1] != channels)
            {
                throw new ArgumentException(
                    $"View '{title}' has shape [{Shape(tensor)}]; expected {expected} with N = {n} and C = {channels} like the originals.", nameof(views));
            }
        }
    }

    private static void CheckRowLabels(IReadOnlyList<string>? rowLabels, long n)
    {
        if (rowLabels is not null && rowLabels.Count != n)
        {
            throw new ArgumentException($"{rowLabels.Count} row labels for {n} samples.", nameof(rowLabels));
        }
    }

    private static string Shape(Tensor t) => string.Join(", ", t.shape);

    /// <summary>A tensor copied to the host as float32, row-major, with its shape.</summary>
    private sealed class Grid
    {
        private Grid(float[] values, long[] shape)
        {
            Values = values;
            Shape = shape;
        }

        public float[] Values { get; }

        public long[] Shape { get; }

        public long ItemSize => Values.LongLength / Shape[0];

        public static Grid From(Tensor tensor, string what)
        {
            using var scope = torch.NewDisposeScope();
            var host = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
            float[] values = host.data<float>().ToArray();
            foreach (float v in values)
            {
                if (!float.IsFinite(v))
                {
                    throw new ArgumentException($"The {what} contain NaN or infinite values (shape [{string.Join(", ", tensor.shape)}]).");
                }
            }

            return new Grid(values, tensor.shape);
        }

        public (float Low, float High) Range(int item)
        {
            var span = Values.AsSpan((int)(item * ItemSize), (int)ItemSize);
            float low = float.PositiveInfinity;
            float high = float.NegativeInfinity;
            foreach (float v in span)
            {
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }

            return (low, high);
        }
    }

    private static SKFont Font(float size) => new(Typeface.Value, size) { Edging = SKFontEdging.Antialias, Subpixel = true };

    /// <summary>DejaVu Sans (Debian package fonts-dejavu-core) when available, else the default face.</summary>
    private static readonly Lazy<SKTypeface> Typeface = new(() =>
    {
        var named = SKTypeface.FromFamilyName("DejaVu Sans");
        if (named is not null && named.GlyphCount > 0)
        {
            return named;
        }

        foreach (string file in new[] { "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf" })
        {
            if (File.Exists(file) && SKTypeface.FromFile(file) is { GlyphCount: > 0 } face)
            {
                return face;
            }
        }

        return named ?? SKTypeface.Default;
    });

    private static byte[] Render(int width, int height, Action<SKCanvas> draw)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"SkiaSharp could not create a {width} x {height} surface.");
        var canvas = surface.Canvas;
        canvas.Clear(Background);
        draw(canvas);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static int DrawTitleAndHeaders(SKCanvas canvas, string? title, List<(string Title, Grid Data)> columns, int width, int labelWidth, int cellWidth, SKFont font)
    {
        using var paint = new SKPaint { Color = TextColour, IsAntialias = true };
        int y = Margin;
        if (title is not null)
        {
            using var big = Font(17);
            canvas.DrawText(Fit(title, big, width - 2 * Margin), width / 2f, y + 21, SKTextAlign.Center, big, paint);
            y += TitleHeight;
        }

        for (int col = 0; col < columns.Count; col++)
        {
            float x = Margin + labelWidth + col * (cellWidth + Gap) + cellWidth / 2f;
            canvas.DrawText(Fit(columns[col].Title, font, cellWidth + Gap), x, y + 15, SKTextAlign.Center, font, paint);
        }

        return y + HeaderHeight;
    }

    private static void DrawRowLabel(SKCanvas canvas, string? label, string? range, int y, int cellHeight, SKFont font, SKFont? small = null)
    {
        var lines = new List<(string Text, SKFont Font, SKColor Colour)>();
        if (label is not null)
        {
            foreach (string line in label.Split('\n'))
            {
                lines.Add((line, font, TextColour));
            }
        }

        if (range is not null)
        {
            lines.Add((range, small ?? font, new SKColor(0x60, 0x60, 0x60)));
        }

        const float lineHeight = 16;
        float baseline = y + cellHeight / 2f - lines.Count * lineHeight / 2f + 12;
        foreach (var (text, lineFont, colour) in lines)
        {
            using var paint = new SKPaint { Color = colour, IsAntialias = true };
            canvas.DrawText(Fit(text, lineFont, RowLabelWidth - 8), Margin, baseline, SKTextAlign.Left, lineFont, paint);
            baseline += lineHeight;
        }
    }

    /// <summary>Shortens <paramref name="text"/> with an ellipsis until it fits <paramref name="width"/> pixels.</summary>
    private static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        for (int length = text.Length - 1; length > 0; length--)
        {
            string shorter = text[..length] + "…";
            if (font.MeasureText(shorter) <= width)
            {
                return shorter;
            }
        }

        return "…";
    }

    private static void DrawImageTile(SKCanvas canvas, Grid grid, int item, SKRect tile)
    {
        int channels = (int)grid.Shape[1];
        int h = (int)grid.Shape[2];
        int w = (int)grid.Shape[3];
        var pixels = new byte[h * w * 4];
        int plane = h * w;
        int offset = (int)(item * grid.ItemSize);
        for (int p = 0; p < plane; p++)
        {
            byte r = ToByte(grid.Values[offset + p]);
            byte g = channels == 3 ? ToByte(grid.Values[offset + plane + p]) : r;
            byte b = channels == 3 ? ToByte(grid.Values[offset + 2 * plane + p]) : r;
            pixels[4 * p] = r;
            pixels[4 * p + 1] = g;
            pixels[4 * p + 2] = b;
            pixels[4 * p + 3] = 255;
        }

        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(bitmap);

        float scale = Math.Min(tile.Width / w, tile.Height / h);
        float dw = w * scale;
        float dh = h * scale;
        var dest = SKRect.Create(tile.MidX - dw / 2, tile.MidY - dh / 2, dw, dh);
        using (var cell = new SKPaint { Color = CellColour })
        {
            canvas.DrawRect(tile, cell);
        }

        var sampling = scale >= 2 ? new SKSamplingOptions(SKFilterMode.Nearest) : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        canvas.DrawImage(image, dest, sampling);
        using var frame = new SKPaint { Color = FrameColour, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawRect(dest, frame);
    }

    private static byte ToByte(float v) => (byte)Math.Round(Math.Clamp(v, 0f, 1f) * 255f);

    private static void DrawSeriesCell(SKCanvas canvas, Grid grid, int item, SKRect cell, float low, float high)
    {
        using (var background = new SKPaint { Color = CellColour })
        {
            canvas.DrawRect(cell, background);
        }

        const float inset = 4;
        float top = cell.Top + inset;
        float bottom = cell.Bottom - inset;
        float Y(float v) => bottom - (v - low) / (high - low) * (bottom - top);

        if (low < 0 && high > 0)
        {
            using var zero = new SKPaint { Color = FrameColour, StrokeWidth = 1, PathEffect = SKPathEffect.CreateDash(new[] { 3f, 3f }, 0) };
            canvas.DrawLine(cell.Left, Y(0), cell.Right, Y(0), zero);
        }

        int channels = (int)grid.Shape[1];
        int length = (int)grid.Shape[2];
        int offset = (int)(item * grid.ItemSize);
        float step = (cell.Width - 2 * inset) / (length - 1);
        canvas.Save();
        canvas.ClipRect(cell);
        for (int c = 0; c < channels; c++)
        {
            using var path = new SKPath();
            for (int t = 0; t < length; t++)
            {
                float x = cell.Left + inset + t * step;
                float y = Y(grid.Values[offset + c * length + t]);
                if (t == 0)
                {
                    path.MoveTo(x, y);
                }
                else
                {
                    path.LineTo(x, y);
                }
            }

            using var line = new SKPaint { Color = Palette[c % Palette.Length], Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
            canvas.DrawPath(path, line);
        }

        canvas.Restore();
        using var frame = new SKPaint { Color = FrameColour, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawRect(cell, frame);
    }

    private static void DrawLegend(SKCanvas canvas, IReadOnlyList<string>? names, int channels, int y, SKFont font)
    {
        using var text = new SKPaint { Color = TextColour, IsAntialias = true };
        float x = Margin + RowLabelWidth;
        float baseline = y + 17;
        for (int c = 0; c < channels; c++)
        {
            string name = names?[c] ?? $"channel {c}";
            using var line = new SKPaint { Color = Palette[c % Palette.Length], StrokeWidth = 3, IsAntialias = true };
            canvas.DrawLine(x, baseline - 5, x + 22, baseline - 5, line);
            x += 28;
            canvas.DrawText(name, x, baseline, SKTextAlign.Left, font, text);
            x += font.MeasureText(name) + 18;
        }
    }

    private static string WriteAtomically(string path, byte[] png)
    {
        AtomicFile.Write(path, stream => stream.Write(png));
        return Path.GetFullPath(path);
    }
}
