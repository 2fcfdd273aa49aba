using System;
using System.IO;
using SslDsl.Data;
using static SslDsl.Datasets.Tests.DataTestSupport;

namespace SslDsl.Datasets.Tests;

public class IdxReaderTests
{
    [Fact]
    public void ReadsFixtureImagesLikeAnIndependentParse()
    {
        byte[] raw = Gunzip(FixtureImages);
        Assert.Equal(0x00000803, BigEndianInt32(raw, 0));

        var idx = IdxReader.ReadImages(FixtureImages);

        Assert.Equal(new[] { 300, 28, 28 }, idx.Dims);
        Assert.Equal(300, idx.Count);
        Assert.Equal(300 * 28 * 28, idx.Data.Length);
        Assert.Equal(raw.AsSpan(16).ToArray(), idx.Data);
    }

    [Fact]
    public void ReadsFixtureLabelsLikeAnIndependentParse()
    {
        byte[] raw = Gunzip(FixtureLabels);
        Assert.Equal(0x00000801, BigEndianInt32(raw, 0));
        Assert.Equal(300, BigEndianInt32(raw, 4));

        var idx = IdxReader.ReadLabels(FixtureLabels);

        Assert.Equal(new[] { 300 }, idx.Dims);
        Assert.Equal(raw.AsSpan(8).ToArray(), idx.Data);
        // The first Fashion-MNIST training labels: ankle boot, T-shirt, T-shirt, dress, T-shirt, pullover, ...
        Assert.Equal(new byte[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, idx.Data.AsSpan(0, 10).ToArray());
    }

    [Fact]
    public void ReadsUncompressedFiles()
    {
        using var temp = new TempFolder();
        string plain = temp.File("labels-idx1-ubyte", Gunzip(FixtureLabels));

        var fromPlain = IdxReader.ReadLabels(plain);
        var fromGzip = IdxReader.ReadLabels(FixtureLabels);

        Assert.Equal(fromGzip.Data, fromPlain.Data);
        Assert.Equal(fromGzip.Dims, fromPlain.Dims);
    }

    [Fact]
    public void DetectsGzipByContentNotByName()
    {
        using var temp = new TempFolder();
        string path = temp.File("no-suffix", Gzip(Idx(0x00000801, new[] { 3 }, new byte[] { 1, 2, 3 })));

        Assert.Equal(new byte[] { 1, 2, 3 }, IdxReader.ReadLabels(path).Data);
    }

    [Fact]
    public void WrongMagicNumberForTheExpectedKind()
    {
        using var temp = new TempFolder();
        string path = temp.File("labels-as-images", Idx(0x00000801, new[] { 3 }, new byte[] { 1, 2, 3 }));

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("wrong magic number", ex.Message);
        Assert.Contains("expected 0x00000803", ex.Message);
        Assert.Contains("got 0x00000801", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void NotAnIdxFileAtAll()
    {
        using var temp = new TempFolder();
        string path = temp.File("zip.gz", Gzip(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0 }));

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("wrong magic number", ex.Message);
        Assert.Contains("got 0x504B0304", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void WrongTypeByte()
    {
        using var temp = new TempFolder();
        // 0x0D = float32 elements.
        string path = temp.File("floats", Idx(0x00000D01, new[] { 2 }, new byte[8]));

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("wrong element type byte", ex.Message);
        Assert.Contains("0x0D (float32)", ex.Message);
        Assert.Contains("expected 0x08 (unsigned byte)", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void TruncatedPayload()
    {
        using var temp = new TempFolder();
        string path = temp.File("short", Idx(0x00000803, new[] { 2, 2, 2 }, new byte[] { 1, 2, 3, 4, 5 }));

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("truncated payload: expected 8 bytes for dimensions [2, 2, 2], got 5", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void TruncatedPayloadInsideGzip()
    {
        using var temp = new TempFolder();
        byte[] raw = Gunzip(FixtureLabels);
        string path = temp.File("short.gz", Gzip(raw.AsSpan(0, raw.Length - 10).ToArray()));

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("truncated payload: expected 300 bytes for dimensions [300], got 290", ex.Message);
    }

    [Fact]
    public void TruncatedHeader()
    {
        using var temp = new TempFolder();
        string path = temp.File("header", new byte[] { 0, 0, 8, 3, 0, 0, 0, 1, 0, 0 });

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("truncated header: expected 12 bytes of dimension sizes, got 6", ex.Message);
    }

    [Fact]
    public void CutGzipStreamIsReportedWithTheFileName()
    {
        using var temp = new TempFolder();
        byte[] gz = File.ReadAllBytes(FixtureImages);
        string path = temp.File("cut.gz", gz.AsSpan(0, gz.Length / 2).ToArray());

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, ex.Message);
        Assert.Matches("truncated payload: expected 235200 bytes .*, got \\d+|corrupt gzip data", ex.Message);
    }

    [Fact]
    public void TrailingBytes()
    {
        using var temp = new TempFolder();
        string path = temp.File("long", Idx(0x00000801, new[] { 2 }, new byte[] { 1, 2, 3, 4 }));

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("payload length mismatch: expected 2 bytes for dimensions [2], got 4 (2 trailing byte(s))", ex.Message);
    }

    [Fact]
    public void MissingFile()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "absent-idx1-ubyte.gz");

        var ex = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("IDX file not found", ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.Equal(path, ex.FileName);
    }
}
