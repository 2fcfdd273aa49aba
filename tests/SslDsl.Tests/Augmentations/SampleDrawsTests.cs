using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Augmentations;
using SslDsl.Objectives;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SslDsl.Tests.Augmentations;

/// <summary>
/// Random draws by place in the global batch: inside <see cref="SampleDraws.ForRows"/> a rank holding rows r·n … of
/// every view must draw exactly the single-process draws of those rows, and leave its generator where one process
/// leaves it; every per-sample augmentation and masking is checked that way against one process on the whole batch,
/// here in one process (two "ranks" played in turn with equally seeded generators).
/// </summary>
public sealed class SampleDrawsTests
{
    private const int Ranks = 2, PerRank = 3, Global = Ranks * PerRank, Views = 2;

    [Fact]
    public void ARanksDrawsAreItsRowsOfEveryViewOfTheGlobalDraw()
    {
        using var scope = NewDisposeScope();
        var alone = new Generator(5);
        Tensor uniform = SampleDraws.Uniform(new long[] { Views * Global, 4 }, alone, CPU);
        Tensor normal = SampleDraws.Normal(new long[] { Views * Global }, alone, CPU, ScalarType.Float64);
        Tensor integers = SampleDraws.Integers(7, new long[] { Views * Global, 2 }, alone, CPU);
        for (int rank = 0; rank < Ranks; rank++)
        {
            var mine = new Generator(5);
            using var dense = new Generator(99);
            using (SampleDraws.ForRows(rank * PerRank, PerRank, Global, dense))
            {
                Assert.True(Same(RowsOf(uniform, rank), SampleDraws.Uniform(new long[] { Views * PerRank, 4 }, mine, CPU)));
                Assert.True(Same(RowsOf(normal, rank), SampleDraws.Normal(new long[] { Views * PerRank }, mine, CPU, ScalarType.Float64)));
                Assert.True(Same(RowsOf(integers, rank), SampleDraws.Integers(7, new long[] { Views * PerRank, 2 }, mine, CPU)));
            }

            Assert.True(Same(alone.get_state(), mine.get_state()), "the rank's generator must end where one process's does");
        }

        Assert.False(Same(RowsOf(uniform, 0), RowsOf(uniform, 1)), "the ranks' rows differ (they are not the same draws repeated)");
    }

    [Fact]
    public void DenseNoiseComesFromTheRanksOwnStreamInsideAScopeAndFromTheGeneratorAlone()
    {
        using var scope = NewDisposeScope();
        long[] shape = { 4, 3 };
        Tensor fromGenerator = randn(shape, generator: new Generator(1));
        Tensor fromStream = randn(shape, generator: new Generator(2));
        Assert.True(Same(fromGenerator, SampleDraws.DenseNormal(shape, new Generator(1), CPU, ScalarType.Float32)));
        using var dense = new Generator(2);
        using (SampleDraws.ForRows(0, 4, 8, dense))
        {
            Assert.True(Same(fromStream, SampleDraws.DenseNormal(shape, new Generator(1), CPU, ScalarType.Float32)));
        }

        // disposed: plain draws again, and a default scope changes nothing
        using (default(SampleDraws.Scope))
        {
            Assert.True(Same(fromGenerator, SampleDraws.DenseNormal(shape, new Generator(1), CPU, ScalarType.Float32)));
        }
    }

    [Fact]
    public void RowsOutsideTheGlobalBatchAreRefused()
    {
        using var dense = new Generator(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleDraws.ForRows(6, 3, 8, dense));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleDraws.ForRows(0, 0, 8, dense));
    }

    public static IEnumerable<object[]> PerSampleAugmentations()
    {
        yield return Case("RandomResizedCrop", Images, (x, g) => new RandomResizedCrop(8, 8, 0.3, 0.9, 0.8, 1.2, 1.0).Apply(x, g));
        yield return Case("HorizontalFlip", Images, (x, g) => new HorizontalFlip(0.5).Apply(x, g));
        yield return Case("ColorJitter", Images, (x, g) => new ColorJitter(0.4, 0.4, 0.2, 0.1, 0.8).Apply(x, g));
        yield return Case("Grayscale", Images, (x, g) => new Grayscale(0.5).Apply(x, g));
        yield return Case("GaussianBlur", Images, (x, g) => new GaussianBlur(3, 0.1, 2.0, 0.5).Apply(x, g));
        yield return Case("GammaContrast", Images, (x, g) => new GammaContrast(0.7, 1.5, 0.7).Apply(x, g));
        yield return Case("BiasField", Images, (x, g) => new BiasField(2, 0.3, 0.7).Apply(x, g));
        yield return Case("Scaling", Series, (x, g) => new Scaling(0.2, 0.8).Apply(x, g));
        yield return Case("MagnitudeWarp", Series, (x, g) => new MagnitudeWarp(0.2, 3, 0.8).Apply(x, g));
        yield return Case("TimeWarp", Series, (x, g) => new TimeWarp(0.2, 3, 0.8).Apply(x, g));
        yield return Case("ChannelDropout", Series, (x, g) => new ChannelDropout(0.3, 0.8).Apply(x, g));
        yield return Case("TimeMask", Series, (x, g) => new TimeMask(0.3, 0.8).Apply(x, g));
        yield return Case("WindowCrop", Series, (x, g) => new WindowCrop(16, 10, true, 0.8).Apply(x, g));
        yield return Case("MaeMasking", Images, (x, g) => MaeMasking.Sample((int)x.shape[0], 16, 0.75, g, CPU).Mask);
        yield return Case("StreamMasking", Series, (x, g) => new StreamMasking(0.3, true, 3).Sample(x, g));
        yield return Case("MlmMasking", Tokens, (x, g) => new MlmMasking(50, 1, new long[] { 0 }, 0.3).Apply(x, g).Inputs);
    }

    [Theory]
    [MemberData(nameof(PerSampleAugmentations))]
    public void EachRankGetsItsRowsOfTheSingleProcessResult(string name, Func<Tensor> data, Func<Tensor, Generator, Tensor> augment)
    {
        using var scope = NewDisposeScope();
        Tensor batch = data();
        Tensor views = ViewMajor(batch);
        Tensor alone = augment(views, new Generator(13));
        Assert.False(Same(alone, views), $"{name} changed nothing: the check would be vacuous");
        for (int rank = 0; rank < Ranks; rank++)
        {
            using var dense = new Generator(7);
            using (SampleDraws.ForRows(rank * PerRank, PerRank, Global, dense))
            {
                Tensor mine = augment(ViewMajor(batch.narrow(0, rank * PerRank, PerRank)), new Generator(13));
                // Equal up to float roundoff (a batched matmul may sum in another order for fewer rows); a wrong draw differs by O(1).
                Assert.True(Close(RowsOf(alone, rank), mine), $"{name}: rank {rank}'s rows differ from one process's");
            }
        }
    }

    private static object[] Case(string name, Func<Tensor> data, Func<Tensor, Generator, Tensor> augment) => new object[] { name, data, augment };

    private static Tensor Images() => rand(new long[] { Global, 3, 8, 8 }, generator: new Generator(3));

    private static Tensor Series() => randn(new long[] { Global, 3, 16 }, generator: new Generator(3));

    private static Tensor Tokens() => randint(2, 50, new long[] { Global, 12 }, generator: new Generator(3));

    /// <summary>The views stacked view-major, as the generated step stacks them (batch.repeat).</summary>
    private static Tensor ViewMajor(Tensor batch)
    {
        long[] repeats = Enumerable.Repeat(1L, (int)batch.dim()).ToArray();
        repeats[0] = Views;
        return batch.repeat(repeats);
    }

    /// <summary>Rank <paramref name="rank"/>'s rows of every view of a view-major global tensor.</summary>
    private static Tensor RowsOf(Tensor global, int rank)
    {
        var rows = Enumerable.Range(0, Views).SelectMany(v => Enumerable.Range(v * Global + rank * PerRank, PerRank)).Select(i => (long)i).ToArray();
        return global.index_select(0, tensor(rows));
    }

    private static bool Close(Tensor a, Tensor b) =>
        a.is_floating_point() ? a.shape.SequenceEqual(b.shape) && a.sub(b).abs().max().item<float>() <= 1e-6f * (1 + a.abs().max().item<float>()) : Same(a, b);

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
