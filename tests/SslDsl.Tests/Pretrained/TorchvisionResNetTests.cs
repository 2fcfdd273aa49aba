using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SslDsl.Encoders;
using SslDsl.Pretrained;
using Xunit.Abstractions;
using static SslDsl.Tests.Pretrained.Exactly;
using static TorchSharp.torch;

namespace SslDsl.Tests.Pretrained;

/// <summary>
/// torchvision's ResNet state dicts, written by PyTorch (tests/fixtures/python/make_pretrained_references.py), in
/// <see cref="ResNetEncoder"/>: every name maps, the classifier is ignored, and the encoder computes torchvision's
/// features (global-average-pooled, before fc) on the same input.
/// </summary>
public sealed class TorchvisionResNetTests
{
    private readonly ITestOutputHelper output;

    public TorchvisionResNetTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void ResNet18ComputesTorchvisionsFeaturesFromItsStateDict()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(3, 18);
        Tensor input = PyTorchReferences.Reference("resnet18_reference.pth", "input");
        Tensor expected = PyTorchReferences.Reference("resnet18_reference.pth", "output");
        double before = Features(encoder, input).sub(expected).abs().max().item<float>();

        PretrainedLoadResult result = PretrainedWeights.Load(encoder, PyTorchReferences.PathOf("resnet18_torchvision.pth"), WeightLayout.TorchvisionResNet);

        Assert.Equal(new[] { "fc.bias", "fc.weight" }, result.Ignored);
        Assert.Equal(encoder.state_dict().Count, result.Loaded.Count);
        Assert.Empty(result.Defaulted);
        Assert.Null(result.StrippedPrefix);
        Assert.Equal(7L, encoder.state_dict()["layers.layer3_0.downsample.1.num_batches_tracked"].item<long>());
        Tensor actual = Features(encoder, input);

        double difference = actual.sub(expected).abs().max().item<float>();
        output.WriteLine($"ResNet-18, torchvision state dict: max |ours − PyTorch| = {difference:E2} over [{string.Join(", ", expected.shape)}] (max |feature| {expected.abs().max().item<float>():F3}; {before:F3} before loading)");
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(difference < 1e-4, $"max abs difference {difference}");
        Assert.True(before > 1e3 * Math.Max(difference, 1e-7), $"the comparison discriminates: {before} before loading");
    }

    [Fact]
    public void ADdpCheckpointUnderStateDictLoadsWithItsModulePrefixStripped()
    {
        using var scope = NewDisposeScope();
        using var direct = new ResNetEncoder(3, 18);
        using var fromDdp = new ResNetEncoder(3, 18);
        PretrainedWeights.Load(direct, PyTorchReferences.PathOf("resnet18_torchvision.pth"), WeightLayout.TorchvisionResNet);

        PretrainedLoadResult result = PretrainedWeights.Load(fromDdp, PyTorchReferences.PathOf("resnet18_ddp.pth"), WeightLayout.TorchvisionResNet);

        Assert.Equal("state_dict", result.Container);
        Assert.Equal("module.", result.StrippedPrefix);
        Assert.Equal(new[] { "fc.bias", "fc.weight" }, result.Ignored);
        var expected = direct.state_dict();
        foreach ((string name, Tensor value) in fromDdp.state_dict())
        {
            Assert.True(Same(value, expected[name]), $"{name} differs");
        }
    }

    [Theory]
    [InlineData(18)]
    [InlineData(34)]
    [InlineData(50)]
    public void EveryTorchvisionEntryHasAnEncoderEntryOfTheSameShapeAndBack(int depth)
    {
        // torchvision's names and shapes, dumped by PyTorch (no weights): the mapping is a bijection onto the encoder's entries.
        using var scope = NewDisposeScope();
        string json = File.ReadAllText(PyTorchReferences.PathOf($"resnet{depth}_names.json"));
        var torchvision = JsonSerializer.Deserialize<Dictionary<string, long[]>>(json)!;
        using var encoder = new ResNetEncoder(3, depth);
        var ours = encoder.state_dict().ToDictionary(e => e.Key, e => e.Value.shape);
        var names = new TorchvisionResNetNames();

        var mapped = torchvision.Where(e => !names.IsUnused(e.Key)).ToDictionary(e => names.ToEncoder(e.Key) ?? "(none for " + e.Key + ")", e => e.Value);

        Assert.Equal(ours.Keys.OrderBy(k => k, StringComparer.Ordinal), mapped.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach ((string key, long[] shape) in ours)
        {
            Assert.Equal(shape, mapped[key]);
            Assert.True(torchvision.ContainsKey(names.ToFile(key)), $"{key} maps back to {names.ToFile(key)}, which torchvision does not have");
        }

        Assert.Equal(new[] { "fc.bias", "fc.weight" }, torchvision.Keys.Where(names.IsUnused).OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void ASmallInputStemIsRefusedWithTheMismatchExplainedAndTheEncoderUnchanged()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(3, 18, smallInputs: true);
        var before = encoder.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());

        var error = Assert.Throws<PretrainedWeightsMismatchException>(() =>
            PretrainedWeights.Load(encoder, PyTorchReferences.PathOf("resnet18_torchvision.pth"), WeightLayout.TorchvisionResNet));

        string mismatch = Assert.Single(error.ShapeMismatches);
        Assert.StartsWith("conv1.weight (encoder: stem.conv1.weight): expected [64, 3, 3, 3] got [64, 3, 7, 7]", mismatch, StringComparison.Ordinal);
        Assert.Contains("SmallInputs", mismatch, StringComparison.Ordinal);
        Assert.Empty(error.Missing);
        Assert.Empty(error.Unexpected);
        Assert.Contains("nothing was changed", error.Message, StringComparison.Ordinal);
        foreach ((string name, Tensor value) in encoder.state_dict())
        {
            Assert.True(Same(value, before[name]), $"{name} changed although the load failed");
        }
    }

    [Fact]
    public void AResNet18CheckpointIntoAResNet34ListsTheBlocksItLacksAsMissing()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(3, 34);

        var error = Assert.Throws<PretrainedWeightsMismatchException>(() =>
            PretrainedWeights.Load(encoder, PyTorchReferences.PathOf("resnet18_torchvision.pth"), WeightLayout.TorchvisionResNet));

        // ResNet-34 has 3/4/6/3 blocks where the ResNet-18 file has 2/2/2/2: the extra blocks are missing from the file.
        Assert.Contains("layer1.2.conv1.weight (encoder: layers.layer1_2.conv1.weight)", error.Missing);
        Assert.Contains("layer3.5.bn2.running_var (encoder: layers.layer3_5.bn2.running_var)", error.Missing);
        Assert.Empty(error.Unexpected);
        Assert.Empty(error.ShapeMismatches);
    }

    private static Tensor Features(ResNetEncoder encoder, Tensor input)
    {
        encoder.eval();
        using var noGrad = no_grad();
        return encoder.call(input);
    }
}
