using System;
using System.IO;
using System.Linq;
using System.Text;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training;

/// <summary>Checkpoint files: header (magic, format version, experiment name), atomic writes, specific read errors.</summary>
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

    [Fact]
    public void BodyRoundTrips()
    {
        string path = PathIn("nested/run.ckpt");

        CheckpointFile.Save(path, "simclr-fmnist", w =>
        {
            w.Write(42L);
            w.Write(0.125);
            w.Write("epoch-3");
        });

        long step = 0;
        double lr = 0;
        string tag = "";
        CheckpointFile.Load(path, "simclr-fmnist", r =>
        {
            step = r.ReadInt64();
            lr = r.ReadDouble();
            tag = r.ReadString();
        });
        Assert.Equal(42L, step);
        Assert.Equal(0.125, lr);
        Assert.Equal("epoch-3", tag);
    }

    [Fact]
    public void TensorBodyRoundTrips()
    {
        using var scope = NewDisposeScope();
        string path = PathIn("tensor.ckpt");
        Tensor saved = tensor(new float[] { 1.5f, -2, 3.25f, 0 }, new long[] { 2, 2 });

        CheckpointFile.Save(path, "exp", w => saved.Save(w));
        Tensor loaded = zeros(2, 2);
        CheckpointFile.Load(path, "exp", r => loaded.Load(r));

        Assert.Equal(new float[] { 1.5f, -2, 3.25f, 0 }, loaded.data<float>().ToArray());
    }

    [Fact]
    public void SaveReplacesAnExistingCheckpoint()
    {
        string path = PathIn("run.ckpt");
        CheckpointFile.Save(path, "exp", w => w.Write(1));

        CheckpointFile.Save(path, "exp", w => w.Write(2));

        int value = 0;
        CheckpointFile.Load(path, "exp", r => value = r.ReadInt32());
        Assert.Equal(2, value);
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        string path = PathIn("absent.ckpt");

        var ex = Assert.Throws<FileNotFoundException>(() => CheckpointFile.Load(path, "exp", _ => { }));

        Assert.Equal($"checkpoint '{path}' does not exist", ex.Message);
        Assert.Equal(path, ex.FileName);
    }

    [Fact]
    public void WrongHeaderIsInvalidDataNamingTheHeader()
    {
        string path = PathIn("other.bin");
        WriteRaw(path, w =>
        {
            w.Write("SOMETHING-ELSE");
            w.Write(1);
        });

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path, "exp", _ => { }));

        Assert.Equal($"'{path}' is not an SslDsl checkpoint (header 'SOMETHING-ELSE')", ex.Message);
    }

    [Fact]
    public void EmptyFileIsInvalidDataWithNoHeader()
    {
        string path = PathIn("empty.ckpt");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, Array.Empty<byte>());

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path, "exp", _ => { }));

        Assert.Equal($"'{path}' is not an SslDsl checkpoint (no header)", ex.Message);
    }

    [Fact]
    public void OtherFormatVersionIsInvalidDataNamingTheVersion()
    {
        // the on-disk header: length-prefixed "SSLDSL-CHECKPOINT", int32 format version, length-prefixed experiment
        string path = PathIn("future.ckpt");
        WriteRaw(path, w =>
        {
            w.Write("SSLDSL-CHECKPOINT");
            w.Write(7);
            w.Write("exp");
        });

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path, "exp", _ => { }));

        Assert.Equal($"checkpoint '{path}' has format version 7; this SslDsl reads version 1", ex.Message);
    }

    [Fact]
    public void HandWrittenHeaderIsAccepted()
    {
        // pins the header layout the version test above relies on
        string path = PathIn("hand.ckpt");
        WriteRaw(path, w =>
        {
            w.Write("SSLDSL-CHECKPOINT");
            w.Write(1);
            w.Write("exp");
            w.Write(99);
        });

        int body = 0;
        CheckpointFile.Load(path, "exp", r => body = r.ReadInt32());

        Assert.Equal(99, body);
    }

    [Fact]
    public void WrongExperimentIsInvalidDataNamingBoth()
    {
        string path = PathIn("run.ckpt");
        CheckpointFile.Save(path, "byol-cifar", w => w.Write(1));

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path, "simclr-cifar", r => r.ReadInt32()));

        Assert.Equal($"checkpoint '{path}' belongs to experiment 'byol-cifar', not 'simclr-cifar'", ex.Message);
    }

    [Fact]
    public void TruncatedBodyIsInvalidData()
    {
        string path = PathIn("cut.ckpt");
        CheckpointFile.Save(path, "exp", w =>
        {
            w.Write(1.0);
            w.Write(2.0);
            w.Write(3.0);
        });
        Truncate(path, 4);

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path, "exp", r =>
        {
            r.ReadDouble();
            r.ReadDouble();
            r.ReadDouble();
        }));

        Assert.Equal($"checkpoint '{path}' is truncated", ex.Message);
        Assert.IsType<EndOfStreamException>(ex.InnerException);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FileCutInsideTheHeaderIsInvalidData(bool withVersion)
    {
        // a valid magic, then the file ends before the version (or before the experiment name)
        string path = PathIn("cut-header.ckpt");
        WriteRaw(path, w =>
        {
            w.Write("SSLDSL-CHECKPOINT");
            if (withVersion)
            {
                w.Write(1);
            }
        });

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path, "exp", _ => { }));

        Assert.Equal($"checkpoint '{path}' is truncated", ex.Message);
    }

    [Fact]
    public void TruncatedTensorBodyIsInvalidData()
    {
        using var scope = NewDisposeScope();
        string path = PathIn("cut-tensor.ckpt");
        CheckpointFile.Save(path, "exp", w => arange(100, dtype: ScalarType.Float32).Save(w));
        Truncate(path, 40);

        Tensor target = zeros(100);
        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path, "exp", r => target.Load(r)));

        Assert.Equal($"checkpoint '{path}' is truncated", ex.Message);
    }

    [Fact]
    public void FailureInsideWriteBodyLeavesNoFile()
    {
        string path = PathIn("run.ckpt");

        Assert.Throws<InvalidOperationException>(() => CheckpointFile.Save(path, "exp", w =>
        {
            w.Write(new byte[1000]);
            throw new InvalidOperationException("boom");
        }));

        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void FailureInsideWriteBodyKeepsTheExistingCheckpoint()
    {
        string path = PathIn("run.ckpt");
        CheckpointFile.Save(path, "exp", w => w.Write(1234));
        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<InvalidOperationException>(() => CheckpointFile.Save(path, "exp", w =>
        {
            w.Write(5678);
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("boom", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
    }

    private void WriteRaw(string path, Action<BinaryWriter> write)
    {
        Directory.CreateDirectory(folder);
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        write(writer);
    }

    private static void Truncate(string path, int bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(stream.Length - bytes);
    }
}
