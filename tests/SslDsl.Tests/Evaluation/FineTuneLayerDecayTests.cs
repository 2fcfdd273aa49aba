using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SslDsl.Encoders;
using SslDsl.Evaluation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>
/// Layer-wise learning-rate decay: one AdamW group per encoder layer, layer l of L at LR × BackboneMultiplier ×
/// LayerDecay^(L − l), the head at LR × HeadMultiplier, checked per parameter against the test's own mapping of
/// module names and against the step AdamW actually took.
/// </summary>
public sealed class FineTuneLayerDecayTests
{
    private const double Lr = 1e-2;
    private const double Decay = 0.5;
    private const int Classes = 4;

    // Convolutions have multiples of 16 channels: see docs/known-issues.md (oneDNN gives wrong, even NaN, gradients for 8).
    public static TheoryData<string> Encoders() => new() { "ConvNet", "ResNet", "ViT" };

    [Theory]
    [MemberData(nameof(Encoders))]
    public void EveryParameterMovesByItsLayersDecayedRateOnTheFirstStep(string kind)
    {
        // One full batch, one epoch: a single AdamW step without weight decay. Adam's first step moves a coordinate by
        // lr · |g| / (|g| + 1e-8), so the largest move of each parameter is its group's learning rate.
        using var scope = NewDisposeScope();
        (nn.Module<Tensor, Tensor> encoder, int dim, int layers, Func<string, int> layerOf) = Create(kind);
        using var _ = encoder;
        using var generator = new Generator(5);
        Tensor x = rand(new long[] { 16, 3, 16, 16 }, generator: generator);
        Tensor y = randint(0, Classes, new long[] { 16 }, generator: generator);
        Dictionary<string, double[]> before = encoder.named_parameters().ToDictionary(p => p.name, p => Values(p.parameter));
        var options = new FineTuneOptions(LearningRate: Lr, HeadMultiplier: 10, BackboneMultiplier: 1, Epochs: 1, Patience: 1, BatchSize: 16, WeightDecay: 0, LayerDecay: Decay);

        using FineTuneResult result = FineTuner.Fit(encoder, dim, x, y, x, y, Classes, options, CPU, seed: 3);

        // the groups: the head, then one per layer 0…L that has parameters, each at its decayed rate
        Assert.Empty(result.Notes);
        FineTuneParameterGroup head = result.ParameterGroups[0];
        Assert.Equal(("head", (int?)null, Lr * 10), (head.Name, head.Layer, head.LearningRate));
        Assert.Equal(new[] { "head.weight", "head.bias" }, head.Parameters.OrderByDescending(n => n));
        var groupOf = new Dictionary<string, FineTuneParameterGroup>();
        foreach (FineTuneParameterGroup group in result.ParameterGroups.Skip(1))
        {
            Assert.Equal($"encoder layer {group.Layer}", group.Name);
            Assert.Equal(Lr * Math.Pow(Decay, layers - group.Layer!.Value), group.LearningRate, 15);
            foreach (string name in group.Parameters)
            {
                groupOf.Add(name["encoder.".Length..], group); // Add: a parameter in two groups throws
            }
        }

        Assert.Equal(before.Keys.OrderBy(n => n), groupOf.Keys.OrderBy(n => n));
        Assert.Equal(Enumerable.Range(0, layers + 1).Where(l => before.Keys.Any(n => layerOf(n) == l)), result.ParameterGroups.Skip(1).Select(g => g.Layer!.Value));
        foreach (var (name, parameter) in encoder.named_parameters())
        {
            double expected = Lr * Math.Pow(Decay, layers - layerOf(name));
            Assert.True(layerOf(name) == groupOf[name].Layer, $"{name} is in {groupOf[name].Name}, expected layer {layerOf(name)}");

            double[] moves = Values(parameter).Zip(before[name], (a, b) => Math.Abs(a - b)).ToArray();
            Assert.InRange(moves.Max(), expected * 0.98, expected * 1.002);
            Assert.True(moves.Count(m => m > expected * 0.98) > moves.Length / 2, $"{name}: most coordinates move by ≈ {expected}");
        }

        using Linear initialHead = FineTuner.CreateHead(dim, Classes, seed: 3, CPU);
        double headMove = result.Head.weight!.sub(initialHead.weight!).abs().max().item<float>();
        Assert.InRange(headMove, Lr * 10 * 0.98, Lr * 10 * 1.002);
        Assert.Equal(result.ParameterGroups.Select(g => g.LearningRate), result.History[0].LearningRates); // one epoch: cosine at its start
    }

    [Fact]
    public void ResNetGroupsCarryTheDecayedRatePerParameter()
    {
        using var scope = NewDisposeScope();
        (nn.Module<Tensor, Tensor> encoder, int dim, int layers, Func<string, int> layerOf) = Create("ResNet");
        using var _ = encoder;
        using Linear head = FineTuner.CreateHead(dim, Classes, seed: 1, CPU);
        var options = new FineTuneOptions(LearningRate: Lr, HeadMultiplier: 10, LayerDecay: 0.75);

        var (groups, members, notes) = FineTuneParameterGroups.Build(encoder, head, options);

        Assert.Empty(notes);
        Assert.Equal(new[] { "head", "encoder layer 0", "encoder layer 1", "encoder layer 2", "encoder layer 3", "encoder layer 4" }, groups.Select(g => g.Name));
        var rateOf = new Dictionary<Parameter, double>(ReferenceEqualityComparer.Instance);
        for (int g = 0; g < groups.Count; g++)
        {
            Assert.Equal(groups[g].Parameters.Count, members[g].Length);
            foreach (Parameter p in members[g])
            {
                rateOf.Add(p, groups[g].LearningRate); // each parameter in one group only
            }
        }

        foreach (var (name, parameter) in encoder.named_parameters())
        {
            Assert.Equal(Lr * Math.Pow(0.75, layers - layerOf(name)), rateOf[parameter], 15);
        }

        Assert.Equal(Lr * 10, rateOf[head.weight!]);
        Assert.Equal(encoder.parameters().Count() + 2, rateOf.Count);
    }

    [Fact]
    public void LayerMapsOfTheSequenceEncodersPlaceEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var mlp = new MlpEncoder(8, new[] { 16, 16, 8 });
        using var tcn = new TemporalConvNetEncoder(3, new[] { 8, 8 });
        using var tokens = TransformerSequenceEncoder.ForTokens(vocabSize: 20, length: 8, dim: 16, depth: 2, heads: 2);
        using var channels = TransformerSequenceEncoder.ForChannels(channels: 3, length: 8, dim: 16, depth: 3, heads: 2);

        EncoderLayerMap m = EncoderLayerMap.For(mlp)!;
        Assert.Equal(3, m.Layers);
        Assert.Equal(1, m.LayerOf["layers.linear0.weight"]);
        Assert.Equal(3, m.LayerOf["layers.bn2.bias"]);

        EncoderLayerMap t = EncoderLayerMap.For(tcn)!;
        Assert.Equal(2, t.Layers);
        Assert.All(t.LayerOf, p => Assert.Equal(p.Key.StartsWith("levels.level0.", StringComparison.Ordinal) ? 1 : 2, p.Value));

        EncoderLayerMap k = EncoderLayerMap.For(tokens)!;
        Assert.Equal(3, k.Layers); // embeddings 0, blocks 1–2, final norm 3
        Assert.Equal(0, k.LayerOf["tokenEmbedding.weight"]);
        Assert.Equal(0, k.LayerOf["positions"]);
        Assert.Equal(2, k.LayerOf.Single(p => p.Key.StartsWith("blocks.1.", StringComparison.Ordinal) && p.Key.EndsWith("fc2.weight", StringComparison.Ordinal)).Value);
        Assert.Equal(3, k.LayerOf["norm.weight"]);

        EncoderLayerMap c = EncoderLayerMap.For(channels)!;
        Assert.Equal(4, c.Layers);
        Assert.Equal(0, c.LayerOf["channelProjection.bias"]);
        Assert.Equal(4, c.LayerOf["norm.bias"]);
        foreach (EncoderLayerMap map in new[] { m, t, k, c })
        {
            Assert.All(map.LayerOf.Values, l => Assert.InRange(l, 0, map.Layers));
        }
    }

    [Fact]
    public void AnEncoderWithoutALayerMapTrainsAsOneGroupAndSaysSo()
    {
        using var scope = NewDisposeScope();
        using var encoder = new Wrapped(new MlpEncoder(8, new[] { 16 }));
        Assert.Null(EncoderLayerMap.For(encoder));
        using var generator = new Generator(2);
        Tensor x = randn(new long[] { 32, 8 }, generator: generator);
        Tensor y = randint(0, Classes, new long[] { 32 }, generator: generator);
        var options = new FineTuneOptions(LearningRate: 1e-3, Epochs: 1, Patience: 1, BatchSize: 16, LayerDecay: 0.75);

        using FineTuneResult result = FineTuner.Fit(encoder, 16, x, y, x, y, Classes, options, CPU, seed: 1);

        Assert.Equal(new[] { "head", "encoder" }, result.ParameterGroups.Select(g => g.Name));
        Assert.Equal(1e-3, result.ParameterGroups[1].LearningRate, 15);
        Assert.Equal(encoder.named_parameters().Select(p => "encoder." + p.name), result.ParameterGroups[1].Parameters);
        string note = Assert.Single(result.Notes);
        Assert.StartsWith("LayerDecay 0.75 not applied: Wrapped has no layer map", note, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutLayerDecayTheEncoderIsOneGroupAndAFrozenEncoderNone()
    {
        using var scope = NewDisposeScope();
        using var encoder = new MlpEncoder(8, new[] { 16 });
        using var generator = new Generator(4);
        Tensor x = randn(new long[] { 32, 8 }, generator: generator);
        Tensor y = randint(0, Classes, new long[] { 32 }, generator: generator);

        using FineTuneResult plain = FineTuner.Fit(encoder, 16, x, y, x, y, Classes, new FineTuneOptions(Epochs: 1, BatchSize: 16), CPU, seed: 1);
        using FineTuneResult frozen = FineTuner.Fit(encoder, 16, x, y, x, y, Classes, new FineTuneOptions(Epochs: 1, BatchSize: 16, BackboneMultiplier: 0, LayerDecay: 0.5), CPU, seed: 1);

        Assert.Equal(new[] { "head", "encoder" }, plain.ParameterGroups.Select(g => g.Name));
        Assert.Equal(new[] { "head" }, frozen.ParameterGroups.Select(g => g.Name));
        Assert.Empty(frozen.Notes);
    }

    /// <summary>The encoder, its embedding size, L, and the test's own layer of each parameter name.</summary>
    private static (nn.Module<Tensor, Tensor> Encoder, int Dim, int Layers, Func<string, int> LayerOf) Create(string kind)
    {
        static int Captured(string name, string pattern) => int.Parse(Regex.Match(name, pattern).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        switch (kind)
        {
            case "ConvNet":
                // conv{i}/bn{i} is stage i → layer i + 1; three stages, L = 3
                return (new ConvNetEncoder(3, new[] { 16, 16, 32 }), 32, 3, n => Captured(n, @"^stages\.(?:conv|bn)(\d)\.") + 1);
            case "ResNet":
                // stem → 0, layer{s}_{b} → s; L = 4
                return (new ResNetEncoder(3, 18, smallInputs: true, widthMultiplier: 0.25), 128, 4,
                    n => n.StartsWith("stem.", StringComparison.Ordinal) ? 0 : Captured(n, @"^layers\.layer(\d)_"));
            default:
                // patch embedding and class token → 0, block i → i + 1, final norm → depth + 1 = L = 4
                return (new VisionTransformerEncoder(3, 16, 16, patchSize: 4, dim: 16, depth: 3, heads: 2), 16, 4,
                    n => n.StartsWith("patchEmbed.", StringComparison.Ordinal) || n == "clsToken" ? 0
                        : n.StartsWith("norm.", StringComparison.Ordinal) ? 4
                        : Captured(n, @"^blocks\.(\d)\.") + 1);
        }
    }

    private static double[] Values(Tensor t) => t.detach().to_type(ScalarType.Float64).cpu().data<double>().ToArray();

    /// <summary>A built-in encoder inside another module: no layer map applies.</summary>
    private sealed class Wrapped : nn.Module<Tensor, Tensor>
    {
        private readonly MlpEncoder inner;

        public Wrapped(MlpEncoder inner) : base(nameof(Wrapped))
        {
            this.inner = inner;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => inner.call(input);
    }
}
