using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionMnistSimClr;

/// <summary>
/// The frozen features of the PyTorch reference's encoder (reference/simclr_reference.py): reference.json, train.f32 and
/// test.f32 (little-endian float32 [N, dim], N as in the JSON). The sample probes them with its own protocol, so the
/// reference's encoder and SslDsl's are compared on the same label subsets, the same probe and the same kNN.
/// </summary>
internal sealed class ReferenceFeatures : IDisposable
{
    private ReferenceFeatures(Tensor train, Tensor test, JsonElement summary)
    {
        Train = train;
        Test = test;
        Summary = summary;
    }

    public Tensor Train { get; }

    public Tensor Test { get; }

    /// <summary>What the reference wrote of its run: torch version, threads, epochs, steps, pretraining seconds, losses.</summary>
    public JsonElement Summary { get; }

    public int Epochs => Summary.GetProperty("epochs").GetInt32();

    public double PretrainSeconds => Summary.GetProperty("pretrain_seconds").GetDouble();

    /// <summary>Reads the folder; the counts must match the data set the sample loaded (else the labels would not line up).</summary>
    public static ReferenceFeatures Load(string folder, long trainCount, long testCount)
    {
        string json = Path.Combine(folder, "reference.json");
        if (!File.Exists(json))
        {
            throw new FileNotFoundException($"{json} is missing: run samples/FashionMnistSimClr/reference/simclr_reference.py --out {folder} first", json);
        }

        JsonElement summary = JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
        int dim = summary.GetProperty("dim").GetInt32();
        Tensor train = Read(Path.Combine(folder, "train.f32"), summary.GetProperty("train").GetInt64(), trainCount, dim);
        Tensor test = Read(Path.Combine(folder, "test.f32"), summary.GetProperty("test").GetInt64(), testCount, dim);
        return new ReferenceFeatures(train, test, summary);
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    private static Tensor Read(string path, long written, long expected, int dim)
    {
        if (written != expected)
        {
            throw new InvalidDataException($"{path} holds features of {written} images, but the loaded split has {expected}: the reference ran on other data (or --train-limit is set)");
        }

        long bytes = new FileInfo(path).Length;
        if (bytes != written * dim * sizeof(float))
        {
            throw new InvalidDataException($"{path} is {bytes} bytes, expected {written} × {dim} float32 = {written * dim * sizeof(float)}: truncated or from another run");
        }

        float[] values = new float[written * dim];
        using (FileStream stream = File.OpenRead(path))
        {
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the reference's features are little-endian float32");
        }

        Tensor features = tensor(values, new[] { written, (long)dim });
        if (!features.isfinite().all().item<bool>())
        {
            features.Dispose();
            throw new InvalidDataException($"{path} holds non-finite features: the reference's run diverged");
        }

        return features;
    }
}
