using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace SslDsl.Datasets.Tests;

/// <summary>Paths to the Fashion-MNIST fixture and helpers that write small IDX files.</summary>
internal static class DataTestSupport
{
    public static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "fixtures", "fashion-mnist");

    public static string FixtureImages => Path.Combine(FixtureFolder, "fixture-images-idx3-ubyte.gz");

    public static string FixtureLabels => Path.Combine(FixtureFolder, "fixture-labels-idx1-ubyte.gz");

    /// <summary>Decompresses a gzip file with the framework alone (an independent reference for the reader).</summary>
    public static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>A uint8 tensor's elements, for exact comparisons.</summary>
    public static byte[] Bytes(TorchSharp.torch.Tensor tensor)
    {
        using var contiguous = tensor.cpu().contiguous();
        return contiguous.data<byte>().ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return memory.ToArray();
    }

    public static int BigEndianInt32(byte[] data, int offset) =>
        data[offset] << 24 | data[offset + 1] << 16 | data[offset + 2] << 8 | data[offset + 3];

    /// <summary>An IDX file: the 4-byte magic, then each dimension as big-endian int32, then the payload.</summary>
    public static byte[] Idx(uint magic, IReadOnlyList<int> dims, byte[] payload)
    {
        var bytes = new List<byte>
        {
            (byte)(magic >> 24), (byte)(magic >> 16), (byte)(magic >> 8), (byte)magic,
        };
        foreach (int d in dims)
        {
            bytes.Add((byte)(d >> 24));
            bytes.Add((byte)(d >> 16));
            bytes.Add((byte)(d >> 8));
            bytes.Add((byte)d);
        }

        bytes.AddRange(payload);
        return bytes.ToArray();
    }
}

/// <summary>A temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ssldsl-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, byte[] content)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
