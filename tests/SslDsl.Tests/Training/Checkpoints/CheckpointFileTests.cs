using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using SslDsl.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Checkpoints;

/// <summary>
/// Checkpoint files (format 2): 32-byte header (magic, version, body length, XxHash64 of the body), entries staged and
/// verified before anything is returned, atomic writes with short temporary names, leftovers of killed writers removed.
/// </summary>
public sealed class CheckpointFileTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-checkpoint-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string PathIn(string name) => Path.Combine(folder, name);

    private static void WriteSample(StateWriter w)
    {
        w.Int64("step", 42);
        w.Double("lr", 0.125);
        w.Text("tag", "epoch-3");
        using Tensor t = tensor(new float[] { 1.5f, -2, 3.25f, 0 }, new long[] { 2, 2 });
        w.Tensor("weights", t);
    }

    [Fact]
    public void EntriesRoundTrip()
    {
        string path = PathIn("nested/run.ckpt");

        CheckpointFile.Save(path, "simclr-fmnist", WriteSample);

        using StateReader r = CheckpointFile.Read(path, "simclr-fmnist");
        Assert.Equal(42L, r.Int64("step"));
        Assert.Equal(0.125, r.Double("lr"));
        Assert.Equal("epoch-3", r.Text("tag"));
        Assert.Equal(new float[] { 1.5f, -2, 3.25f, 0 }, r.Tensor("weights", new long[] { 2, 2 }, ScalarType.Float32).data<float>().ToArray());
        r.ThrowOnUnusedKeys();
    }

    [Fact]
    public void HeaderLayoutIsMagicVersionLengthAndChecksum()
    {
        string path = PathIn("run.ckpt");
        CheckpointFile.Save(path, "exp", WriteSample);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal("SSLDSLCK", Encoding.ASCII.GetString(bytes, 0, 8));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(bytes.Length - 32, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(XxHash64.HashToUInt64(bytes.AsSpan(32)), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24)));
    }

    [Fact]
    public void SaveReplacesAnExistingCheckpointAndLeavesNoTemporary()
    {
        string path = PathIn("run.ckpt");
        CheckpointFile.Save(path, "exp", w => w.Int64("v", 1));

        CheckpointFile.Save(path, "exp", w => w.Int64("v", 2));

        using StateReader r = CheckpointFile.Read(path, "exp");
        Assert.Equal(2, r.Int64("v"));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
    }

    [Fact]
    public void LongestLegalFileNameWorks()
    {
        // 235 characters + ".ckpt" = 240 < 255: the temporary name must not make a legal name fail
        string path = PathIn(new string('c', 235) + ".ckpt");

        CheckpointFile.Save(path, "exp", w => w.Int64("v", 7));

        using StateReader r = CheckpointFile.Read(path, "exp");
        Assert.Equal(7, r.Int64("v"));
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        string path = PathIn("absent.ckpt");

        var ex = Assert.Throws<FileNotFoundException>(() => CheckpointFile.Read(path, "exp"));

        Assert.Equal($"checkpoint '{path}' does not exist", ex.Message);
        Assert.Equal(path, ex.FileName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void FileWithoutTheMagicIsNotACheckpoint(int length)
    {
        string path = PathIn("other.bin");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("NOTACHECKPOINT").Take(length).ToArray());

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "exp"));

        Assert.Equal($"'{path}' is not an SslDsl checkpoint (no SSLDSLCK header)", ex.Message);
    }

    [Fact]
    public void OtherFormatVersionIsNamed()
    {
        string path = PathIn("future.ckpt");
        CheckpointFile.Save(path, "exp", WriteSample);
        Patch(path, bytes => BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 7), fixChecksum: false);

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "exp"));

        Assert.Equal($"checkpoint '{path}' has format version 7; this SslDsl reads version 2", ex.Message);
    }

    [Fact]
    public void WrongExperimentNamesBoth()
    {
        string path = PathIn("run.ckpt");
        CheckpointFile.Save(path, "byol-cifar", w => w.Int64("v", 1));

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "simclr-cifar"));

        Assert.Equal($"checkpoint '{path}' belongs to experiment 'byol-cifar', not 'simclr-cifar'", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(60)]
    public void TruncatedFileIsRejectedBeforeParsing(int bytes)
    {
        string path = PathIn("cut.ckpt");
        CheckpointFile.Save(path, "exp", WriteSample);
        long length = new FileInfo(path).Length;
        Truncate(path, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "exp"));

        Assert.Equal($"checkpoint '{path}' is truncated ({length - 32 - bytes} of {length - 32} body bytes)", ex.Message);
    }

    [Fact]
    public void FileCutInsideTheHeaderIsTruncated()
    {
        string path = PathIn("cut-header.ckpt");
        CheckpointFile.Save(path, "exp", WriteSample);
        Truncate(path, (int)new FileInfo(path).Length - 20);

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "exp"));

        Assert.Equal($"checkpoint '{path}' is truncated (header of 20 of 32 bytes)", ex.Message);
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        string path = PathIn("long.ckpt");
        CheckpointFile.Save(path, "exp", WriteSample);
        File.AppendAllText(path, "xx");

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "exp"));

        Assert.Equal($"checkpoint '{path}' has 2 bytes after its end", ex.Message);
    }

    [Fact]
    public void EveryFlippedBodyByteFailsTheChecksum()
    {
        string path = PathIn("flip.ckpt");
        CheckpointFile.Save(path, "exp", WriteSample);
        byte[] original = File.ReadAllBytes(path);
        for (int i = 32; i < original.Length; i++)
        {
            byte[] corrupt = (byte[])original.Clone();
            corrupt[i] ^= 0x10;
            File.WriteAllBytes(path, corrupt);

            var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "exp"));

            Assert.Equal($"checkpoint '{path}' is corrupt: its checksum does not match its contents", ex.Message);
        }
    }

    [Fact]
    public void ForgedTensorLengthIsRejectedWithoutAllocating()
    {
        // A body whose checksum is right but whose tensor claims 2^40 elements: refused by the length checks.
        string path = PathIn("forged.ckpt");
        CheckpointFile.Save(path, "exp", w =>
        {
            using Tensor t = zeros(4);
            w.Tensor("weights", t);
        });
        byte[] bytes = File.ReadAllBytes(path);
        int dim = IndexOfInt64(bytes, 4); // the tensor's only dimension
        Patch(path, b =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(dim), 1L << 40);
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(dim + 8), (1L << 40) * 4);
        }, fixChecksum: true);

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "exp"));

        Assert.Equal($"checkpoint '{path}' 'weights' declares {(1L << 40) * 4} bytes with 16 left", ex.Message);
    }

    [Fact]
    public void ForgedEntryCountIsRejected()
    {
        string path = PathIn("forged-count.ckpt");
        CheckpointFile.Save(path, "exp", w => w.Int64("v", 1));
        int count = 32 + 1 + "exp".Length; // after the length-prefixed experiment name
        Patch(path, b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(count), int.MaxValue), fixChecksum: true);

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "exp"));

        Assert.StartsWith($"checkpoint '{path}' declares {int.MaxValue} entries in ", ex.Message);
    }

    [Fact]
    public void NonFiniteTensorValuesAreRejected()
    {
        string path = PathIn("nan.ckpt");
        CheckpointFile.Save(path, "exp", w =>
        {
            using Tensor t = tensor(new[] { 1f, float.NaN });
            w.Tensor("encoder.weight", t);
        });

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, "exp"));

        Assert.Equal($"checkpoint '{path}' holds non-finite values in 'encoder.weight'", ex.Message);
    }

    [Fact]
    public void ShapeDtypeAndMissingKeysAreNamed()
    {
        string path = PathIn("run.ckpt");
        CheckpointFile.Save(path, "exp", WriteSample);
        using StateReader r = CheckpointFile.Read(path, "exp");

        Assert.Equal($"checkpoint '{path}' 'weights' has shape [2, 2], this trainer needs [4]",
            Assert.Throws<InvalidDataException>(() => r.Tensor("weights", new long[] { 4 }, ScalarType.Float32)).Message);
        Assert.Equal($"checkpoint '{path}' 'weights' is Float32, this trainer needs Float64",
            Assert.Throws<InvalidDataException>(() => r.Tensor("weights", new long[] { 2, 2 }, ScalarType.Float64)).Message);
        Assert.Equal($"checkpoint '{path}' has no 'bias' (tensor)",
            Assert.Throws<InvalidDataException>(() => r.Tensor("bias", new long[] { 2 }, ScalarType.Float32)).Message);
        Assert.Equal($"checkpoint '{path}' holds 'lr' but not as a integer",
            Assert.Throws<InvalidDataException>(() => r.Int64("lr")).Message);
        Assert.Equal($"checkpoint '{path}' 'step' is 42, outside [0, 10]",
            Assert.Throws<InvalidDataException>(() => r.Int64("step", 0, 10)).Message);
    }

    [Fact]
    public void UnreadEntriesAreReported()
    {
        string path = PathIn("run.ckpt");
        CheckpointFile.Save(path, "exp", WriteSample);
        using StateReader r = CheckpointFile.Read(path, "exp");
        r.Int64("step");

        var ex = Assert.Throws<InvalidDataException>(r.ThrowOnUnusedKeys);

        Assert.Equal($"checkpoint '{path}' holds 3 value(s) this trainer does not have: lr, tag, weights", ex.Message);
    }

    [Fact]
    public void FailureWhileCollectingLeavesNoFile()
    {
        string path = PathIn("run.ckpt");

        Assert.Throws<InvalidOperationException>(() => CheckpointFile.Save(path, "exp", w =>
        {
            w.Int64("v", 1);
            throw new InvalidOperationException("boom");
        }));

        Assert.False(Directory.Exists(folder) && Directory.GetFiles(folder).Length > 0);
    }

    [Fact]
    public void FailureKeepsTheExistingCheckpoint()
    {
        string path = PathIn("run.ckpt");
        CheckpointFile.Save(path, "exp", w => w.Int64("v", 1234));
        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<InvalidOperationException>(() => CheckpointFile.Save(path, "exp", w =>
        {
            w.Int64("v", 5678);
            w.Int64("v", 5678); // the same key twice is a bug of the writer's caller
        }));

        Assert.Equal("checkpoint key 'v' written twice", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
    }

    [Fact]
    public void TemporariesOfDeadWritersAreRemovedAndLiveOnesKept()
    {
        Directory.CreateDirectory(folder);
        int deadPid = DeadProcessId();
        string dead = PathIn($".ssldsl-{deadPid}-deadbeef.tmp");
        string live = PathIn($".ssldsl-{Environment.ProcessId}-cafebabe.tmp");
        string foreign = PathIn("notes.tmp");
        foreach (string file in new[] { dead, live, foreign })
        {
            File.WriteAllText(file, "partial");
        }

        CheckpointFile.Save(PathIn("run.ckpt"), "exp", w => w.Int64("v", 1));

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(foreign));
    }

    /// <summary>The id of a process that has exited.</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static int IndexOfInt64(byte[] bytes, long value)
    {
        for (int i = 32; i + 8 <= bytes.Length; i++)
        {
            if (BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i)) == value)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{value} not found");
    }

    /// <summary>Changes bytes of a checkpoint; with <paramref name="fixChecksum"/> the header's checksum is recomputed (a forgery).</summary>
    private static void Patch(string path, Action<byte[]> change, bool fixChecksum)
    {
        byte[] bytes = File.ReadAllBytes(path);
        change(bytes);
        if (fixChecksum)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), XxHash64.HashToUInt64(bytes.AsSpan(32)));
        }

        File.WriteAllBytes(path, bytes);
    }

    private static void Truncate(string path, int bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(stream.Length - bytes);
    }
}
