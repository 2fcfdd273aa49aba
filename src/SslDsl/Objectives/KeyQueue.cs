using System;
using System.Collections.Generic;
using SslDsl.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// MoCo's dictionary (He et al. 2020, Algorithm 1): a fixed-size ring buffer of L2-normalised keys,
    /// <c>[Size, Dim]</c> on the device, updated in place. As in the official code it starts as random normalised
    /// vectors (<c>normalize(randn)</c>), the write pointer lives on the host, and every enqueue writes a whole batch
    /// of N keys, which needs <c>Size % N == 0</c> (the official <c>assert K % batch_size == 0</c>).
    /// <see cref="EnqueueLater"/> holds keys back until the queue is next read, so that a graph built on
    /// <see cref="Keys"/> needs no copy of the queue (MoCo's loss enqueues that way).
    /// </summary>
    public sealed class KeyQueue : ICheckpointState, IDisposable
    {
        private readonly Tensor keys;
        private readonly List<long> pendingChunks = new(); // rows per held-back enqueue, in order
        private Tensor? pending;                            // their keys, rows [0, pendingRows); reused from call to call
        private long pendingRows;
        private long position;

        public KeyQueue(int dim, int size, Device? device = null, ScalarType dtype = ScalarType.Float32, Generator? generator = null)
        {
            if (dim < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(dim), dim, "the key dimension must be >= 1");
            }

            if (size < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(size), size, "the queue size must be >= 1");
            }

            if (dtype is not (ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64))
            {
                throw new ArgumentException($"the queue holds floating-point keys, got {dtype}", nameof(dtype));
            }

            Dim = dim;
            Size = size;
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor initial = randn(new long[] { size, dim }, dtype: dtype, device: device, generator: generator);
            keys = nn.functional.normalize(initial, p: 2, dim: 1).MoveToOuterDisposeScope().DetachFromDisposeScope();
        }

        public int Dim { get; }

        public int Size { get; }

        /// <summary>The slot the next enqueued key goes to (host side; no device sync).</summary>
        public long Position
        {
            get
            {
                WriteHeldBack();
                return position;
            }
        }

        /// <summary>
        /// The stored keys, <c>[Size, Dim]</c>, owned by the queue (keys held back by <see cref="EnqueueLater"/> are
        /// written first). <see cref="Enqueue"/> overwrites them in place, so a graph that must backpropagate through
        /// them (as the logits against the queue do) needs a copy, or the new keys go in with <see cref="EnqueueLater"/>.
        /// </summary>
        public Tensor Keys
        {
            get
            {
                WriteHeldBack();
                return keys;
            }
        }

        /// <summary>
        /// Writes <c>[N, Dim]</c> keys, L2-normalised and detached, into the N slots after <see cref="Position"/>
        /// (wrapping around) and advances it. Requires <c>Size % N == 0</c>.
        /// </summary>
        public void Enqueue(Tensor newKeys)
        {
            long rows = CheckedRows(newKeys);
            WriteHeldBack();
            WriteKeys(newKeys, rows);
        }

        /// <summary>
        /// <see cref="Enqueue"/>, held back until the queue is next read (<see cref="Keys"/>, <see cref="Position"/>,
        /// <see cref="Enqueue"/>, a checkpoint): a graph that used <see cref="Keys"/> before this call can still be
        /// backpropagated (it must be, before the queue is read again), and no copy of the queue is needed. The keys
        /// are copied into a buffer kept from call to call.
        /// </summary>
        public void EnqueueLater(Tensor newKeys)
        {
            long rows = CheckedRows(newKeys);
            using var noGrad = no_grad();
            if (pending is not null && (pending.dtype != newKeys.dtype || pending.device_type != newKeys.device_type || pending.device_index != newKeys.device_index))
            {
                WriteHeldBack();
                pending.Dispose();
                pending = null;
            }

            if (pending is null || pending.size(0) < pendingRows + rows)
            {
                Tensor larger = empty(new long[] { pendingRows + rows, Dim }, dtype: newKeys.dtype, device: newKeys.device).DetachFromDisposeScope();
                if (pending is not null)
                {
                    using var scope = NewDisposeScope();
                    larger.narrow(0, 0, pendingRows).copy_(pending.narrow(0, 0, pendingRows));
                    pending.Dispose();
                }

                pending = larger;
            }

            using (NewDisposeScope())
            {
                pending.narrow(0, pendingRows, rows).copy_(newKeys);
            }

            pendingChunks.Add(rows);
            pendingRows += rows;
        }

        /// <summary>Writes the keys held back by <see cref="EnqueueLater"/>, in order.</summary>
        private void WriteHeldBack()
        {
            if (pendingChunks.Count == 0)
            {
                return;
            }

            using var scope = NewDisposeScope();
            long offset = 0;
            foreach (long rows in pendingChunks)
            {
                WriteKeys(pending!.narrow(0, offset, rows), rows);
                offset += rows;
            }

            pendingChunks.Clear();
            pendingRows = 0;
        }

        private long CheckedRows(Tensor newKeys)
        {
            if (newKeys.dim() != 2 || newKeys.size(1) != Dim || newKeys.size(0) == 0)
            {
                throw new ArgumentException($"the key queue takes [N, {Dim}] keys, got [{PairedViews.Shape(newKeys)}]", nameof(newKeys));
            }

            long rows = newKeys.size(0);
            if (Size % rows != 0)
            {
                throw new ArgumentException(
                    $"the key queue size {Size} is not a multiple of the {rows} keys enqueued at once; choose a queue size that is a multiple of the batch size",
                    nameof(newKeys));
            }

            return rows;
        }

        private void WriteKeys(Tensor newKeys, long rows)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor normalised = nn.functional.normalize(newKeys.detach(), p: 2, dim: 1);
            // Slots stay aligned to N while the batch size is fixed; a change of batch size can leave fewer than N
            // slots before the end, so the write wraps around in two parts.
            long first = Math.Min(rows, Size - position);
            keys.narrow(0, position, first).copy_(normalised.narrow(0, 0, first));
            if (first < rows)
            {
                keys.narrow(0, 0, rows - first).copy_(normalised.narrow(0, first, rows - first));
            }

            position = (position + rows) % Size;
        }

        /// <summary>The keys and the write position (a resumed run continues with the same negatives).</summary>
        public void Write(StateWriter writer, string prefix)
        {
            WriteHeldBack();
            writer.Tensor(prefix + "keys", keys);
            writer.Int64(prefix + "position", Position);
        }

        /// <summary>Stages keys of this queue's size and dimension and a position inside it.</summary>
        public Action Stage(StateReader reader, string prefix)
        {
            var copies = new StagedCopies();
            copies.Add(keys, reader, prefix + "keys");
            long position = reader.Int64(prefix + "position", 0, Size - 1);
            return () =>
            {
                pendingChunks.Clear(); // keys held back from before the load belong to the replaced state
                pendingRows = 0;
                copies.CopyIn();
                this.position = position;
            };
        }

        public void Dispose()
        {
            keys.Dispose();
            pending?.Dispose();
        }
    }
}
