using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.Masked.MaskedTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

/// <summary>MAE's <c>random_masking</c>: K = int(L·(1 − ratio)), per-sample argsort of uniform noise, ids_restore the inverse.</summary>
public sealed class MaeMaskingTests
{
    [Theory]
    [InlineData(196, 0.75, 49)]  // ViT-B/16 at 224: MAE's setting
    [InlineData(16, 0.75, 4)]
    [InlineData(20, 0.9, 1)]     // 20·(1 − 0.9) = 1.9999999999999996: truncated to 1 as Python's int(), not rounded to 2
    [InlineData(10, 0.7, 3)]     // 10·(1 − 0.7) = 3.0000000000000004
    [InlineData(49, 0.6, 19)]    // 19.6 → 19
    [InlineData(7, 0.5, 3)]
    public void KeepCountIsMaesTruncatedFormula(int patches, double ratio, int expected)
    {
        Assert.Equal((int)(patches * (1 - ratio)), expected);
        Assert.Equal(expected, MaeMasking.KeepCount(patches, ratio));

        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using MaeMask mask = MaeMasking.Sample(2, patches, ratio, generator, CPU);
        Assert.Equal(new long[] { 2, expected }, mask.KeepIndices.shape);
        Assert.Equal(expected, mask.KeepCount);
        Assert.Equal(patches, mask.PatchCount);
    }

    [Theory]
    [InlineData(10, 0.9)]   // int(0.9999999999999998) = 0: nothing visible
    [InlineData(3, 0.8)]
    [InlineData(16, 0.0)]
    [InlineData(16, 1.0)]
    [InlineData(16, -0.25)]
    [InlineData(16, double.NaN)]
    public void RatiosThatLeaveNothingVisibleOrAreOutOfRangeAreRejected(int patches, double ratio)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MaeMasking.KeepCount(patches, ratio));
        Assert.Equal("maskRatio", ex.ParamName);
        using var generator = new Generator(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => MaeMasking.Sample(2, patches, ratio, generator, CPU));
    }

    [Fact]
    public void EmptyBatchOrNoPatchesAreRejected()
    {
        using var generator = new Generator(1);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => MaeMasking.Sample(0, 16, 0.75, generator, CPU)).ParamName);
        Assert.Equal("patches", Assert.Throws<ArgumentOutOfRangeException>(() => MaeMasking.Sample(2, 0, 0.75, generator, CPU)).ParamName);
    }

    [Fact]
    public void KeepAndMaskedPartitionThePatchesAndMaskHasLMinusKOnesPerRow()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        const int B = 12, L = 16, K = 4;
        using MaeMask mask = MaeMasking.Sample(B, L, 0.75, generator, CPU);

        Assert.Equal(ScalarType.Int64, mask.KeepIndices.dtype);
        Assert.Equal(ScalarType.Float32, mask.Mask.dtype);
        Assert.Equal(ScalarType.Int64, mask.RestoreIndices.dtype);
        Assert.Equal(new long[] { B, L }, mask.Mask.shape);
        Assert.Equal(new long[] { B, L }, mask.RestoreIndices.shape);
        long[] keep = ToLongs(mask.KeepIndices);
        double[] m = ToDoubles(mask.Mask);
        for (int b = 0; b < B; b++)
        {
            long[] kept = Row(keep, b, K);
            double[] row = Row(m, b, L);
            Assert.Equal(K, kept.Distinct().Count());
            Assert.All(row, v => Assert.True(v == 0.0 || v == 1.0));
            Assert.Equal(L - K, row.Sum());
            var masked = Enumerable.Range(0, L).Where(j => row[j] == 1.0).Select(j => (long)j).ToArray();
            Assert.Empty(kept.Intersect(masked));
            Assert.Equal(Enumerable.Range(0, L).Select(j => (long)j), kept.Concat(masked).OrderBy(j => j));
        }
    }

    [Fact]
    public void RestoreIndicesInvertTheShuffle()
    {
        // MAE: x_ = cat([visible tokens, mask tokens]); x_.gather(1, ids_restore) puts every token at its patch position.
        // With token = its patch index and mask tokens = −1 the result must be where(mask, −1, j).
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        const int B = 9, L = 20;
        using MaeMask mask = MaeMasking.Sample(B, L, 0.6, generator, CPU);
        int k = (int)mask.KeepCount;
        Tensor patchIds = arange(L, dtype: ScalarType.Int64).expand(B, L);
        Tensor visible = patchIds.gather(1, mask.KeepIndices);
        Tensor unshuffled = cat(new[] { visible, full(B, L - k, -1L, dtype: ScalarType.Int64) }, 1).gather(1, mask.RestoreIndices);

        Tensor expected = patchIds.masked_fill(mask.Mask.gt(0), -1L);
        Assert.Equal(ToLongs(expected), ToLongs(unshuffled));

        // and ids_restore is a permutation whose first K ranks are exactly the kept patches, in keep order
        long[] restore = ToLongs(mask.RestoreIndices);
        long[] keep = ToLongs(mask.KeepIndices);
        for (int b = 0; b < B; b++)
        {
            Assert.Equal(Enumerable.Range(0, L).Select(j => (long)j), Row(restore, b, L).OrderBy(v => v));
            for (int r = 0; r < k; r++)
            {
                Assert.Equal(r, restore[(b * L) + keep[(b * k) + r]]);
            }
        }
    }

    [Fact]
    public void EveryPatchIsMaskedWithFrequencyRatioOverManyDraws()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        const int B = 4000, L = 16;
        using MaeMask mask = MaeMasking.Sample(B, L, 0.75, generator, CPU);

        Assert.Equal(0.75, mask.Mask.mean().item<float>(), 6);
        double[] perPatch = ToDoubles(mask.Mask.sum(new long[] { 0 }));
        for (int j = 0; j < L; j++)
        {
            AssertBinomial((long)perPatch[j], B, 0.75, $"patch {j} masked");
        }
    }

    [Fact]
    public void DifferentSamplesGetDifferentMasks()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        const int B = 16, L = 64;
        using MaeMask mask = MaeMasking.Sample(B, L, 0.75, generator, CPU);
        double[] m = ToDoubles(mask.Mask);

        var rows = new HashSet<string>(Enumerable.Range(0, B).Select(b => string.Join(",", Row(m, b, L))));
        Assert.Equal(B, rows.Count);
    }

    [Fact]
    public void SameSeedGivesTheSameMaskAndAnotherSeedAnother()
    {
        using var scope = NewDisposeScope();
        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        using var g3 = new Generator(43);
        using MaeMask a = MaeMasking.Sample(4, 49, 0.75, g1, CPU);
        using MaeMask b = MaeMasking.Sample(4, 49, 0.75, g2, CPU);
        using MaeMask c = MaeMasking.Sample(4, 49, 0.75, g3, CPU);

        Assert.True(Identical(a.KeepIndices, b.KeepIndices));
        Assert.True(Identical(a.Mask, b.Mask));
        Assert.True(Identical(a.RestoreIndices, b.RestoreIndices));
        Assert.False(Identical(a.Mask, c.Mask));
    }

    [Fact]
    public void SelectVisibleGathersTheKeptTokens()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        const int B = 3, L = 8, D = 5;
        Tensor tokens = arange(B * L * D, dtype: ScalarType.Float64).view(B, L, D);
        using MaeMask mask = MaeMasking.Sample(B, L, 0.5, generator, CPU);

        Tensor visible = MaeMasking.SelectVisible(tokens, mask.KeepIndices);

        Assert.Equal(new long[] { B, 4, D }, visible.shape);
        long[] keep = ToLongs(mask.KeepIndices);
        double[] v = ToDoubles(visible);
        for (int b = 0; b < B; b++)
        {
            for (int r = 0; r < 4; r++)
            {
                for (int d = 0; d < D; d++)
                {
                    Assert.Equal((double)((((b * L) + keep[(b * 4) + r]) * D) + d), v[(((b * 4) + r) * D) + d]);
                }
            }
        }

        Assert.Throws<ArgumentException>(() => MaeMasking.SelectVisible(tokens.view(B, L * D), mask.KeepIndices));
    }
}
