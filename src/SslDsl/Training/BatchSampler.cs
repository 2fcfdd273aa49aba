using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// Shuffled mini-batches of a dataset held on the host: one permutation per epoch from a seeded CPU
    /// generator; incomplete last batches are dropped (batch norm and contrastive losses want full batches). With
    /// several data-parallel ranks, <see cref="BatchSize"/> is the global batch and rank r gets its r-th share of it.
    /// </summary>
    public sealed class BatchSampler : IDisposable
    {
        private readonly Generator generator;
        private readonly long seed;
        private Tensor? permutation;

        public BatchSampler(long samples, int batchSize, long seed, int rank = 0, int ranks = 1)
        {
            if (batchSize < 1 || samples < batchSize)
            {
                throw new ArgumentException($"need at least one full batch: {samples} samples, batch size {batchSize}");
            }

            if (ranks < 1 || rank < 0 || rank >= ranks || batchSize % ranks != 0)
            {
                throw new ArgumentException($"rank {rank} of {ranks}: needs 0 <= rank < ranks and a batch size ({batchSize}) that the ranks divide");
            }

            Rank = rank;
            Ranks = ranks;
            Samples = samples;
            BatchSize = batchSize;
            this.seed = seed;
            generator = new Generator((ulong)seed, CPU);
        }

        public long Samples { get; }
        public int BatchSize { get; }

        /// <summary>This process's rank and the number of ranks sharing each batch.</summary>
        public int Rank { get; }

        public int Ranks { get; }

        /// <summary>The rows of each batch this rank gets: <see cref="BatchSize"/> / <see cref="Ranks"/>.</summary>
        public int RowsPerRank => BatchSize / Ranks;
        public long BatchesPerEpoch => Samples / BatchSize;

        /// <summary>Draws the order of the next epoch.</summary>
        public void Shuffle()
        {
            permutation?.Dispose();
            permutation = randperm(Samples, generator: generator).DetachFromDisposeScope();
        }

        /// <summary>
        /// Draws the order of epoch <paramref name="epoch"/> (0-based) from a seed derived from the sampler's seed and
        /// the epoch alone, so a run resumed mid-epoch in a new process sees the same order as an uninterrupted one.
        /// </summary>
        public void ShuffleForEpoch(int epoch)
        {
            generator.manual_seed(EpochSeed(seed, epoch));
            Shuffle();
        }

        /// <summary>SplitMix64 of (seed, epoch): well-spread, distinct seeds for neighbouring epochs and runs.</summary>
        internal static long EpochSeed(long seed, int epoch) => SplitMix.Seed(seed, epoch);

        /// <summary>Rows of batch <paramref name="index"/> of <paramref name="data"/>, moved to the device (<see cref="InputTensors.ToDevice"/>: bytes → float32 in [0, 1], token ids → int64).</summary>
        public Tensor Batch(Tensor data, long index, Device device)
        {
            if (permutation is null)
            {
                throw new InvalidOperationException("call Shuffle() at the start of each epoch");
            }

            using var scope = NewDisposeScope();
            Tensor rows = data.index_select(0, RowsOf(index));
            return InputTensors.ToDevice(rows, device).MoveToOuterDisposeScope();
        }

        /// <summary>Rows of batch <paramref name="index"/> of <paramref name="values"/> (e.g. labels), as they are, moved to the device.</summary>
        public Tensor Rows(Tensor values, long index, Device device)
        {
            if (permutation is null)
            {
                throw new InvalidOperationException("call Shuffle() at the start of each epoch");
            }

            using var scope = NewDisposeScope();
            return values.index_select(0, RowsOf(index)).to(device).MoveToOuterDisposeScope();
        }

        /// <summary>This rank's share of batch <paramref name="index"/> of the epoch's order (a view).</summary>
        private Tensor RowsOf(long index) => permutation!.narrow(0, (index * BatchSize) + (Rank * RowsPerRank), RowsPerRank);

        public void Dispose()
        {
            permutation?.Dispose();
            generator.Dispose();
        }
    }
}
