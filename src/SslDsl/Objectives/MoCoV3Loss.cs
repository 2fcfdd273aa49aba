using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// MoCo v3's contrastive loss (Chen, Xie &amp; He 2021, Algorithm 1 and the official moco-v3 builder.py): no queue;
    /// each query q_i (normalised) is classified among the N keys of the batch (normalised, detached) by
    /// <c>q_i·k_j / τ</c> with the target on the diagonal, the cross-entropy is averaged over i and multiplied by 2τ
    /// (<c>ctr(q, k) = CrossEntropy(q kᵀ / τ, arange(N)) · 2τ</c>), and the loss is symmetric and summed:
    /// <c>ctr(q⁰, k¹) + ctr(q¹, k⁰)</c>. Inputs are <c>[2N, D]</c> view-major (queries from the online encoder and
    /// predictor, keys from the momentum encoder). The default τ = 0.2 is the official value for ViT (ResNet-50 uses 1.0).
    /// </summary>
    public sealed class MoCoV3Loss
    {
        public MoCoV3Loss(double temperature = 0.2)
        {
            if (!(temperature > 0) || double.IsInfinity(temperature))
            {
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the MoCo v3 temperature must be finite and > 0");
            }

            Temperature = temperature;
        }

        public double Temperature { get; }

        public Tensor Compute(Tensor queries, Tensor keys) => Compute(queries, keys, SingleProcessGroup.Instance);

        /// <summary>
        /// On data-parallel ranks: this rank's queries are classified among the keys of the whole global batch (gathered
        /// from every rank; they carry no gradient), the target being the key of the query's own sample, so that the
        /// mean of the ranks' losses and their averaged gradients equal one process's over the global batch.
        /// </summary>
        public Tensor Compute(Tensor queries, Tensor keys, IProcessGroup group)
        {
            using AutocastScope float32Region = LossPrecision.Float32Region(queries); // the loss computes in float32 (mixed precision)
            queries = LossPrecision.AtLeastFloat32(queries);
            keys = LossPrecision.AtLeastFloat32(keys);
            long samples = PairedViews.Validate("MoCo v3", queries, nameof(queries), keys, nameof(keys));
            long dim = queries.shape[1];
            using var scope = NewDisposeScope();
            Tensor q = nn.functional.normalize(queries, p: 2, dim: 1).reshape(2, samples, dim);
            Tensor k = PairedViews.SwapViews(nn.functional.normalize(keys.detach(), p: 2, dim: 1), samples).reshape(2, samples, dim);
            if (group.Size > 1)
            {
                // every rank's keys, per view: [2, Size·n, D]; this rank's samples sit at Rank·n + i
                k = PairedViews.GatherViewMajor(k.reshape(2 * samples, dim), 2, group, differentiable: false).view(2, group.Size * samples, dim);
            }

            Tensor logits = q.bmm(k.transpose(1, 2)).div_(Temperature);                        // [2, n, Size·n]: view 0 vs k¹, view 1 vs k⁰
            Tensor correct = nn.functional.log_softmax(logits, 2).diagonal(group.Rank * samples, 1, 2); // [2, n]: each query's own key
            // Σ over the two directions of mean_i(−log p_ii) · 2τ
            return correct.sum().mul_(-2.0 * Temperature / samples).MoveToOuterDisposeScope();
        }
    }
}
