using System;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.Masked.MaskedTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

public sealed class MaeDecoderTests
{
    private static Tensor Random(ulong seed, params long[] shape)
    {
        using var generator = new Generator(seed);
        return rand(shape, generator: generator).sub_(0.5);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OutputIsOnePatchPredictionPerPatchWithoutTheClsToken(bool clsToken)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        const int B = 3, L = 10, E = 8, P = 12;
        using var decoder = new MaeDecoder(E, decoderDim: 16, depth: 2, heads: 4, patches: L, patchDim: P, clsToken: clsToken);
        using MaeMask mask = MaeMasking.Sample(B, L, 0.7, generator, CPU);
        long tokens = mask.KeepCount + (clsToken ? 1 : 0);

        Tensor output = decoder.call(Random(2, B, tokens, E), mask.RestoreIndices);

        Assert.Equal(new long[] { B, L, P }, output.shape);
        Assert.True(output.isfinite().all().item<bool>());
        Assert.Equal(new long[] { 1, L + (clsToken ? 1 : 0), 16 }, decoder.Positions.shape);
    }

    [Fact]
    public void IdentityRestorePutsVisibleTokensFirstThenMaskTokensAndKeepsClsInFront()
    {
        using var scope = NewDisposeScope();
        const int B = 2, L = 6, K = 2, D = 8;
        using var decoder = new MaeDecoder(4, D, depth: 1, heads: 2, patches: L, patchDim: 3);
        Tensor embedded = Random(3, B, 1 + K, D);
        Tensor identity = arange(L, dtype: ScalarType.Int64).expand(B, L);

        Tensor sequence = decoder.Unshuffle(embedded, identity);

        Assert.Equal(new long[] { B, 1 + L, D }, sequence.shape);
        Assert.True(Identical(embedded.narrow(1, 0, 1 + K), sequence.narrow(1, 0, 1 + K)));
        Tensor maskToken = decoder.MaskToken.detach().expand(B, L - K, D);
        Assert.True(Identical(maskToken, sequence.narrow(1, 1 + K, L - K)));
    }

    [Fact]
    public void SampledRestorePutsEachVisibleTokenAtItsPatchAndMaskTokensAtMaskedPatches()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        const int B = 4, L = 12, D = 8;
        using var decoder = new MaeDecoder(4, D, depth: 1, heads: 2, patches: L, patchDim: 3);
        using MaeMask mask = MaeMasking.Sample(B, L, 0.75, generator, CPU);
        Tensor patchTokens = Random(5, B, L, D);   // what the encoder would produce for every patch
        Tensor cls = Random(6, B, 1, D);
        Tensor embedded = cat(new[] { cls, MaeMasking.SelectVisible(patchTokens, mask.KeepIndices) }, 1);

        Tensor sequence = decoder.Unshuffle(embedded, mask.RestoreIndices);

        Assert.True(Identical(cls, sequence.narrow(1, 0, 1)));
        Tensor placed = sequence.narrow(1, 1, L);
        Tensor maskToken = decoder.MaskToken.detach().expand(B, L, D);
        Tensor expected = where(mask.Mask.gt(0).unsqueeze(2), maskToken, patchTokens);
        Assert.True(Identical(expected, placed));
    }

    [Fact]
    public void WithoutBlocksTheOutputAtMaskedPatchesDoesNotDependOnTheEncoderTokens()
    {
        // depth 0: each output row is a function of its own input row only, and a masked row is mask token + position
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        const int B = 2, L = 8, E = 6;
        using var decoder = new MaeDecoder(E, 8, depth: 0, heads: 1, patches: L, patchDim: 5);
        using MaeMask mask = MaeMasking.Sample(B, L, 0.5, generator, CPU);

        Tensor a = decoder.call(Random(8, B, 1 + mask.KeepCount, E), mask.RestoreIndices);
        Tensor b = decoder.call(Random(9, B, 1 + mask.KeepCount, E), mask.RestoreIndices);

        double[] m = ToDoubles(mask.Mask);
        double[] diff = ToDoubles(a.sub(b).abs().amax(new long[] { 2 }));
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] == 1.0)
            {
                Assert.Equal(0.0, diff[i]);
            }
            else
            {
                Assert.True(diff[i] > 1e-4, $"visible patch {i} must follow its encoder token");
            }
        }
    }

    [Fact]
    public void EveryParameterGetsAGradientIncludingMaskTokenAndPositions()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(10);
        const int B = 2, L = 9, E = 8;
        using var decoder = new MaeDecoder(E, 16, depth: 2, heads: 4, patches: L, patchDim: 4);
        using MaeMask mask = MaeMasking.Sample(B, L, 0.75, generator, CPU);
        Tensor output = decoder.call(Random(11, B, 1 + mask.KeepCount, E), mask.RestoreIndices);

        output.mul(Random(12, output.shape)).sum().backward();

        var names = decoder.named_parameters().Select(np => np.name).ToArray();
        Assert.Contains("maskToken", names);
        Assert.Contains("positions", names);
        Assert.Contains("blocks.1.qkv.weight", names);
        string[] missing = decoder.named_parameters()
            .Where(np => np.parameter.grad is null || np.parameter.grad.abs().max().item<float>() == 0)
            .Select(np => np.name).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void InvalidConfigurationsAndInputsAreRejected()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("heads", Assert.Throws<ArgumentOutOfRangeException>(() => new MaeDecoder(8, 10, 1, 4, 9, 4)).ParamName);
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => new MaeDecoder(8, 16, -1, 4, 9, 4)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaeDecoder(8, 16, 1, 4, 0, 4));

        using var decoder = new MaeDecoder(8, 16, 1, 4, patches: 9, patchDim: 4);
        Tensor restore = arange(9, dtype: ScalarType.Int64).expand(2, 9);
        Assert.Equal("latent", Assert.Throws<ArgumentException>(() => decoder.call(zeros(2, 3, 7), restore)).ParamName);
        Assert.Equal("restoreIndices", Assert.Throws<ArgumentException>(() => decoder.call(zeros(2, 3, 8), restore.narrow(1, 0, 8))).ParamName);
        Assert.Equal("restoreIndices", Assert.Throws<ArgumentException>(() => decoder.call(zeros(2, 11, 8), restore)).ParamName);
        Assert.Equal("restoreIndices", Assert.Throws<ArgumentException>(() => decoder.call(zeros(2, 3, 8), restore.to_type(ScalarType.Int32))).ParamName);
    }

    [Fact]
    public void DecoderPositionsStartAsSmallDistinctRandomValues()
    {
        // TorchSharp 0.107's init.trunc_normal_ fills a constant; the decoder must not rely on it.
        using var decoder = new MaeDecoder(4, 16, depth: 1, heads: 2, patches: 64, patchDim: 3);
        double std = decoder.Positions.std().item<float>();
        Assert.InRange(std, 0.015, 0.025);
    }
}
