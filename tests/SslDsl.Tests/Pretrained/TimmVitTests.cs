using System;
using System.IO;
using System.Linq;
using SslDsl.Encoders;
using SslDsl.Pretrained;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SslDsl.Tests.Pretrained;

/// <summary>
/// timm-named ViT state dicts written by PyTorch (a plain-torch ViT with timm's module names and forward: patch
/// embedding conv, class token, position embedding, pre-norm blocks with fused qkv, final norm, the class token out)
/// in <see cref="VisionTransformerEncoder"/>: patch 4, dim 32, depth 2, heads 2, 16x16 RGB.
/// </summary>
public sealed class TimmVitTests
{
    private readonly ITestOutputHelper output;

    public TimmVitTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void TheEncoderComputesTimmsClassTokenAndTokenFeatures()
    {
        using var scope = NewDisposeScope();
        using var encoder = NewVit();

        PretrainedLoadResult result = PretrainedWeights.Load(encoder, PyTorchReferences.PathOf("vit_timm.pth"), WeightLayout.TimmVit);

        Assert.Equal(new[] { "head.bias", "head.weight" }, result.Ignored);
        Assert.Empty(result.Notes);
        Assert.Equal(encoder.state_dict().Count, result.Loaded.Count);
        CompareWithPyTorch(encoder, "vit_timm_reference.pth", "timm ViT");
    }

    [Fact]
    public void LayerScaleAndAPositionEmbeddingWithoutTheClassRowAreRewrittenExactly()
    {
        // timm's init_values (layer scale, ls1/ls2.gamma) and no_embed_class=True (pos_embed [1, L, D], the class token unpositioned).
        using var scope = NewDisposeScope();
        using var encoder = NewVit();

        PretrainedLoadResult result = PretrainedWeights.Load(encoder, PyTorchReferences.PathOf("vit_timm_ls.pth"), WeightLayout.TimmVit);

        Assert.Equal(2, result.Notes.Count);
        Assert.Contains(result.Notes, n => n.StartsWith("layer scale folded into attn.proj / mlp.fc2 (4 gammas", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("pos_embed has no class-token row (16 rows", StringComparison.Ordinal));
        Assert.True(encoder.PositionEmbedding.select(1, 0).eq(0).all().item<bool>(), "the class token's position row is zero");
        CompareWithPyTorch(encoder, "vit_timm_ls_reference.pth", "timm ViT with layer scale and no_embed_class");
    }

    [Fact]
    public void EveryEncoderEntryHasATimmNameThatMapsBack()
    {
        using var encoder = NewVit();
        var names = new TimmVitNames();
        string[] expected =
        {
            "cls_token", "pos_embed", "patch_embed.proj.weight", "patch_embed.proj.bias", "norm.weight", "norm.bias",
            "blocks.1.norm1.weight", "blocks.1.attn.qkv.weight", "blocks.1.attn.qkv.bias", "blocks.1.attn.proj.bias",
            "blocks.1.norm2.bias", "blocks.1.mlp.fc1.weight", "blocks.1.mlp.fc2.bias",
        };

        string[] files = encoder.state_dict().Keys.Select(names.ToFile).ToArray();

        Assert.All(expected, name => Assert.Contains(name, files));
        Assert.Equal(encoder.state_dict().Keys, files.Select(f => names.ToEncoder(f)));
    }

    [Fact]
    public void AQkvProjectionWithoutBiasGetsZeroBiases()
    {
        // timm's qkv_bias=False, written here in timm's names from an encoder whose qkv biases are zero.
        using var scope = NewDisposeScope();
        using var source = NewVit();
        var names = new TimmVitNames();
        var entries = source.state_dict().Where(e => !e.Key.EndsWith("qkv.bias", StringComparison.Ordinal)).ToDictionary(e => names.ToFile(e.Key), e => e.Value);
        string path = Path.Combine(Path.GetTempPath(), $"ssldsl-vit-{Guid.NewGuid():N}.safetensors");
        using (FileStream stream = File.Create(path))
        {
            Safetensors.SaveStateDict(stream, entries, leaveOpen: true);
        }

        using var target = NewVit();
        using (no_grad())
        {
            foreach ((string name, Tensor value) in target.state_dict().Where(e => e.Key.EndsWith("qkv.bias", StringComparison.Ordinal)))
            {
                value.fill_(0.5); // what the load must overwrite
            }
        }

        try
        {
            PretrainedLoadResult result = PretrainedWeights.Load(target, path, WeightLayout.TimmVit);

            Assert.StartsWith("attn.qkv has no bias in 2 block(s)", Assert.Single(result.Notes), StringComparison.Ordinal);
            Assert.True(target.state_dict()["blocks.1.qkv.bias"].eq(0).all().item<bool>());
            source.eval();
            target.eval();
            Tensor x = rand(2, 3, 16, 16, generator: new Generator(3));
            using var noGrad = no_grad();
            Assert.True(source.call(x).eq(target.call(x)).all().item<bool>(), "the same forward");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnotherImageSizeIsRefusedWithThePositionEmbeddingExplained()
    {
        using var scope = NewDisposeScope();
        using var encoder = new VisionTransformerEncoder(3, 32, 32, 4, 32, 2, 2);

        var error = Assert.Throws<PretrainedWeightsMismatchException>(() =>
            PretrainedWeights.Load(encoder, PyTorchReferences.PathOf("vit_timm.pth"), WeightLayout.TimmVit));

        string mismatch = Assert.Single(error.ShapeMismatches);
        Assert.StartsWith("pos_embed (encoder: posEmbed): expected [1, 65, 32] got [1, 17, 32]", mismatch, StringComparison.Ordinal);
        Assert.Contains("resizing the embedding is not supported", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void AViTLayoutForAResNetIsAnArgumentError()
    {
        using var encoder = new ResNetEncoder(3, 18);

        var error = Assert.Throws<ArgumentException>(() => PretrainedWeights.Load(encoder, "unused.pth", WeightLayout.TimmVit));

        Assert.Contains("maps onto a VisionTransformerEncoder, not a ResNetEncoder", error.Message, StringComparison.Ordinal);
    }

    private static VisionTransformerEncoder NewVit() => new(3, 16, 16, patchSize: 4, dim: 32, depth: 2, heads: 2);

    private void CompareWithPyTorch(VisionTransformerEncoder encoder, string reference, string what)
    {
        encoder.eval();
        Tensor input = PyTorchReferences.Reference(reference, "input");
        Tensor expected = PyTorchReferences.Reference(reference, "output");
        Tensor expectedTokens = PyTorchReferences.Reference(reference, "tokens");
        Tensor actual, tokens;
        using (no_grad())
        {
            actual = encoder.call(input);
            tokens = encoder.ForwardTokens(input);
        }

        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expectedTokens.shape, tokens.shape);
        double difference = actual.sub(expected).abs().max().item<float>();
        double tokenDifference = tokens.sub(expectedTokens).abs().max().item<float>();
        output.WriteLine($"{what}: max |ours − PyTorch| = {difference:E2} on the class token [{string.Join(", ", expected.shape)}], {tokenDifference:E2} on all tokens [{string.Join(", ", expectedTokens.shape)}]");
        Assert.True(difference < 1e-5, $"class token: max abs difference {difference}");
        Assert.True(tokenDifference < 1e-5, $"tokens: max abs difference {tokenDifference}");
    }
}
