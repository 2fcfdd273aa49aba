using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training;

/// <summary>BatchSampler: one seeded permutation per epoch, full batches only, rows as float32 in [0, 1].</summary>
public sealed class BatchSamplerTests
{
    [Fact]
    public void EpochCoversDistinctIndicesAndDropsTheIncompleteBatch()
    {
        // 10 samples in batches of 3: 3 full batches, 9 distinct indices, one sample left out
        using var scope = NewDisposeScope();
        using var sampler = new BatchSampler(10, 3, seed: 5);
        sampler.Shuffle();

        long[][] batches = Epoch(sampler);

        Assert.Equal(3, sampler.BatchesPerEpoch);
        Assert.All(batches, b => Assert.Equal(3, b.Length));
        long[] all = batches.SelectMany(b => b).ToArray();
        Assert.Equal(9, all.Distinct().Count());
        Assert.All(all, i => Assert.InRange(i, 0, 9));
    }

    [Fact]
    public void BatchIndexPastTheLastFullBatchIsAnError()
    {
        using var scope = NewDisposeScope();
        using var sampler = new BatchSampler(10, 3, seed: 5);
        sampler.Shuffle();

        Assert.ThrowsAny<Exception>(() => sampler.Batch(Indices(10), 3, CPU));
    }

    [Fact]
    public void ExactMultipleCoversEveryIndex()
    {
        using var scope = NewDisposeScope();
        using var sampler = new BatchSampler(12, 4, seed: 1);
        sampler.Shuffle();

        long[] all = Epoch(sampler).SelectMany(b => b).OrderBy(i => i).ToArray();

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), all);
    }

    [Fact]
    public void SameSeedGivesTheSameOrderEpochAfterEpoch()
    {
        using var scope = NewDisposeScope();
        using var first = new BatchSampler(20, 4, seed: 42);
        using var second = new BatchSampler(20, 4, seed: 42);

        for (int epoch = 0; epoch < 3; epoch++)
        {
            first.Shuffle();
            second.Shuffle();
            Assert.Equal(Flatten(Epoch(first)), Flatten(Epoch(second)));
        }
    }

    [Fact]
    public void DifferentSeedsGiveDifferentOrders()
    {
        using var scope = NewDisposeScope();
        using var first = new BatchSampler(20, 4, seed: 42);
        using var second = new BatchSampler(20, 4, seed: 43);
        first.Shuffle();
        second.Shuffle();

        Assert.NotEqual(Flatten(Epoch(first)), Flatten(Epoch(second)));
    }

    [Fact]
    public void EachEpochIsReshuffled()
    {
        using var scope = NewDisposeScope();
        using var sampler = new BatchSampler(20, 4, seed: 42);
        sampler.Shuffle();
        long[] epoch1 = Flatten(Epoch(sampler));

        sampler.Shuffle();
        long[] epoch2 = Flatten(Epoch(sampler));

        Assert.NotEqual(epoch1, epoch2);
        Assert.Equal(epoch1.OrderBy(i => i), epoch2.OrderBy(i => i));
    }

    [Fact]
    public void BatchConvertsBytesToFloatInUnitInterval()
    {
        using var scope = NewDisposeScope();
        // 4 images of 1x1x2 pixels; image i holds bytes (i·80, 255 − i·80)
        byte[] pixels = Enumerable.Range(0, 4).SelectMany(i => new[] { (byte)(i * 80), (byte)(255 - (i * 80)) }).ToArray();
        Tensor images = tensor(pixels, new long[] { 4, 1, 1, 2 });
        using var sampler = new BatchSampler(4, 4, seed: 3);
        sampler.Shuffle();

        Tensor batch = sampler.Batch(images, 0, CPU);

        Assert.Equal(ScalarType.Float32, batch.dtype);
        Assert.Equal(new long[] { 4, 1, 1, 2 }, batch.shape);
        float[] values = batch.data<float>().ToArray();
        var expected = new HashSet<(float, float)>(Enumerable.Range(0, 4).Select(i => ((float)(i * 80) / 255f, (float)(255 - (i * 80)) / 255f)));
        var actual = new HashSet<(float, float)>(Enumerable.Range(0, 4).Select(i => (values[2 * i], values[(2 * i) + 1])));
        Assert.Equal(expected, actual);
        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void BatchBeforeShuffleIsAnInvalidOperation()
    {
        using var scope = NewDisposeScope();
        using var sampler = new BatchSampler(10, 3, seed: 5);

        Assert.Throws<InvalidOperationException>(() => sampler.Batch(Indices(10), 0, CPU));
    }

    [Theory]
    [InlineData(2L, 3)]
    [InlineData(10L, 0)]
    public void FewerSamplesThanOneBatchIsRejected(long samples, int batchSize) =>
        Assert.Throws<ArgumentException>(() => new BatchSampler(samples, batchSize, seed: 1));

    [Fact]
    public void RanksShareEachGlobalBatchInRankOrder()
    {
        using var scope = NewDisposeScope();
        using var whole = new BatchSampler(24, 6, seed: 9);
        using var rank0 = new BatchSampler(24, 6, seed: 9, rank: 0, ranks: 3);
        using var rank2 = new BatchSampler(24, 6, seed: 9, rank: 2, ranks: 3);
        whole.ShuffleForEpoch(1);
        rank0.ShuffleForEpoch(1);
        rank2.ShuffleForEpoch(1);

        long[][] global = Epoch(whole), first = Epoch(rank0), last = Epoch(rank2);
        Assert.Equal(2, rank0.RowsPerRank);
        for (int b = 0; b < global.Length; b++)
        {
            Assert.Equal(global[b][..2], first[b]); // rank 0: the first third of the same global batch
            Assert.Equal(global[b][4..], last[b]);  // rank 2: the last third
        }
    }

    [Theory]
    [InlineData(0, 4)] // 4 ranks do not divide batch 6
    [InlineData(3, 3)] // no rank 3 of 3
    [InlineData(-1, 2)]
    public void ARankOutsideTheJobOrAnUnevenSplitIsRejected(int rank, int ranks)
    {
        var error = Assert.Throws<ArgumentException>(() => new BatchSampler(24, 6, seed: 1, rank, ranks));
        Assert.Contains($"rank {rank} of {ranks}", error.Message);
    }

    /// <summary>Data whose row i holds the value i, so that a batch reveals the sampled indices.</summary>
    private static Tensor Indices(long n) => arange(n, dtype: ScalarType.Float32).unsqueeze(1);

    private static long[][] Epoch(BatchSampler sampler)
    {
        Tensor data = Indices(sampler.Samples);
        return Enumerable.Range(0, (int)sampler.BatchesPerEpoch)
            .Select(b => sampler.Batch(data, b, CPU).flatten().data<float>().ToArray().Select(v => (long)v).ToArray())
            .ToArray();
    }

    private static long[] Flatten(long[][] batches) => batches.SelectMany(b => b).ToArray();
}
