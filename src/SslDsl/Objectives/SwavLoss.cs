using System;
using SslDsl.Distributed;
using SslDsl.Training;
using SslDsl.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// SwAV's swapped prediction (Caron et al. 2020, eq. 3 and the official <c>main_swav.py</c>). For each global view
    /// a, codes <c>q_a</c> come from its prototype scores by Sinkhorn–Knopp (<see cref="Sinkhorn(Tensor, Tensor?, IProcessGroup)"/>,
    /// no gradient: an equipartition of the batch over the prototypes); every other view v predicts them,
    /// <c>−mean_n Σ_k q_a log softmax(s_v / τ)</c>; the loss is the mean over v ≠ a, then over a. Inputs are the scores
    /// <c>[V·N, K]</c> view-major, the global views first. On data-parallel ranks the Sinkhorn sums run over every rank's
    /// rows, so the codes are the global batch's (the official <c>distributed_sinkhorn</c>).
    /// <para>
    /// With a queue (<c>queueLength</c> &gt; 0, the official <c>--queue_length</c> for small batches) the loss keeps the
    /// last <c>queueLength</c> L2-normalised projections of each global view (<see cref="Queue"/>). From epoch
    /// <see cref="QueueStartEpoch"/> on (<c>--epoch_queue_starts</c>) every step adds the batch's, and once the queue is
    /// full Sinkhorn–Knopp runs over the queue's scores against the current prototypes followed by the batch's scores,
    /// and the batch's codes are its last N rows. On data-parallel ranks every rank keeps the same queue of the global
    /// batch's projections (gathered in rank order, so it holds what one process's would; the official code keeps a
    /// share per rank) and counts its columns once in the Sinkhorn sums.
    /// </para>
    /// </summary>
    public sealed class SwavLoss : ICheckpointState, IDisposable
    {
        public SwavLoss(int views, int globalViews, double temperature = 0.1, double epsilon = 0.05, int sinkhornIterations = 3,
            int queueLength = 0, int projectionDim = 0, int queueStartEpoch = 15, Device? device = null)
        {
            if (views < 2 || globalViews < 1 || globalViews > views)
            {
                throw new ArgumentOutOfRangeException(nameof(globalViews), globalViews, $"SwAV predicts one view's codes from another's: it needs at least two views and 1 … {views} global ones");
            }

            if (!(temperature > 0) || double.IsInfinity(temperature) || !(epsilon > 0) || double.IsInfinity(epsilon))
            {
                throw new ArgumentOutOfRangeException(nameof(epsilon), $"SwAV's temperature ({temperature}) and ε ({epsilon}) must be finite and > 0");
            }

            if (sinkhornIterations < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(sinkhornIterations), sinkhornIterations, "Sinkhorn needs at least one iteration");
            }

            if (queueLength < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(queueLength), queueLength, "the queue length must be >= 0 (0 = no queue)");
            }

            if (queueStartEpoch < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(queueStartEpoch), queueStartEpoch, "the queue's first epoch must be >= 0");
            }

            Views = views;
            GlobalViews = globalViews;
            Temperature = temperature;
            Epsilon = epsilon;
            SinkhornIterations = sinkhornIterations;
            QueueStartEpoch = queueStartEpoch;
            Queue = queueLength > 0 ? new SwavQueue(globalViews, queueLength, projectionDim, device) : null;
        }

        public int Views { get; }

        public int GlobalViews { get; }

        public double Temperature { get; }

        public double Epsilon { get; }

        public int SinkhornIterations { get; }

        /// <summary>The queue of past projections per global view, or null without one; owned by this loss (and written to checkpoints with it).</summary>
        public SwavQueue? Queue { get; }

        /// <summary>The first epoch (0-based) whose steps fill the queue and, once it is full, use it.</summary>
        public int QueueStartEpoch { get; }

        public Tensor Compute(Tensor scores) => Compute(scores, SingleProcessGroup.Instance);

        /// <summary>The loss without a queue (a loss with one needs the projections and prototypes: the other overload).</summary>
        public Tensor Compute(Tensor scores, IProcessGroup group)
        {
            if (Queue is not null)
            {
                throw new InvalidOperationException("this SwAV loss keeps a queue of projections: pass the projections, the prototypes and the epoch");
            }

            return Compute(scores, null, null, 0, group);
        }

        public Tensor Compute(Tensor scores, Tensor projections, Tensor prototypes, int epoch) =>
            Compute(scores, projections, prototypes, epoch, SingleProcessGroup.Instance);

        /// <summary>
        /// The loss of <paramref name="scores"/> <c>[V·N, K]</c>; with a queue, in epoch <paramref name="epoch"/> (0-based).
        /// <paramref name="projections"/> <c>[V·N, D]</c> are the L2-normalised head outputs the prototypes scored (the
        /// global views' go into the queue, detached) and <paramref name="prototypes"/> <c>[K, D]</c> the current
        /// prototypes that score the queue (no gradient). Without a queue both are ignored.
        /// </summary>
        public Tensor Compute(Tensor scores, Tensor? projections, Tensor? prototypes, int epoch, IProcessGroup group)
        {
            ArgumentNullException.ThrowIfNull(group);
            using AutocastScope float32Region = LossPrecision.Float32Region(scores); // the loss computes in float32 (mixed precision)
            scores = LossPrecision.AtLeastFloat32(scores);
            if (scores.dim() != 2 || scores.shape[0] % Views != 0 || scores.shape[0] == 0)
            {
                throw new ArgumentException($"SwAV expects prototype scores as [{Views}·N, K] (views view-major, the global views first), got [{PairedViews.Shape(scores)}]", nameof(scores));
            }

            long samples = scores.shape[0] / Views;
            bool queueOn = Queue is not null && epoch >= QueueStartEpoch;
            if (queueOn)
            {
                CheckQueueInputs(scores, projections, prototypes);
            }

            using var scope = NewDisposeScope();
            Tensor? queued = queueOn && Queue!.IsFull ? QueueScores(prototypes!, scores.dtype) : null; // [G, L, K], before this step's push
            Tensor logP = nn.functional.log_softmax(scores.div(Temperature), 1).view(Views, samples, scores.shape[1]);
            Tensor loss = zeros(1, dtype: scores.dtype, device: scores.device).squeeze();
            for (int a = 0; a < GlobalViews; a++)
            {
                Tensor q = Sinkhorn(scores.narrow(0, a * samples, samples).detach(), queued?[a], group);  // [N, K]
                // Σ over v ≠ a of mean_n Σ_k q log p_v: all views at once, minus view a itself
                Tensor all = q.unsqueeze(0).mul(logP).sum(new long[] { 2 }).mean(new long[] { 1 }); // [V]
                loss = loss.sub(all.sum().sub(all[a]).div(Views - 1));
            }

            if (queueOn)
            {
                Enqueue(projections!, samples, group);
            }

            return loss.div(GlobalViews).MoveToOuterDisposeScope();
        }

        /// <summary>The queue's scores against the current prototypes, <c>[G, L, K]</c> (the official <c>queue[i] @ prototypes.weight.t()</c>).</summary>
        private Tensor QueueScores(Tensor prototypes, ScalarType dtype)
        {
            using var noGrad = no_grad();
            return Queue!.Rows.to_type(dtype).matmul(prototypes.detach().to_type(dtype).t());
        }

        /// <summary>The global views' projections of the global batch (every rank's, in rank order) in front of the queue.</summary>
        private void Enqueue(Tensor projections, long samples, IProcessGroup group)
        {
            using var noGrad = no_grad();
            Tensor globals = projections.detach().narrow(0, 0, GlobalViews * samples);
            if (group.Size > 1)
            {
                globals = PairedViews.GatherViewMajor(globals, GlobalViews, group, differentiable: false); // [G·Size·n, D]
            }

            Queue!.Push(globals.reshape(GlobalViews, -1, Queue.Dim));
        }

        private void CheckQueueInputs(Tensor scores, Tensor? projections, Tensor? prototypes)
        {
            if (projections is null || projections.dim() != 2 || projections.shape[0] != scores.shape[0] || projections.shape[1] != Queue!.Dim)
            {
                throw new ArgumentException(
                    $"SwAV's queue keeps {Queue!.Dim}-wide projections: pass them as [{scores.shape[0]}, {Queue.Dim}], one row per score row, got [{(projections is null ? "null" : PairedViews.Shape(projections))}]",
                    nameof(projections));
            }

            if (prototypes is null || prototypes.dim() != 2 || prototypes.shape[0] != scores.shape[1] || prototypes.shape[1] != Queue.Dim)
            {
                throw new ArgumentException(
                    $"SwAV's queue is scored by the prototypes: pass them as [{scores.shape[1]}, {Queue.Dim}], got [{(prototypes is null ? "null" : PairedViews.Shape(prototypes))}]",
                    nameof(prototypes));
            }
        }

        /// <summary>
        /// The Sinkhorn–Knopp codes of <paramref name="scores"/> <c>[N, K]</c>: <c>Q = exp(scores / ε)ᵀ</c>, normalised to
        /// total 1, then <see cref="SinkhornIterations"/> times rows (prototypes) to 1/K each and columns (samples) to
        /// 1/B each, B the global batch; returned transposed and times B, so each sample's codes sum to 1 and each
        /// prototype gets B/K of the batch. No gradient.
        /// </summary>
        public Tensor Sinkhorn(Tensor scores, IProcessGroup group) => Sinkhorn(scores, null, group);

        /// <summary>
        /// As <see cref="Sinkhorn(Tensor, IProcessGroup)"/>, over the columns of <paramref name="queued"/> <c>[L, K]</c>
        /// (the queue's scores, the same on every rank, so counted once) followed by those of <paramref name="scores"/>
        /// (this rank's rows of the global batch): B = L + every rank's N. Returns the codes of <paramref name="scores"/>
        /// only, the last N rows of the official <c>distributed_sinkhorn(cat(queue scores, scores))[-N:]</c>.
        /// </summary>
        public Tensor Sinkhorn(Tensor scores, Tensor? queued, IProcessGroup group)
        {
            ArgumentNullException.ThrowIfNull(group);
            if (queued is not null && (queued.dim() != 2 || scores.dim() != 2 || queued.shape[1] != scores.shape[1]))
            {
                throw new ArgumentException($"the queue's scores must be [L, {scores.shape[^1]}] as the batch's, got [{PairedViews.Shape(queued)}]", nameof(queued));
            }

            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            if (queued is null)
            {
                Tensor q = scores.div(Epsilon).exp_().t();                 // [K, N]
                long prototypes = q.shape[0];
                double batch = q.shape[1] * (double)group.Size;
                Tensor total = q.sum().reshape(1);
                group.AllReduceSum(total);
                q.div_(total);
                for (int i = 0; i < SinkhornIterations; i++)
                {
                    Tensor rows = q.sum(new long[] { 1 }, keepdim: true);
                    group.AllReduceSum(rows);
                    q.div_(rows).div_(prototypes);
                    q.div_(q.sum(new long[] { 0 }, keepdim: true)).div_(batch);
                }

                return q.mul_(batch).t().MoveToOuterDisposeScope();
            }

            long length = queued.shape[0], samples = scores.shape[0];
            Tensor all = cat(new[] { queued.to_type(scores.dtype), scores }, 0).div_(Epsilon).exp_().t(); // [K, L + N]: the queue's columns first
            long k = all.shape[0];
            double columns = length + (samples * (double)group.Size);
            Tensor queue = all.narrow(1, 0, length), mine = all.narrow(1, length, samples);

            // Sums over the columns: this rank's over the ranks, the queue's (the same everywhere) once.
            Tensor Summed(Func<Tensor, Tensor> sum)
            {
                Tensor s = sum(mine);
                group.AllReduceSum(s);
                return s.add_(sum(queue));
            }

            all.div_(Summed(t => t.sum().reshape(1)));
            for (int i = 0; i < SinkhornIterations; i++)
            {
                all.div_(Summed(t => t.sum(new long[] { 1 }, keepdim: true))).div_(k);
                all.div_(all.sum(new long[] { 0 }, keepdim: true)).div_(columns);
            }

            return mine.mul(columns).t().MoveToOuterDisposeScope();
        }

        /// <summary>The queue, if there is one (a resumed run continues with the same projections).</summary>
        public void Write(StateWriter writer, string prefix) => Queue?.Write(writer, prefix + "queue.");

        public Action Stage(StateReader reader, string prefix) => Queue?.Stage(reader, prefix + "queue.") ?? (() => { });

        public void Dispose() => Queue?.Dispose();
    }
}
