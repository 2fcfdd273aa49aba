using System;
using System.Linq;
using SslDsl.Augmentations;
using SslDsl.Tests.Augmentations.Sensors;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;

namespace SslDsl.Tests.Augmentations.Tokens;

public class TokenDropoutTests
{
    private static readonly long[] Special = { 0, 1, 2, 3 };

    /// <summary>Token ids uniform in [0, vocabulary) from their own seeded generator.</summary>
    private static Tensor RandomTokens(long batch, long length, long vocabulary = 50, ulong seed = 99)
    {
        using var generator = new torch.Generator(seed);
        return torch.randint(0, vocabulary, new[] { batch, length }, dtype: ScalarType.Int64, generator: generator);
    }

    [Fact]
    public void RateZeroOrProbabilityZeroIsTheIdentity()
    {
        using var x = RandomTokens(8, 32);
        using var generator = new torch.Generator(1);
        using var noRate = new TokenDropout(0.0, 1, Special, 1.0).Apply(x, generator);
        Assert.True(Identical(x, noRate));
        using var noSample = new TokenDropout(0.5, 1, Special, 0.0).Apply(x, generator);
        Assert.True(Identical(x, noSample));
    }

    [Fact]
    public void NeverTouchesProtectedIdsAndReplacesTheRateOfTheOthers()
    {
        const double rate = 0.1;
        using var x = RandomTokens(400, 64);
        using var generator = new torch.Generator(2);
        using var output = new TokenDropout(rate, 1, Special, 1.0).Apply(x, generator);
        Assert.Equal(ScalarType.Int64, output.dtype);
        Assert.Equal(x.shape, output.shape);
        var xs = ToLongs(x);
        var ys = ToLongs(output);
        int unprotected = 0, replaced = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            if (Special.Contains(xs[i]))
            {
                Assert.Equal(xs[i], ys[i]);
                continue;
            }

            unprotected++;
            Assert.True(ys[i] == xs[i] || ys[i] == 1, $"token {i}: {xs[i]} became {ys[i]}");
            replaced += ys[i] != xs[i] ? 1 : 0;
        }

        AssertBinomial(replaced, unprotected, rate, "replaced tokens");
    }

    [Fact]
    public void RateOneReplacesEveryUnprotectedToken()
    {
        using var x = RandomTokens(16, 40);
        using var generator = new torch.Generator(3);
        using var output = new TokenDropout(1.0, 7, new long[] { 0, 2 }, 1.0).Apply(x, generator);
        var xs = ToLongs(x);
        var ys = ToLongs(output);
        for (var i = 0; i < xs.Length; i++) Assert.Equal(xs[i] is 0 or 2 ? xs[i] : 7, ys[i]);
    }

    [Fact]
    public void WithoutProtectedIdsAnyTokenMayBeReplaced()
    {
        using var x = torch.zeros(new long[] { 4, 50 }, dtype: ScalarType.Int64);
        using var generator = new torch.Generator(4);
        using var output = new TokenDropout(1.0, 5, Array.Empty<long>(), 1.0).Apply(x, generator);
        Assert.All(ToLongs(output), v => Assert.Equal(5L, v));
    }

    [Fact]
    public void ProbabilitySelectsWholeSamples()
    {
        const int batch = 3000;
        const double p = 0.3;
        using var x = RandomTokens(batch, 8, seed: 5).add_(4); // ids 4..53: none protected
        using var generator = new torch.Generator(6);
        using var output = new TokenDropout(1.0, 0, Special, p).Apply(x, generator);
        var changed = ChangedSamples(x, output);
        AssertBinomial(changed.Count(c => c), batch, p, "samples with replaced tokens");
        var ys = ToLongs(output);
        for (var b = 0; b < batch; b++)
        {
            // A selected sample at rate 1 loses every token; an unselected one keeps them all.
            Assert.True(changed[b] ? ys.Skip(b * 8).Take(8).All(v => v == 0) : !changed[b]);
        }
    }

    [Fact]
    public void SamplesDrawIndependentlyAndTheSeedDecides()
    {
        using var one = RandomTokens(1, 64, seed: 7).add_(4);
        using var x = one.expand(8, 64).contiguous();
        var dropout = new TokenDropout(0.3, 0, Special, 0.9);
        using var g1 = new torch.Generator(8);
        using var g2 = new torch.Generator(8);
        using var g3 = new torch.Generator(9);
        using var first = dropout.Apply(x, g1);
        using var again = dropout.Apply(x, g2);
        using var other = dropout.Apply(x, g3);
        Assert.True(Identical(first, again));
        Assert.False(Identical(first, other));
        var ys = ToLongs(first);
        Assert.True(Enumerable.Range(0, 8).Select(b => string.Join(",", ys.Skip(b * 64).Take(64))).Distinct().Count() >= 6);
    }

    [Fact]
    public void KeepsTheCallersScopeOnly()
    {
        using var x = RandomTokens(4, 16);
        using var generator = new torch.Generator(10);
        foreach (var p in new[] { 0.0, 0.5, 1.0 })
        {
            var dropout = new TokenDropout(0.2, 1, Special, p);
            var statistics = DisposeScopeManager.Statistics;
            var before = statistics.ThreadTotalLiveCount;
            using (var scope = torch.NewDisposeScope())
            {
                var inside = dropout.Apply(x, generator);
                Assert.Equal(before + 1, statistics.ThreadTotalLiveCount);
                Assert.False(inside.IsInvalid);
            }

            Assert.Equal(before, statistics.ThreadTotalLiveCount);
        }
    }

    [Fact]
    public void RejectsABatchThatIsNotTwoDimensionalInt64()
    {
        var dropout = new TokenDropout(0.1, 0, Special, 1.0);
        using var generator = new torch.Generator(11);
        using var threeD = torch.zeros(new long[] { 2, 3, 4 }, dtype: ScalarType.Int64);
        var shape = Assert.Throws<ArgumentException>(() => dropout.Apply(threeD, generator));
        Assert.Contains("[B, L]", shape.Message);
        Assert.Contains("3 dimensions", shape.Message);
        using var floats = torch.zeros(new long[] { 2, 4 });
        var dtype = Assert.Throws<ArgumentException>(() => dropout.Apply(floats, generator));
        Assert.Contains("int64", dtype.Message);
        using var ints = torch.zeros(new long[] { 2, 4 }, dtype: ScalarType.Int32);
        Assert.Throws<ArgumentException>(() => dropout.Apply(ints, generator));
    }

    [Fact]
    public void ConstructorRejectsOutOfRangeArgumentsByName()
    {
        SensorAugmentationContractTests.AssertOutOfRange("rate", 1.5, () => new TokenDropout(1.5, 0, Special, 1.0));
        SensorAugmentationContractTests.AssertOutOfRange("rate", -0.1, () => new TokenDropout(-0.1, 0, Special, 1.0));
        SensorAugmentationContractTests.AssertOutOfRange("replacementId", -1L, () => new TokenDropout(0.1, -1, Special, 1.0));
        SensorAugmentationContractTests.AssertOutOfRange("probability", 2.0, () => new TokenDropout(0.1, 0, Special, 2.0));
        var e = Assert.Throws<ArgumentNullException>(() => new TokenDropout(0.1, 0, null!, 1.0));
        Assert.Equal("protectedIds", e.ParamName);
    }

    [Fact]
    public void PropertiesKeepTheArgumentsAndProtectedIdsAreACopy()
    {
        var ids = new long[] { 0, 3, 3, 9 };
        var dropout = new TokenDropout(0.25, 2, ids, 0.5);
        ids[0] = 42;
        Assert.Equal((0.25, 2L, 0.5), (dropout.Rate, dropout.ReplacementId, dropout.Probability));
        Assert.Equal(new long[] { 0, 3, 9 }, dropout.ProtectedIds);
        dropout.ProtectedIds[0] = 42;
        Assert.Equal(0L, dropout.ProtectedIds[0]);
    }
}
