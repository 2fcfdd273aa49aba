using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace SslDsl.Data;

/// <summary>The content of one IDX file: the raw unsigned-byte payload and its dimensions.</summary>
/// <param name="Source">Where the data came from (a file path or a caller-given name), for messages.</param>
/// <param name="Data">The payload, row-major; its length is the product of <paramref name="Dims"/>.</param>
/// <param name="Dims">The dimensions, outermost first (e.g. <c>[60000, 28, 28]</c> for images).</param>
public sealed record IdxData(string Source, byte[] Data, IReadOnlyList<int> Dims)
{
    /// <summary>The number of items: the first dimension.</summary>
    public int Count => Dims[0];
}

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed (detected by the
/// <c>1f 8b</c> gzip magic, not by the file name). Only the unsigned-byte element type (<c>0x08</c>) is
/// supported. Every problem is reported as an <see cref="InvalidDataException"/> whose message names the
/// file and the specific defect.
/// </summary>
/// <remarks>
/// Layout: a 4-byte big-endian magic number <c>00 00 TT DD</c> (TT = element type, DD = dimension count),
/// then DD big-endian 32-bit sizes, then the payload.
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an unsigned-byte IDX file with 3 dimensions (images: N × rows × columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an unsigned-byte IDX file with 1 dimension (labels: N).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>The IDX element-type code for unsigned bytes.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>Reads an image file (magic <c>0x00000803</c>: N × rows × columns unsigned bytes).</summary>
    public static IdxData ReadImages(string path) => Read(path, expectedDimensionCount: 3);

    /// <summary>Reads a label file (magic <c>0x00000801</c>: N unsigned bytes).</summary>
    public static IdxData ReadLabels(string path) => Read(path, expectedDimensionCount: 1);

    /// <summary>Reads an unsigned-byte IDX file from disk.</summary>
    /// <param name="path">The file, plain or gzip-compressed.</param>
    /// <param name="expectedDimensionCount">If given, the dimension count the magic number must declare.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid unsigned-byte IDX file.</exception>
    public static IdxData Read(string path, int? expectedDimensionCount = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file not found: '{path}'.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream, path, expectedDimensionCount);
    }

    /// <summary>Reads an unsigned-byte IDX file from a stream (plain or gzip-compressed).</summary>
    /// <param name="stream">The data; read to its end, not disposed.</param>
    /// <param name="source">A name for the data used in error messages (usually the file path).</param>
    /// <param name="expectedDimensionCount">If given, the dimension count the magic number must declare.</param>
    /// <exception cref="InvalidDataException">The data is not a valid unsigned-byte IDX file.</exception>
    public static IdxData Read(Stream stream, string source, int? expectedDimensionCount = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        if (expectedDimensionCount is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedDimensionCount), expectedDimensionCount, "An IDX file has 1 to 255 dimensions.");
        }

        // Sniff the gzip magic (1f 8b) without relying on the stream being seekable.
        var sniff = new byte[2];
        int sniffed = stream.ReadAtLeast(sniff, sniff.Length, throwOnEndOfStream: false);
        using var prefixed = new PrefixedStream(sniff.AsSpan(0, sniffed).ToArray(), stream);
        bool gzip = sniffed == 2 && sniff[0] == 0x1f && sniff[1] == 0x8b;
        using var decompressed = gzip ? new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: true) : null;
        Stream body = decompressed ?? (Stream)prefixed;
        try
        {
            return ReadIdx(body, source, gzip, expectedDimensionCount);
        }
        catch (InvalidDataException ex) when (!ex.Data.Contains(OwnErrorKey))
        {
            // GZipStream reports corrupt compressed data with a message that names no file.
            throw new InvalidDataException($"IDX file '{source}': corrupt gzip data: {ex.Message}", ex);
        }
    }

    private static IdxData ReadIdx(Stream body, string source, bool gzip, int? expectedDimensionCount)
    {
        string what = gzip ? "gzip-compressed IDX file" : "IDX file";

        var magic = new byte[4];
        int got = body.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (got < magic.Length)
        {
            throw Fail(source, $"truncated header: expected a 4-byte magic number, got {got} byte(s) ({what}).");
        }

        uint magicValue = (uint)(magic[0] << 24 | magic[1] << 16 | magic[2] << 8 | magic[3]);
        if (magic[0] != 0 || magic[1] != 0)
        {
            string expected = expectedDimensionCount is int d ? $"0x{UnsignedByteType << 8 | d:X8}" : "0x000008NN";
            throw Fail(source, $"wrong magic number: expected {expected}, got 0x{magicValue:X8} (the first two bytes of an IDX file are zero; is this an IDX file?).");
        }

        if (magic[2] != UnsignedByteType)
        {
            throw Fail(source, $"wrong element type byte in magic number 0x{magicValue:X8}: got type 0x{magic[2]:X2} ({TypeName(magic[2])}), expected 0x{UnsignedByteType:X2} (unsigned byte), the only supported type.");
        }

        int dimensionCount = magic[3];
        if (dimensionCount == 0)
        {
            throw Fail(source, $"wrong magic number 0x{magicValue:X8}: it declares 0 dimensions.");
        }

        if (expectedDimensionCount is int expectedDims && dimensionCount != expectedDims)
        {
            throw Fail(source, $"wrong magic number: expected 0x{UnsignedByteType << 8 | expectedDims:X8} ({expectedDims} dimension(s)), got 0x{magicValue:X8} ({dimensionCount} dimension(s)).");
        }

        var header = new byte[4 * dimensionCount];
        got = body.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < header.Length)
        {
            throw Fail(source, $"truncated header: expected {header.Length} bytes of dimension sizes, got {got}.");
        }

        var dims = new int[dimensionCount];
        long expectedLength = 1;
        for (int i = 0; i < dimensionCount; i++)
        {
            uint size = (uint)(header[4 * i] << 24 | header[4 * i + 1] << 16 | header[4 * i + 2] << 8 | header[4 * i + 3]);
            if (size > int.MaxValue)
            {
                throw Fail(source, $"dimension {i} has an implausible size {size}.");
            }

            dims[i] = (int)size;
            expectedLength *= size;
            if (expectedLength > Array.MaxLength)
            {
                throw Fail(source, $"payload too large: the dimensions [{string.Join(", ", dims[..(i + 1)])}, ...] need more than {Array.MaxLength} bytes.");
            }
        }

        var data = new byte[expectedLength];
        got = body.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (got < data.Length)
        {
            throw Fail(source, $"truncated payload: expected {expectedLength} bytes for dimensions [{string.Join(", ", dims)}], got {got}.");
        }

        long extra = CountRemaining(body);
        if (extra > 0)
        {
            throw Fail(source, $"payload length mismatch: expected {expectedLength} bytes for dimensions [{string.Join(", ", dims)}], got {expectedLength + extra} ({extra} trailing byte(s)).");
        }

        return new IdxData(source, data, dims);
    }

    private static long CountRemaining(Stream stream)
    {
        var buffer = new byte[1 << 14];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
        }

        return total;
    }

    private static string TypeName(byte type) => type switch
    {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "not an IDX type",
    };

    /// <summary>Marks our own format errors so that the gzip handler does not wrap them again.</summary>
    private const string OwnErrorKey = "SslDsl.Data.IdxReader";

    private static InvalidDataException Fail(string source, string problem)
    {
        var ex = new InvalidDataException($"IDX file '{source}': {problem}");
        ex.Data[OwnErrorKey] = true;
        return ex;
    }
}
