using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace SslDsl.Data;

/// <summary>One array of a NumPy <c>.npy</c> file: its dtype string, shape and raw element bytes (C order).</summary>
/// <param name="Descr">The dtype as NumPy writes it, e.g. <c>&lt;u2</c> (little-endian uint16).</param>
/// <param name="FortranOrder">Whether the elements are stored column-major.</param>
/// <param name="Shape">The dimensions; empty for a scalar.</param>
/// <param name="Data">The element bytes, exactly product(shape) × item size.</param>
internal sealed record NpyArray(string Descr, bool FortranOrder, IReadOnlyList<long> Shape, byte[] Data);

/// <summary>
/// Reads NumPy's <c>.npy</c> format (versions 1.0, 2.0 and 3.0: the magic <c>\x93NUMPY</c>, a version, a header
/// length, a Python dict literal <c>{'descr': …, 'fortran_order': …, 'shape': (…), }</c>, then the raw elements) and
/// the <c>.npz</c> archives of <c>numpy.savez</c> / <c>savez_compressed</c> (a zip of <c>name.npy</c> entries, stored
/// or deflated). Only simple dtypes (a string descr such as <c>&lt;u2</c> or <c>&lt;f4</c>) are read; structured and
/// object arrays are refused. Errors are <see cref="InvalidDataException"/>s that name the source and the problem.
/// </summary>
/// <remarks>Format: numpy/lib/format.py (NEP 1, "A simple file format for NumPy arrays").</remarks>
internal static partial class Npy
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>Reads the entry <c><paramref name="name"/>.npy</c> of an <c>.npz</c> archive.</summary>
    /// <exception cref="InvalidDataException">The file is not a zip archive, has no such entry, or the entry is not a valid .npy array.</exception>
    public static NpyArray ReadFromArchive(string path, string name)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}' is not a NumPy .npz archive (a zip file): {ex.Message}", ex);
        }

        using (archive)
        {
            string entryName = name + ".npy";
            ZipArchiveEntry? entry = archive.GetEntry(entryName);
            if (entry is null)
            {
                string present = archive.Entries.Count == 0 ? "none" : string.Join(", ", archive.Entries.Select(e => e.FullName));
                throw new InvalidDataException($"'{path}': the .npz archive has no array '{name}' (entry {entryName}); its entries: {present}.");
            }

            string source = $"'{path}' ({entryName})";
            try
            {
                using Stream stream = entry.Open();
                return Read(stream, source);
            }
            catch (InvalidDataException ex) when (!ex.Message.StartsWith(source, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{source}: the entry cannot be decompressed: {ex.Message}", ex); // a corrupt deflate stream
            }
        }
    }

    /// <summary>Reads one <c>.npy</c> array from a stream (the stream is not disposed).</summary>
    /// <param name="stream">The data, read from its current position.</param>
    /// <param name="source">Names the data in error messages, e.g. the quoted path.</param>
    /// <exception cref="InvalidDataException">The data is not a valid .npy array of a simple dtype.</exception>
    public static NpyArray Read(Stream stream, string source)
    {
        var prefix = new byte[Magic.Length + 2];
        int got = ReadUpTo(stream, prefix);
        if (got < prefix.Length || !prefix.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{source}: not a NumPy .npy array (it does not start with the magic \\x93NUMPY).");
        }

        int major = prefix[Magic.Length], minor = prefix[Magic.Length + 1];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"{source}: .npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)."),
        };
        var lengthField = new byte[lengthBytes];
        if (ReadUpTo(stream, lengthField) < lengthBytes)
        {
            throw new InvalidDataException($"{source}: the .npy header is truncated.");
        }

        long headerLength = lengthBytes == 2 ? BitConverter.ToUInt16(ToLittleEndian(lengthField)) : BitConverter.ToUInt32(ToLittleEndian(lengthField));
        if (headerLength > 1 << 20)
        {
            throw new InvalidDataException($"{source}: the .npy header claims {headerLength} bytes; not a valid array file.");
        }

        var headerBytes = new byte[headerLength];
        if (ReadUpTo(stream, headerBytes) < headerLength)
        {
            throw new InvalidDataException($"{source}: the .npy header is truncated ({headerLength} bytes announced).");
        }

        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes).Trim();
        (string descr, bool fortranOrder, long[] shape) = ParseHeader(header, source);
        int itemSize = ItemSize(descr, source);
        long count = 1;
        foreach (long dimension in shape)
        {
            count = checked(count * dimension);
        }

        long expected = checked(count * itemSize);
        if (expected > Array.MaxLength)
        {
            throw new InvalidDataException($"{source}: the array holds {expected} bytes, more than this reader keeps in memory.");
        }

        var data = new byte[expected];
        int read = ReadUpTo(stream, data);
        if (read < expected)
        {
            throw new InvalidDataException(
                $"{source}: the data is truncated: shape ({string.Join(", ", shape)}) of '{descr}' needs {expected} bytes after the header, the file has {read}.");
        }

        return new NpyArray(descr, fortranOrder, Array.AsReadOnly(shape), data);
    }

    /// <summary>The bytes of one element of a simple dtype such as <c>&lt;u2</c>, <c>|u1</c> or <c>&lt;f8</c>.</summary>
    private static int ItemSize(string descr, string source)
    {
        Match match = SimpleDescr().Match(descr);
        if (!match.Success)
        {
            throw new InvalidDataException($"{source}: dtype '{descr}' is not a simple numeric dtype (e.g. '<u2').");
        }

        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static (string Descr, bool FortranOrder, long[] Shape) ParseHeader(string header, string source)
    {
        if (!header.StartsWith('{') || !header.EndsWith('}'))
        {
            throw new InvalidDataException($"{source}: the .npy header is not a dict literal: {Shorten(header)}");
        }

        Match descr = DescrKey().Match(header);
        if (!descr.Success)
        {
            throw new InvalidDataException($"{source}: the .npy header has no simple 'descr' string (structured dtypes are not supported): {Shorten(header)}");
        }

        Match order = FortranOrderKey().Match(header);
        if (!order.Success)
        {
            throw new InvalidDataException($"{source}: the .npy header has no 'fortran_order' True/False: {Shorten(header)}");
        }

        Match shapeMatch = ShapeKey().Match(header);
        if (!shapeMatch.Success)
        {
            throw new InvalidDataException($"{source}: the .npy header has no 'shape' tuple: {Shorten(header)}");
        }

        var shape = new List<long>();
        foreach (string part in shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // NumPy 1.x on Windows once wrote "108000L"; accept the suffix.
            if (!long.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out long dimension))
            {
                throw new InvalidDataException($"{source}: the .npy shape ({shapeMatch.Groups[1].Value}) is not a tuple of non-negative integers.");
            }

            shape.Add(dimension);
        }

        return (descr.Groups[1].Value, order.Groups[1].Value == "True", shape.ToArray());
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private static byte[] ToLittleEndian(byte[] bytes)
    {
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }

    /// <summary>Fills <paramref name="buffer"/> as far as the stream goes; returns the bytes read (a deflate stream returns short reads).</summary>
    private static int ReadUpTo(Stream stream, byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    [GeneratedRegex(@"^[<>|=]?[biufc]([1-9][0-9]*)$")]
    private static partial Regex SimpleDescr();

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrKey();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranOrderKey();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeKey();
}
