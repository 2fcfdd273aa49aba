using System;
using System.Linq;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Encoders.EncoderTestSupport;

namespace SslDsl.Tests.Encoders;

/// <summary>Pre-norm block as timm's: x + Attn(LN(x)), then x + MLP(LN(x)).</summary>
public sealed class TransformerBlockTests
{
    [Fact]
    public void KeepsTheTokenShape()
    {
        using var scope = NewDisposeScope();
        using var block = new TransformerBlock(32, 2);

        Tensor output = block.call(RandomInput(1, 2, 5, 32));

        Assert.Equal(new long[] { 2, 5, 32 }, output.shape);
    }

    [Fact]
    public void MatchesAFloat64ReferenceOfPreNormMultiHeadAttention()
    {
        using var scope = NewDisposeScope();
        using var block = new TransformerBlock(32, 4, mlpRatio: 2.0);
        block.to(ScalarType.Float64);
        using (no_grad())
        {
            // random values everywhere (biases and norm affine too), so a swapped or ignored term shows
            using var generator = new Generator(7);
            foreach (var (_, parameter) in block.named_parameters())
            {
                parameter.copy_(randn(parameter.shape, dtype: ScalarType.Float64, generator: generator).mul_(0.3));
            }
        }

        Tensor x = RandomInput(2, 2, 5, 32).to(ScalarType.Float64);
        Tensor expected = Reference(block, x, heads: 4);

        Tensor actual = block.call(x);

        Assert.True(actual.sub(expected).abs().max().item<double>() < 1e-10);
    }

    [Fact]
    public void HiddenWidthIsDimTimesMlpRatio()
    {
        using var block = new TransformerBlock(32, 2, mlpRatio: 2.5);

        Assert.Equal(80, block.HiddenDim);
        Assert.Equal(new long[] { 80, 32 }, block.get_parameter("fc1.weight")!.shape);
    }

    [Fact]
    public void DimThatTheHeadsDoNotDivideIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new TransformerBlock(32, 5));

        Assert.Equal("heads", error.ParamName);
        Assert.Contains("32", error.Message);
        Assert.Contains("5", error.Message);
    }

    [Fact]
    public void NonPositiveMlpRatioIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerBlock(32, 2, mlpRatio: 0));

    [Fact]
    public void GradientReachesEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var block = new TransformerBlock(32, 2);

        Assert.Empty(ParametersWithoutGradient(block, RandomInput(3, 2, 5, 32)));
    }

    /// <summary>
    /// The block written out with plain tensor ops: heads split as timm's reshape(B, N, 3, heads, head_dim), i.e. q, k, v
    /// are consecutive dim-wide column ranges of the qkv output and head h owns columns h·hd … (h+1)·hd − 1 of each.
    /// </summary>
    private static Tensor Reference(TransformerBlock block, Tensor x, int heads)
    {
        Tensor P(string name) => block.get_parameter(name)!.detach();
        Tensor Norm(Tensor t, string prefix)
        {
            Tensor mean = t.mean(new long[] { -1 }, keepdim: true);
            Tensor variance = t.sub(mean).pow(2).mean(new long[] { -1 }, keepdim: true);
            return t.sub(mean).div(variance.add(1e-6).sqrt()).mul(P(prefix + ".weight")).add(P(prefix + ".bias"));
        }

        Tensor Affine(Tensor t, string prefix) => t.matmul(P(prefix + ".weight").t()).add(P(prefix + ".bias"));

        long dim = x.shape[2];
        long headDim = dim / heads;
        Tensor qkv = Affine(Norm(x, "norm1"), "qkv");
        var perHead = Enumerable.Range(0, heads).Select(h =>
        {
            Tensor q = qkv.narrow(2, h * headDim, headDim);
            Tensor k = qkv.narrow(2, dim + (h * headDim), headDim);
            Tensor v = qkv.narrow(2, (2 * dim) + (h * headDim), headDim);
            Tensor weights = q.matmul(k.transpose(1, 2)).div(Math.Sqrt(headDim)).softmax(-1);
            return weights.matmul(v);
        }).ToArray();
        Tensor y = x.add(Affine(cat(perHead, 2), "proj"));

        Tensor hidden = Affine(Norm(y, "norm2"), "fc1");
        Tensor gelu = hidden.mul(0.5).mul(hidden.div(Math.Sqrt(2)).erf().add(1)); // exact GELU
        return y.add(Affine(gelu, "fc2"));
    }
}
