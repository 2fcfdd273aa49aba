using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace SslDsl.Datasets.Tests;

/// <summary>
/// Writes small NumPy files as numpy/lib/format.py does: a .npy array (magic, version, little-endian header length,
/// the dict literal padded with spaces to a multiple of 64 bytes and ended by '\n', then the elements), and .npz
/// archives of such entries (numpy.savez: stored; savez_compressed: deflated).
/// </summary>
internal static class NpzTestFiles
{
    /// <summary>A .npy array: <paramref name="header"/> (the dict literal) and <paramref name="payload"/> as given.</summary>
    public static byte[] Npy(string header, byte[] payload, int major = 1)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 6 + 2 + lengthBytes + header.Length + 1;
        string padded = header + new string(' ', (64 - unpadded % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.Add((byte)major);
        bytes.Add(0);
        var length = new byte[lengthBytes];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)padded.Length);
        }

        bytes.AddRange(length);
        bytes.AddRange(Encoding.ASCII.GetBytes(padded));
        bytes.AddRange(payload);
        return bytes.ToArray();
    }

    /// <summary>The header NumPy writes for a C-order array of <paramref name="descr"/> and <paramref name="shape"/>.</summary>
    public static string Header(string descr, params long[] shape) =>
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}";

    /// <summary>A 1-D '&lt;u2' array, as ecg.dat's ecg.npy.</summary>
    public static byte[] UInt16Npy(IReadOnlyList<ushort> values, bool bigEndian = false)
    {
        var payload = new byte[2 * values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2 * i), values[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(2 * i), values[i]);
            }
        }

        return Npy(Header(bigEndian ? ">u2" : "<u2", values.Count), payload);
    }

    /// <summary>A zip archive of the given entries (name → content), deflated like savez_compressed or stored like savez.</summary>
    public static byte[] Npz(IEnumerable<KeyValuePair<string, byte[]>> entries, bool compressed = true)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] content) in entries)
            {
                ZipArchiveEntry entry = archive.CreateEntry(name, compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using Stream stream = entry.Open();
                stream.Write(content);
            }
        }

        return memory.ToArray();
    }

    /// <summary>An ecg.dat as SciPy ships it: a deflated .npz with one entry ecg.npy of '&lt;u2' readings.</summary>
    public static byte[] EcgDat(IReadOnlyList<ushort> readings, bool compressed = true) =>
        Npz(new[] { KeyValuePair.Create("ecg.npy", UInt16Npy(readings)) }, compressed);

    /// <summary>
    /// Readings of a synthetic ECG-like signal: a beat every <paramref name="period"/> samples (a sharp 1.5 mV
    /// R peak, a small P and T wave) on a slow baseline wave, quantised like MIT-BIH (1024 + 200 × mV).
    /// </summary>
    public static ushort[] SyntheticReadings(int count, int period = 260, int seed = 0)
    {
        var random = new Random(seed);
        var readings = new ushort[count];
        for (int i = 0; i < count; i++)
        {
            double phase = i % period;
            double mv = 0.15 * Math.Sin(2 * Math.PI * i / 3000.0)
                + 0.1 * Math.Exp(-Math.Pow((phase - 40) / 12.0, 2))
                + 1.5 * Math.Exp(-Math.Pow((phase - 80) / 4.0, 2))
                - 0.2 * Math.Exp(-Math.Pow((phase - 88) / 3.0, 2))
                + 0.3 * Math.Exp(-Math.Pow((phase - 150) / 20.0, 2))
                + 0.01 * (random.NextDouble() - 0.5);
            readings[i] = (ushort)Math.Clamp(Math.Round(1024 + 200 * mv, MidpointRounding.ToEven), 0, 2047);
        }

        return readings;
    }
}
