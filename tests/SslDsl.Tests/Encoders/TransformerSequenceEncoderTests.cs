using System;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Encoders.EncoderTestSupport;

namespace SslDsl.Tests.Encoders;

/// <summary>Token or channel embedding + learned positions, pre-norm blocks, final norm, mean over time.</summary>
public sealed class TransformerSequenceEncoderTests
{
    private static TransformerSequenceEncoder TokenEncoder(int depth = 1) => TransformerSequenceEncoder.ForTokens(50, 8, dim: 32, depth: depth, heads: 2);

    private static TransformerSequenceEncoder ChannelEncoder(int depth = 1) => TransformerSequenceEncoder.ForChannels(3, 8, dim: 32, depth: depth, heads: 2);

    /// <summary>Two fixed, non-palindromic token sequences of length 8.</summary>
    private static Tensor Tokens() => tensor(new long[] { 1, 7, 3, 9, 49, 0, 12, 5, 8, 8, 2, 30, 41, 17, 6, 23 }, new long[] { 2, 8 });

    [Fact]
    public void TokenEncoderMapsTokenIdsToOneVectorPerSequence()
    {
        using var scope = NewDisposeScope();
        using var encoder = TokenEncoder();

        Tensor output = encoder.call(Tokens());

        Assert.Equal(new long[] { 2, 32 }, output.shape);
        Assert.Equal(32, encoder.OutputDim);
    }

    [Fact]
    public void TokenEncoderForwardTokensGivesOneVectorPerPosition()
    {
        using var scope = NewDisposeScope();
        using var encoder = TokenEncoder();

        Assert.Equal(new long[] { 2, 8, 32 }, encoder.ForwardTokens(Tokens()).shape);
    }

    [Fact]
    public void ChannelEncoderMapsSequencesToOneVectorPerSequence()
    {
        using var scope = NewDisposeScope();
        using var encoder = ChannelEncoder();

        Tensor output = encoder.call(RandomInput(1, 4, 3, 8));

        Assert.Equal(new long[] { 4, 32 }, output.shape);
    }

    [Fact]
    public void ChannelEncoderForwardTokensGivesOneVectorPerTimeStep()
    {
        using var scope = NewDisposeScope();
        using var encoder = ChannelEncoder();

        Assert.Equal(new long[] { 4, 8, 32 }, encoder.ForwardTokens(RandomInput(2, 4, 3, 8)).shape);
    }

    [Fact]
    public void ShorterSequencesAreAccepted()
    {
        using var scope = NewDisposeScope();
        using var encoder = TokenEncoder();
        encoder.eval();
        Tensor tokens = Tokens().narrow(1, 0, 5);

        Tensor output = encoder.ForwardTokens(tokens);

        Assert.Equal(new long[] { 2, 5, 32 }, output.shape);
    }

    [Fact]
    public void ForwardIsTheMeanOverTimeOfForwardTokens()
    {
        using var scope = NewDisposeScope();
        using var encoder = ChannelEncoder(depth: 2);
        encoder.eval();
        Tensor input = RandomInput(3, 2, 3, 8);

        Tensor pooled = encoder.call(input);
        Tensor tokens = encoder.ForwardTokens(input);

        Assert.True(pooled.sub(tokens.mean(new long[] { 1 })).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void ReversingTheTokenOrderChangesTheOutput()
    {
        using var scope = NewDisposeScope();
        using var encoder = TokenEncoder(depth: 2);
        encoder.eval();

        Tensor forward = encoder.call(Tokens());
        Tensor reversed = encoder.call(Tokens().flip(1));

        Assert.True(forward.sub(reversed).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void ReversingTimeChangesTheChannelEncoderOutput()
    {
        using var scope = NewDisposeScope();
        using var encoder = ChannelEncoder(depth: 2);
        encoder.eval();
        Tensor input = RandomInput(4, 2, 3, 8);

        Tensor forward = encoder.call(input);
        Tensor reversed = encoder.call(input.flip(2));

        Assert.True(forward.sub(reversed).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void WithoutPositionsTheOutputWouldIgnoreOrder()
    {
        // the control for the two tests above: attention and mean pooling alone are order-blind
        using var scope = NewDisposeScope();
        using var encoder = TokenEncoder(depth: 2);
        encoder.eval();
        using (no_grad())
        {
            encoder.get_parameter("positions")!.zero_();
        }

        Tensor forward = encoder.call(Tokens());
        Tensor reversed = encoder.call(Tokens().flip(1));

        Assert.True(forward.sub(reversed).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void PositionsStartAsATruncatedNormalWithStandardDeviationTwoHundredths()
    {
        // N(0, 0.02²) cut at ±2σ: std 0.02·√0.7737 ≈ 0.0176, all within ±0.04; 8·32 = 256 samples
        using var scope = NewDisposeScope();
        using var encoder = TokenEncoder();
        Tensor positions = encoder.get_parameter("positions")!;

        Assert.InRange(positions.std().item<float>(), 0.013, 0.022);
        Assert.True(positions.abs().max().item<float>() <= 0.04f);
    }

    [Fact]
    public void TokenEncoderParameterCountMatchesAHandCount()
    {
        const long vocab = 50, length = 8, dim = 32, hidden = 128;
        long block = (2 * dim) + ((dim * 3 * dim) + (3 * dim)) + ((dim * dim) + dim) + (2 * dim) + ((dim * hidden) + hidden) + ((hidden * dim) + dim);
        long expected = (vocab * dim) + (length * dim) + block + (2 * dim);
        Assert.Equal(14_624L, expected);

        using var encoder = TokenEncoder();

        Assert.Equal(expected, ParameterCount(encoder));
    }

    [Fact]
    public void ChannelEncoderProjectsEachTimeStepWithALinearLayer()
    {
        // token encoder minus its 50x32 embedding plus a 3→32 Linear with bias
        using var encoder = ChannelEncoder();

        Assert.Equal(14_624L - (50 * 32) + ((3 * 32) + 32), ParameterCount(encoder));
    }

    [Fact]
    public void TokenEncoderGradientReachesEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var encoder = TokenEncoder(depth: 2);

        Assert.Empty(ParametersWithoutGradient(encoder, Tokens()));
    }

    [Fact]
    public void ChannelEncoderGradientReachesEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var encoder = ChannelEncoder(depth: 2);

        Assert.Empty(ParametersWithoutGradient(encoder, RandomInput(5, 2, 3, 8)));
    }

    [Fact]
    public void SequenceLongerThanTheLengthIsRejected()
    {
        using var scope = NewDisposeScope();
        using var encoder = TokenEncoder();

        var error = Assert.Throws<ArgumentException>(() => encoder.call(zeros(2, 9, dtype: ScalarType.Int64)));
        Assert.Contains("T <= 8", error.Message);
    }

    [Fact]
    public void FloatTokensAreRejected()
    {
        using var scope = NewDisposeScope();
        using var encoder = TokenEncoder();

        Assert.Throws<ArgumentException>(() => encoder.call(zeros(2, 8)));
    }

    [Fact]
    public void WrongChannelCountIsRejected()
    {
        using var scope = NewDisposeScope();
        using var encoder = ChannelEncoder();

        var error = Assert.Throws<ArgumentException>(() => encoder.call(RandomInput(6, 2, 4, 8)));
        Assert.Contains("[B, 3, T]", error.Message);
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TransformerSequenceEncoder.ForTokens(0, 8, 32, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransformerSequenceEncoder.ForChannels(0, 8, 32, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransformerSequenceEncoder.ForTokens(50, 0, 32, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransformerSequenceEncoder.ForTokens(50, 8, 32, 0, 2));
        Assert.Throws<ArgumentException>(() => TransformerSequenceEncoder.ForTokens(50, 8, 32, 1, 3));
    }
}
