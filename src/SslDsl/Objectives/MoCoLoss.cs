using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// MoCo v2's InfoNCE against a queue of keys (He et al. 2020, eq. 1 and Algorithm 1; Chen et al. 2020, v2
    /// defaults K = 65536, τ = 0.2). For each query q (normalised) with its positive key k⁺ (normalised, detached):
    /// logits <c>[q·k⁺, q·queueᵀ] / τ</c>, label 0, cross-entropy averaged over the queries; afterwards the keys are
    /// enqueued (written when the queue is next read: backpropagate a loss before the next call). The logits use the
    /// queue as it was before this call.
    /// <para>
    /// Symmetric (default): inputs are <c>[2N, D]</c> view-major — queries from the online encoder on both views, keys
    /// from the momentum encoder on both views. View 0's queries take view 1's keys as positives and vice versa, the
    /// loss is <c>L(q⁰, k¹) + L(q¹, k⁰)</c> (the sum, each the mean over N), and the keys of view 0 then view 1 are
    /// enqueued (2N per call, N at a time, so the queue size needs to be a multiple of N). This is the symmetric
    /// option of the MoCo authors' CIFAR-10 demo (facebookresearch/moco, colab/moco_cifar10_demo.ipynb:
    /// <c>loss = loss_12 + loss_21; k = cat([k1, k2])</c>), the variant SimSiam's and MoCo v3's comparisons use.
    /// Asymmetric (<c>symmetric: false</c>, the official ImageNet code): queries <c>[N, D]</c> of one view and keys
    /// <c>[N, D]</c> of the other; the loss is the mean over N and the N keys are enqueued.
    /// </para>
    /// </summary>
    public sealed class MoCoLoss : IDisposable
    {
        public MoCoLoss(int dim, int queueSize = 65536, double temperature = 0.2, Device? device = null, bool symmetric = true,
            ScalarType dtype = ScalarType.Float32, Generator? generator = null)
        {
            if (!(temperature > 0) || double.IsInfinity(temperature))
            {
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the MoCo temperature must be finite and > 0");
            }

            Temperature = temperature;
            Symmetric = symmetric;
            Queue = new KeyQueue(dim, queueSize, device, dtype, generator);
        }

        public double Temperature { get; }

        public bool Symmetric { get; }

        /// <summary>The negatives; owned by this loss and disposed with it.</summary>
        public KeyQueue Queue { get; }

        /// <summary>Scalar loss; enqueues <paramref name="keys"/> (detached) after computing it.</summary>
        public Tensor Compute(Tensor queries, Tensor keys) => Compute(queries, keys, SingleProcessGroup.Instance);

        /// <summary>
        /// On data-parallel ranks: the loss of this rank's queries against the shared queue, and every rank enqueues the
        /// keys of the whole global batch (gathered; view 0 of every rank in rank order, then view 1, as one process
        /// would enqueue the global batch), so the queues stay identical and hold what one process's queue would.
        /// </summary>
        public Tensor Compute(Tensor queries, Tensor keys, IProcessGroup group)
        {
            using AutocastScope float32Region = LossPrecision.Float32Region(queries); // the loss computes in float32 (mixed precision)
            queries = LossPrecision.AtLeastFloat32(queries);
            keys = LossPrecision.AtLeastFloat32(keys);
            long samples = Validate(queries, keys);
            using var scope = NewDisposeScope();
            Tensor q = nn.functional.normalize(queries, p: 2, dim: 1);
            Tensor k = nn.functional.normalize(keys.detach(), p: 2, dim: 1);
            Tensor positives = Symmetric ? PairedViews.SwapViews(k, samples) : k;

            // The matmul keeps the queue for the backward pass, so this call's keys go in with EnqueueLater: they are
            // written when the queue is next read (here, in the next call, after this graph's backward), which spares
            // the official code's per-step snapshot (self.queue.clone().detach()) of the whole queue.
            Tensor negatives = Queue.Keys;
            if (negatives.dtype != q.dtype)
            {
                negatives = negatives.to_type(q.dtype);
            }

            Tensor positiveLogits = q.mul(positives).sum(1, keepdim: true);                                // [M, 1]
            Tensor negativeLogits = q.matmul(negatives.t());                                               // [M, K]
            Tensor logits = cat(new[] { positiveLogits, negativeLogits }, 1).div_(Temperature);
            // cross-entropy with label 0; symmetric: Σ over both directions of the mean over N = Σ rows / N
            Tensor loss = nn.functional.log_softmax(logits, 1).select(1, 0).sum().div_(-(double)samples);

            Tensor enqueued = k;
            long rows = samples;
            if (group.Size > 1)
            {
                enqueued = PairedViews.GatherViewMajor(k, Symmetric ? 2 : 1, group, differentiable: false); // [views · Size · n, D]
                rows = samples * group.Size;
            }

            Queue.EnqueueLater(enqueued.narrow(0, 0, rows));
            if (Symmetric)
            {
                Queue.EnqueueLater(enqueued.narrow(0, rows, rows));
            }

            return loss.MoveToOuterDisposeScope();
        }

        public void Dispose() => Queue.Dispose();

        private long Validate(Tensor queries, Tensor keys)
        {
            string layout = Symmetric ? $"[2·N, {Queue.Dim}] (view 0 rows, then view 1 rows)" : $"[N, {Queue.Dim}]";
            if (queries.dim() != 2 || queries.size(1) != Queue.Dim || queries.size(0) == 0 || (Symmetric && queries.size(0) % 2 != 0))
            {
                throw new ArgumentException($"MoCo expects queries as {layout}, got [{PairedViews.Shape(queries)}]", nameof(queries));
            }

            if (keys.dim() != 2 || keys.size(0) != queries.size(0) || keys.size(1) != queries.size(1))
            {
                throw new ArgumentException(
                    $"MoCo expects keys of the same shape as the queries [{PairedViews.Shape(queries)}], got [{PairedViews.Shape(keys)}]", nameof(keys));
            }

            long samples = Symmetric ? queries.size(0) / 2 : queries.size(0);
            if (Queue.Size % samples != 0)
            {
                throw new ArgumentException(
                    $"the MoCo queue size {Queue.Size} is not a multiple of the batch size {samples}", nameof(keys));
            }

            return samples;
        }
    }
}
