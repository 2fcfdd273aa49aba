using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using SslDsl.Encoders;
using SslDsl.Export;
using SslDsl.IO;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SslDsl.Tests.Export;

/// <summary>EncoderExport.SaveSafetensors: PyTorch's names, every parameter and buffer, exact values, atomic writes.</summary>
public sealed class EncoderExportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ssldsl-export-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ConvNetRoundTripsThroughPyBridgeWithEveryParameterAndBuffer()
    {
        using var scope = NewDisposeScope();
        using var encoder = Trained(new ConvNetEncoder(1, new[] { 4, 8 }), new long[] { 6, 1, 8, 8 }, seed: 1);
        string path = Path.Combine(folder, "encoder.safetensors");

        EncoderExport.SaveSafetensors(encoder, path);

        using var loaded = new ConvNetEncoder(1, new[] { 4, 8 });
        loaded.load_safetensors(path, strict: true);
        var expected = encoder.state_dict();
        var actual = loaded.state_dict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (string name in expected.Keys)
        {
            Assert.Equal(expected[name].dtype, actual[name].dtype);
            Assert.True(Same(expected[name], actual[name]), $"{name} differs after the round trip");
        }

        encoder.eval();
        loaded.eval();
        Tensor x = rand(3, 1, 8, 8);
        Assert.True(Same(encoder.call(x), loaded.call(x)), "the reloaded encoder computes the same function");
    }

    [Fact]
    public void TheFileHoldsPyTorchsNamesDtypesShapesAndBytes()
    {
        // The header and data are parsed here by hand (the safetensors layout), independently of PyBridge.
        using var scope = NewDisposeScope();
        using var encoder = Trained(new ConvNetEncoder(1, new[] { 4, 8 }), new long[] { 6, 1, 8, 8 }, seed: 2);
        string path = Path.Combine(folder, "encoder.safetensors");

        EncoderExport.SaveSafetensors(encoder, path);

        var (header, data) = ParseSafetensors(path);
        string[] expectedNames =
        {
            "stages.conv0.weight", "stages.bn0.weight", "stages.bn0.bias", "stages.bn0.running_mean", "stages.bn0.running_var", "stages.bn0.num_batches_tracked",
            "stages.conv1.weight", "stages.bn1.weight", "stages.bn1.bias", "stages.bn1.running_mean", "stages.bn1.running_var", "stages.bn1.num_batches_tracked",
        };
        Assert.Equal(expectedNames.OrderBy(n => n), header.Keys.OrderBy(n => n));
        var state = encoder.state_dict();
        foreach (string name in expectedNames)
        {
            JsonElement entry = header[name];
            Tensor tensor = state[name];
            Assert.Equal(tensor.dtype == ScalarType.Int64 ? "I64" : "F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            long start = entry.GetProperty("data_offsets")[0].GetInt64(), end = entry.GetProperty("data_offsets")[1].GetInt64();
            Assert.Equal(tensor.bytes.ToArray(), data.AsSpan((int)start, (int)(end - start)).ToArray());
        }

        Assert.Equal(3L, state["stages.bn0.num_batches_tracked"].item<long>()); // the buffers are the trained ones
    }

    [Fact]
    public void OverwritesAtomicallyAndLeavesNoTemporaryFile()
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(folder, "encoder.safetensors");
        File.WriteAllText(path, "old");
        using var encoder = new MlpEncoder(4, new[] { 3 });

        EncoderExport.SaveSafetensors(encoder, path);

        Assert.NotEqual("old", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
    }

    [Fact]
    public void AFailedWriteKeepsTheOldFileAndRemovesTheTemporaryOne()
    {
        string path = Path.Combine(folder, "encoder.safetensors");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.ASCII.GetBytes("half a file"));
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
    }

    [Fact]
    public void AMissingFolderOrAnEmptyModuleIsAClearError()
    {
        using var encoder = new MlpEncoder(4, new[] { 3 });
        string missing = Path.Combine(folder, "no-such-folder", "encoder.safetensors");

        var notFound = Assert.Throws<DirectoryNotFoundException>(() => EncoderExport.SaveSafetensors(encoder, missing));
        Assert.Contains("no-such-folder", notFound.Message, StringComparison.Ordinal);

        using var empty = nn.Sequential();
        var ex = Assert.Throws<ArgumentException>(() => EncoderExport.SaveSafetensors(empty, Path.Combine(folder, "e.safetensors")));
        Assert.Equal("encoder", ex.ParamName);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void PyTorchLoadsTheConvNetAndComputesTheSameEmbeddings() =>
        CheckInPython("convnet", Trained(new ConvNetEncoder(3, new[] { 6, 12 }), new long[] { 8, 3, 16, 16 }, seed: 3), new long[] { 4, 3, 16, 16 }, new[] { 6, 12 }, 3);

    [Fact]
    public void PyTorchLoadsTheMlpAndComputesTheSameEmbeddings() =>
        CheckInPython("mlp", Trained(new MlpEncoder(16, new[] { 32, 8 }), new long[] { 10, 16 }, seed: 4), new long[] { 5, 16 }, new[] { 32, 8 }, 16);

    /// <summary>
    /// Writes the encoder, a JSON case (names, dtypes, shapes, float64 values, an input and TorchSharp's eval output)
    /// and runs tests/fixtures/python/check_encoder_export.py on it.
    /// </summary>
    private void CheckInPython(string kind, nn.Module<Tensor, Tensor> encoder, long[] inputShape, int[] widths, int inputArgument)
    {
        using var scope = NewDisposeScope();
        using var owned = encoder;
        string weights = Path.Combine(folder, kind + ".safetensors");
        EncoderExport.SaveSafetensors(encoder, weights);
        encoder.eval();
        using var generator = new Generator(9);
        Tensor input = rand(inputShape, generator: generator);
        Tensor output;
        using (no_grad())
        {
            output = encoder.call(input);
        }

        var tensors = encoder.state_dict().ToDictionary(
            kv => kv.Key,
            kv => new { dtype = kv.Value.dtype == ScalarType.Int64 ? "I64" : "F32", shape = kv.Value.shape, values = Doubles(kv.Value) });
        var testCase = new Dictionary<string, object>
        {
            ["kind"] = kind,
            [kind == "convnet" ? "in_channels" : "input_dim"] = inputArgument,
            ["widths"] = widths,
            ["weights"] = weights,
            ["tensors"] = tensors,
            ["input_shape"] = input.shape,
            ["input"] = Doubles(input),
            ["output_shape"] = output.shape,
            ["output"] = Doubles(output),
        };
        string casePath = Path.Combine(folder, kind + ".json");
        File.WriteAllText(casePath, JsonSerializer.Serialize(testCase));
        string script = Path.Combine(AppContext.BaseDirectory, "fixtures", "python", "check_encoder_export.py");

        var (exitCode, text) = Run(PythonWithTorch.Interpreter, "-c \"import torch\"");
        Assert.True(exitCode == 0, $"{PythonWithTorch.Interpreter} cannot import torch (run tests/ensure-test-packages.sh, or set SSLDSL_PYTHON): {text}");
        (exitCode, text) = Run(PythonWithTorch.Interpreter, $"\"{script}\" \"{casePath}\"");
        Assert.True(exitCode == 0, $"the Python check failed:\n{text}");
        Assert.StartsWith("OK", text.Trim(), StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 120 s\n" + stdout);
        }

        return (process.ExitCode, stdout + stderr.Result);
    }

    /// <summary>An encoder with perturbed weights and batch-norm statistics from 3 training-mode batches.</summary>
    private static T Trained<T>(T encoder, long[] batchShape, ulong seed) where T : nn.Module<Tensor, Tensor>
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        using var noGrad = no_grad();
        foreach (var p in encoder.parameters())
        {
            p.add_(randn(p.shape, generator: generator).mul_(0.1));
        }

        encoder.train();
        for (int i = 0; i < 3; i++)
        {
            encoder.call(randn(batchShape, generator: generator).mul_(2).add_(0.5));
        }

        return encoder;
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static double[] Doubles(Tensor t) => t.detach().to_type(ScalarType.Float64).cpu().data<double>().ToArray();

    private static (Dictionary<string, JsonElement> Header, byte[] Data) ParseSafetensors(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        long length = BitConverter.ToInt64(file, 0);
        using var json = JsonDocument.Parse(file.AsMemory(8, (int)length));
        var header = json.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__").ToDictionary(p => p.Name, p => p.Value.Clone());
        return (header, file[(8 + (int)length)..]);
    }
}
