using System;
using SslDsl.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// SwAV's queue for small batches (Caron et al. 2020, §4 and the official <c>main_swav.py</c>,
    /// <c>--queue_length</c>): per global view used for the codes, the last <see cref="Length"/> L2-normalised
    /// projections, newest first, <c>[Crops, Length, Dim]</c>. As in the official code it starts as zeros, each step
    /// shifts the rows back by the batch and writes the batch in front (<c>queue[i, bs:] = queue[i, :-bs].clone();
    /// queue[i, :bs] = embedding</c>), and it is full once every row has been written (the official check that its last
    /// row is non-zero; here a count on the host, so no device sync).
    /// </summary>
    public sealed class SwavQueue : ICheckpointState, IDisposable
    {
        private readonly Tensor rows;

        public SwavQueue(int crops, int length, int dim, Device? device = null)
        {
            if (crops < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(crops), crops, "the queue needs at least one crop to keep");
            }

            if (length < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "the queue length must be >= 1");
            }

            if (dim < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(dim), dim, "the projection width must be >= 1");
            }

            Crops = crops;
            Length = length;
            Dim = dim;
            rows = zeros(new long[] { crops, length, dim }, dtype: ScalarType.Float32, device: device).DetachFromDisposeScope();
        }

        /// <summary>The global views whose projections are kept (one queue each).</summary>
        public int Crops { get; }

        /// <summary>Projections kept per crop.</summary>
        public int Length { get; }

        public int Dim { get; }

        /// <summary>Rows written so far, at most <see cref="Length"/> (the rows past it are still zeros).</summary>
        public long Filled { get; private set; }

        /// <summary>Every row holds a projection: Sinkhorn–Knopp may use the queue.</summary>
        public bool IsFull => Filled >= Length;

        /// <summary>The kept projections, <c>[Crops, Length, Dim]</c>, newest first; owned by the queue, changed in place by <see cref="Push"/>.</summary>
        public Tensor Rows => rows;

        /// <summary>
        /// Writes <c>[Crops, N, Dim]</c> projections (detached) in front of each crop's queue, newest first, after moving
        /// the older rows back by N (the oldest N fall out). N must not exceed <see cref="Length"/>.
        /// </summary>
        public void Push(Tensor projections)
        {
            if (projections.dim() != 3 || projections.shape[0] != Crops || projections.shape[2] != Dim || projections.shape[1] < 1)
            {
                throw new ArgumentException($"the SwAV queue takes [{Crops}, N, {Dim}] projections, got [{PairedViews.Shape(projections)}]", nameof(projections));
            }

            long n = projections.shape[1];
            if (n > Length)
            {
                throw new ArgumentException(
                    $"the SwAV queue keeps {Length} projections per crop, fewer than the {n} of one step; choose a QueueLength that is a multiple of the batch size",
                    nameof(projections));
            }

            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor incoming = projections.detach().to_type(rows.dtype).to(rows.device);
            rows.copy_(n == Length ? incoming : cat(new[] { incoming, rows.narrow(1, 0, Length - n) }, 1)); // cat copies the kept rows first
            Filled = Math.Min(Length, Filled + n);
        }

        /// <summary>The projections and how many rows are filled (a resumed run continues with the same queue).</summary>
        public void Write(StateWriter writer, string prefix)
        {
            writer.Tensor(prefix + "rows", rows);
            writer.Int64(prefix + "filled", Filled);
        }

        /// <summary>Stages projections of this queue's shape and a fill count within its length.</summary>
        public Action Stage(StateReader reader, string prefix)
        {
            var copies = new StagedCopies();
            copies.Add(rows, reader, prefix + "rows");
            long filled = reader.Int64(prefix + "filled", 0, Length);
            return () =>
            {
                copies.CopyIn();
                Filled = filled;
            };
        }

        public void Dispose() => rows.Dispose();
    }
}
