using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SslDsl.Encoders;
using SslDsl.Export;
using SslDsl.Pretrained;
using TorchSharp;
using TorchSharp.PyBridge;
using static SslDsl.Tests.Pretrained.Exactly;
using static TorchSharp.torch;

namespace SslDsl.Tests.Pretrained;

/// <summary>
/// <see cref="PretrainedWeights.Load"/> on files written here: SslDsl's own names through safetensors and torch.save's
/// format, prefixes, and files that do not fit (one exception listing everything, nothing changed).
/// </summary>
public sealed class PretrainedWeightsFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ssldsl-pretrained-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void AnExportedEncoderRoundTripsThroughSafetensorsInItsOwnLayout()
    {
        using var scope = NewDisposeScope();
        using var source = Perturbed(new ConvNetEncoder(1, new[] { 4, 8 }), seed: 1);
        string path = Path.Combine(folder, "encoder.safetensors");
        EncoderExport.SaveSafetensors(source, path);
        using var target = new ConvNetEncoder(1, new[] { 4, 8 });

        PretrainedLoadResult result = PretrainedWeights.Load(target, path, WeightLayout.SslDsl);

        Assert.Equal(source.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal), result.Loaded);
        Assert.Empty(result.Ignored);
        Assert.Null(result.Container);
        AssertSameState(source, target);
        source.eval();
        target.eval();
        Tensor x = rand(3, 1, 8, 8, generator: new Generator(9));
        Assert.True(Same(source.call(x), target.call(x)), "the loaded encoder computes the same function");
    }

    [Fact]
    public void AFileWithAMissingAnUnexpectedAndAMisshapenEntryListsEachAndChangesNothing()
    {
        using var scope = NewDisposeScope();
        using var source = Perturbed(new ConvNetEncoder(1, new[] { 4, 8 }), seed: 2);
        Dictionary<string, Tensor> entries = source.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());
        entries.Remove("stages.conv1.weight");
        entries["stages.conv9.weight"] = zeros(8, 8, 3, 3);
        entries["stages.bn0.weight"] = ones(5);
        string path = WriteSafetensors("wrong.safetensors", entries);
        using var target = Perturbed(new ConvNetEncoder(1, new[] { 4, 8 }), seed: 3);
        var before = target.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());

        var error = Assert.Throws<PretrainedWeightsMismatchException>(() => PretrainedWeights.Load(target, path, WeightLayout.SslDsl));

        Assert.Equal(new[] { "stages.conv1.weight" }, error.Missing);
        Assert.Equal(new[] { "stages.conv9.weight" }, error.Unexpected);
        Assert.Equal(new[] { "stages.bn0.weight: expected [4] got [5]" }, error.ShapeMismatches);
        Assert.Contains("missing (1):\n  stages.conv1.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected (1):\n  stages.conv9.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("shape mismatches (1):\n  stages.bn0.weight: expected [4] got [5]", error.Message, StringComparison.Ordinal);
        Assert.Equal("path", error.ParamName);
        foreach ((string name, Tensor value) in target.state_dict())
        {
            Assert.True(Same(value, before[name]), $"{name} changed although the load failed");
        }
    }

    [Theory]
    [InlineData("module.")]
    [InlineData("module.backbone.")]
    [InlineData("_orig_mod.encoder.")]
    public void ACommonKnownPrefixIsStripped(string prefix)
    {
        using var scope = NewDisposeScope();
        using var source = Perturbed(new MlpEncoder(6, new[] { 5, 3 }), seed: 4);
        string path = WriteSafetensors("prefixed.safetensors", source.state_dict().ToDictionary(e => prefix + e.Key, e => e.Value));
        using var target = new MlpEncoder(6, new[] { 5, 3 });

        PretrainedLoadResult result = PretrainedWeights.Load(target, path, WeightLayout.SslDsl);

        Assert.Equal(prefix, result.StrippedPrefix);
        AssertSameState(source, target);
    }

    [Fact]
    public void AnExplicitPrefixPicksTheEncoderAndIgnoresTheRest()
    {
        // A DINO-style checkpoint: backbone and head side by side under one prefix each.
        using var scope = NewDisposeScope();
        using var source = Perturbed(new MlpEncoder(6, new[] { 5, 3 }), seed: 5);
        var entries = source.state_dict().ToDictionary(e => "teacher.backbone." + e.Key, e => e.Value);
        entries["teacher.head.last_layer.weight"] = ones(7, 3);
        string path = WriteSafetensors("dino.safetensors", entries);
        using var target = new MlpEncoder(6, new[] { 5, 3 });

        var unprefixed = Assert.Throws<PretrainedWeightsMismatchException>(() => PretrainedWeights.Load(target, path, WeightLayout.SslDsl));
        PretrainedLoadResult result = PretrainedWeights.Load(target, path, WeightLayout.SslDsl, prefix: "teacher.backbone.");

        Assert.Contains("teacher.head.last_layer.weight", unprefixed.Unexpected);
        Assert.Equal(new[] { "teacher.head.last_layer.weight" }, result.Ignored);
        Assert.Equal("teacher.backbone.", result.StrippedPrefix);
        AssertSameState(source, target);
    }

    [Fact]
    public void ATorchSaveFileInFloat16IsReadAndConverted()
    {
        // torch.save's zip format as TorchSharp.PyBridge writes it (the PyTorch-written case: TorchvisionResNetTests).
        using var scope = NewDisposeScope();
        using var source = Perturbed(new MlpEncoder(6, new[] { 5 }), seed: 6);
        var half = source.state_dict().ToDictionary(e => e.Key, e => e.Value.is_floating_point() ? e.Value.detach().to_type(ScalarType.Float16) : e.Value.detach());
        string path = Path.Combine(folder, "encoder.pt");
        PyTorchPickler.PickleStateDict(path, half);
        using var target = new MlpEncoder(6, new[] { 5 });

        PretrainedWeights.Load(target, path, WeightLayout.SslDsl);

        foreach ((string name, Tensor value) in target.state_dict().Where(e => e.Value.is_floating_point()))
        {
            Assert.Equal(ScalarType.Float32, value.dtype);
            Assert.True(Same(value, source.state_dict()[name].to_type(ScalarType.Float16).to_type(ScalarType.Float32)), $"{name}: not the float16 value");
        }

        Assert.Equal(3L, target.state_dict()["layers.bn0.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void AFileInNeitherFormatOrPyTorchsLegacyFormatIsAnInvalidDataError()
    {
        using var encoder = new MlpEncoder(6, new[] { 5 });
        string garbage = Path.Combine(folder, "garbage.bin");
        File.WriteAllBytes(garbage, new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, (byte)'x', 0, 0 });
        string legacy = Path.Combine(folder, "legacy.pth");
        File.WriteAllBytes(legacy, new byte[] { 0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20 });

        var neither = Assert.Throws<InvalidDataException>(() => PretrainedWeights.Load(encoder, garbage, WeightLayout.SslDsl));
        var old = Assert.Throws<InvalidDataException>(() => PretrainedWeights.Load(encoder, legacy, WeightLayout.SslDsl));
        Assert.Throws<FileNotFoundException>(() => PretrainedWeights.Load(encoder, Path.Combine(folder, "none.pt"), WeightLayout.SslDsl));

        Assert.Contains("neither a PyTorch zip file nor a readable safetensors file", neither.Message, StringComparison.Ordinal);
        Assert.Contains("legacy", old.Message, StringComparison.Ordinal);
    }

    private string WriteSafetensors(string name, Dictionary<string, Tensor> entries)
    {
        string path = Path.Combine(folder, name);
        using FileStream stream = File.Create(path);
        Safetensors.SaveStateDict(stream, entries, leaveOpen: true);
        return path;
    }

    /// <summary>Weights and buffers moved away from their initial values, so that a copy that did not happen shows.</summary>
    private static T Perturbed<T>(T encoder, ulong seed) where T : nn.Module
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        using var noGrad = no_grad();
        foreach ((string name, Tensor value) in StagedWeights.EntriesOf(encoder))
        {
            if (value.is_floating_point())
            {
                value.add_(rand(value.shape, generator: generator).mul_(0.5));
            }
            else
            {
                value.fill_(3);
            }
        }

        return encoder;
    }

    private static void AssertSameState(nn.Module expected, nn.Module actual)
    {
        var reference = expected.state_dict();
        var loaded = actual.state_dict();
        Assert.Equal(reference.Keys.OrderBy(k => k, StringComparer.Ordinal), loaded.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach ((string name, Tensor value) in loaded)
        {
            Assert.True(Same(value, reference[name]), $"{name} differs");
        }
    }
}
