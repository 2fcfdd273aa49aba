using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// SwAV's swapped prediction (Caron et al. 2020, eq. 3 and the official <c>main_swav.py</c>). For each global view
    /// a, codes <c>q_a</c> come from its prototype scores by Sinkhorn–Knopp (<see cref="Sinkhorn"/>, no gradient: an
    /// equipartition of the batch over the prototypes); every other view v predicts them,
    /// <c>−mean_n Σ_k q_a log softmax(s_v / τ)</c>; the loss is the mean over v ≠ a, then over a. Inputs are the scores
    /// <c>[V·N, K]</c> view-major, the global views first. On data-parallel ranks the Sinkhorn sums run over every rank's
    /// rows, so the codes are the global batch's (the official <c>distributed_sinkhorn</c>).
    /// </summary>
    public sealed class SwavLoss
    {
        public SwavLoss(int views, int globalViews, double temperature = 0.1, double epsilon = 0.05, int sinkhornIterations = 3)
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

            Views = views;
            GlobalViews = globalViews;
            Temperature = temperature;
            Epsilon = epsilon;
            SinkhornIterations = sinkhornIterations;
        }

        public int Views { get; }

        public int GlobalViews { get; }

        public double Temperature { get; }

        public double Epsilon { get; }

        public int SinkhornIterations { get; }

        public Tensor Compute(Tensor scores) => Compute(scores, SingleProcessGroup.Instance);

        public Tensor Compute(Tensor scores, IProcessGroup group)
        {
            ArgumentNullException.ThrowIfNull(group);
            using AutocastScope float32Region = LossPrecision.Float32Region(scores); // the loss computes in float32 (mixed precision)
            scores = LossPrecision.AtLeastFloat32(scores);
            if (scores.dim() != 2 || scores.shape[0] % Views != 0 || scores.shape[0] == 0)
            {
                throw new ArgumentException($"SwAV expects prototype scores as [{Views}·N, K] (views view-major, the global views first), got [{PairedViews.Shape(scores)}]", nameof(scores));
            }

            long samples = scores.shape[0] / Views;
            using var scope = NewDisposeScope();
            Tensor logP = nn.functional.log_softmax(scores.div(Temperature), 1).view(Views, samples, scores.shape[1]);
            Tensor loss = zeros(1, dtype: scores.dtype, device: scores.device).squeeze();
            for (int a = 0; a < GlobalViews; a++)
            {
                Tensor q = Sinkhorn(scores.narrow(0, a * samples, samples).detach(), group);          // [N, K]
                // Σ over v ≠ a of mean_n Σ_k q log p_v: all views at once, minus view a itself
                Tensor all = q.unsqueeze(0).mul(logP).sum(new long[] { 2 }).mean(new long[] { 1 }); // [V]
                loss = loss.sub(all.sum().sub(all[a]).div(Views - 1));
            }

            return loss.div(GlobalViews).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The Sinkhorn–Knopp codes of <paramref name="scores"/> <c>[N, K]</c>: <c>Q = exp(scores / ε)ᵀ</c>, normalised to
        /// total 1, then <see cref="SinkhornIterations"/> times rows (prototypes) to 1/K each and columns (samples) to
        /// 1/B each, B the global batch; returned transposed and times B, so each sample's codes sum to 1 and each
        /// prototype gets B/K of the batch. No gradient.
        /// </summary>
        public Tensor Sinkhorn(Tensor scores, IProcessGroup group)
        {
            ArgumentNullException.ThrowIfNull(group);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
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
    }
}
