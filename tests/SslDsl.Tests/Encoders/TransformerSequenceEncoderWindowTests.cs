using System;
using System.Linq;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Encoders.EncoderTestSupport;

namespace SslDsl.Tests.Encoders;

/// <summary>[TransformerEncoder(AttentionWindow, GlobalTokens)]: the same encoder and weights with Longformer attention in every block.</summary>
public sealed class TransformerSequenceEncoderWindowTests
{
    private const int Vocab = 50, Length = 40, Dim = 32;

    private static TransformerSequenceEncoder Tokens(int window = 0, int global = 0) =>
        TransformerSequenceEncoder.ForTokens(Vocab, Length, dim: Dim, depth: 2, heads: 4, attentionWindow: window, globalTokens: global);

    /// <summary>An encoder with the weights of <paramref name="source"/> (the window adds no parameters).</summary>
    private static TransformerSequenceEncoder WithWeightsOf(TransformerSequenceEncoder source, int window, int global)
    {
        TransformerSequenceEncoder copy = Tokens(window, global);
        copy.load_state_dict(source.state_dict());
        return copy;
    }

    private static Tensor RandomTokens(ulong seed, long length)
    {
        using var generator = new Generator(seed);
        return randint(4, Vocab, new long[] { 2, length }, generator: generator);
    }

    [Fact]
    public void TheWindowAddsNoParameters()
    {
        using var full = Tokens();
        using var windowed = Tokens(window: 8, global: 1);

        Assert.Equal(full.state_dict().Keys.OrderBy(k => k), windowed.state_dict().Keys.OrderBy(k => k));
        Assert.Equal(ParameterCount(full), ParameterCount(windowed));
        Assert.Equal(8, windowed.AttentionWindow);
        Assert.Equal(1, windowed.GlobalTokens);
        Assert.All(windowed.modules().OfType<TransformerBlock>(), b => Assert.Equal(8, b.SlidingWindow!.Window));
    }

    [Theory]
    [InlineData(80, 0)]
    [InlineData(80, 2)]
    [InlineData(64, 0)] // W/2 = 32 < 39: a window that would not cover, but the run is shorter (33 tokens)
    public void OutputsAndGradientsEqualFullAttentionWhenTheWindowCoversTheSequence(int window, int global)
    {
        using var scope = NewDisposeScope();
        using var full = Tokens();
        using var windowed = WithWeightsOf(full, window, global);
        Tensor tokens = RandomTokens(1, window == 64 ? 33 : Length);

        Tensor expected = full.ForwardTokens(tokens);
        Tensor actual = windowed.ForwardTokens(tokens);
        Tensor weights = RandomInput(2, expected.shape).sub(0.5);
        expected.mul(weights).sum().backward();
        actual.mul(weights).sum().backward();

        Assert.True(actual.sub(expected).abs().max().item<float>() < 1e-5);
        foreach (var (name, parameter) in full.named_parameters())
        {
            Tensor other = windowed.get_parameter(name)!.grad!;
            Assert.True(other.sub(parameter.grad!).abs().max().item<float>() < 1e-5, name);
        }
    }

    [Fact]
    public void ANarrowWindowChangesTheOutputAndLeavesDistantTokensOutOfALayer()
    {
        // One block, window ±2, no global token: token 20's output cannot depend on token 30 (10 positions away);
        // with full attention it does. The control shows the window is really used.
        using var scope = NewDisposeScope();
        using var full = TransformerSequenceEncoder.ForTokens(Vocab, Length, dim: Dim, depth: 1, heads: 4);
        using var windowed = TransformerSequenceEncoder.ForTokens(Vocab, Length, dim: Dim, depth: 1, heads: 4, attentionWindow: 4);
        windowed.load_state_dict(full.state_dict());
        Tensor tokens = RandomTokens(3, Length);
        Tensor changed = tokens.clone();
        changed[0, 30] = tensor(tokens[0, 30].item<long>() == 4 ? 5L : 4L);

        double windowedEffect = windowed.ForwardTokens(changed)[0, 20].sub(windowed.ForwardTokens(tokens)[0, 20]).abs().max().item<float>();
        double fullEffect = full.ForwardTokens(changed)[0, 20].sub(full.ForwardTokens(tokens)[0, 20]).abs().max().item<float>();

        Assert.Equal(0.0, windowedEffect);
        Assert.True(fullEffect > 1e-4, $"full attention effect {fullEffect}");
        Assert.True(windowed.ForwardTokens(tokens).sub(full.ForwardTokens(tokens)).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void AGlobalTokenCarriesDistantInformationInOneLayer()
    {
        // Token 0 is global: its output sees token 30, and every position sees token 0.
        using var scope = NewDisposeScope();
        using var windowed = TransformerSequenceEncoder.ForTokens(Vocab, Length, dim: Dim, depth: 1, heads: 4, attentionWindow: 4, globalTokens: 1);
        Tensor tokens = RandomTokens(4, Length);
        Tensor farChanged = tokens.clone();
        farChanged[0, 30] = tensor(tokens[0, 30].item<long>() == 4 ? 5L : 4L);
        Tensor firstChanged = tokens.clone();
        firstChanged[0, 0] = tensor(tokens[0, 0].item<long>() == 4 ? 5L : 4L);

        Tensor output = windowed.ForwardTokens(tokens);
        Assert.True(windowed.ForwardTokens(farChanged)[0, 0].sub(output[0, 0]).abs().max().item<float>() > 1e-4);
        Assert.True(windowed.ForwardTokens(firstChanged)[0, 30].sub(output[0, 30]).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void ChannelEncoderTakesAWindowToo()
    {
        using var scope = NewDisposeScope();
        using var encoder = TransformerSequenceEncoder.ForChannels(3, 48, dim: Dim, depth: 1, heads: 2, attentionWindow: 8, globalTokens: 1);

        Assert.Equal(new long[] { 2, 48, Dim }, encoder.ForwardTokens(RandomInput(5, 2, 3, 48)).shape);
        Assert.Empty(ParametersWithoutGradient(encoder, RandomInput(6, 2, 3, 48)));
    }

    [Theory]
    [InlineData(7, 0, "window")]          // odd
    [InlineData(-2, 0, "window")]
    [InlineData(0, 1, "globalTokens")]    // global tokens mean nothing with full attention
    [InlineData(8, -1, "globalTokens")]
    [InlineData(8, Length, "globalTokens")]
    public void InvalidWindowsAndGlobalTokensAreRejected(int window, int global, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Tokens(window, global));

        Assert.Equal(parameter, error.ParamName);
    }
}
