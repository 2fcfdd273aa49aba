using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// NNCLR's loss (Dwibedi et al. 2021, "With a Little Help from My Friends", eq. 2 made symmetric as in §3): each
    /// sample's projection z (normalised) is replaced by its nearest neighbour in a support set Q of past projections,
    /// <c>NN(z) = argmax_q z·q</c> (no gradient), which must pick out the same sample's prediction p⁺ of the other
    /// view among the batch's: <c>L = −mean_i log softmax_k(NN(z⁰_i)·p¹_k / τ)_i</c>, and the same with the views
    /// swapped; the loss is the mean of the two directions. Inputs are <c>[2N, D]</c> view-major: projections from the
    /// projector, predictions from the predictor on them. After the loss, view 1's projections go into the support set
    /// (a FIFO of normalised vectors that starts as random unit vectors, as lightly's memory bank; both views' lookups
    /// use the set as it was before, as lightly's <c>memory_bank(z0, update=False)</c>, <c>memory_bank(z1, update=True)</c>).
    /// </summary>
    public sealed class NnclrLoss : IDisposable
    {
        public NnclrLoss(int dim, int supportSize = 16384, double temperature = 0.1, Device? device = null, Generator? generator = null)
        {
            if (!(temperature > 0) || double.IsInfinity(temperature))
            {
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the NNCLR temperature must be finite and > 0");
            }

            Temperature = temperature;
            SupportSet = new KeyQueue(dim, supportSize, device, ScalarType.Float32, generator);
        }

        public double Temperature { get; }

        /// <summary>The support set of past projections; owned by this loss (and written to checkpoints by the trainer).</summary>
        public KeyQueue SupportSet { get; }

        /// <summary>Scalar loss; enqueues view 1's projections (detached) afterwards.</summary>
        public Tensor Compute(Tensor predictions, Tensor projections) => Compute(predictions, projections, SingleProcessGroup.Instance);

        /// <summary>
        /// On data-parallel ranks: this rank's nearest neighbours pick out their sample's prediction among the
        /// predictions of the whole global batch (gathered differentiably; its own at <c>Rank · n + i</c>), and every
        /// rank enqueues the global batch's view-1 projections in rank order, so the support sets stay identical and hold
        /// what one process's would.
        /// </summary>
        public Tensor Compute(Tensor predictions, Tensor projections, IProcessGroup group)
        {
            ArgumentNullException.ThrowIfNull(group);
            using AutocastScope float32Region = LossPrecision.Float32Region(predictions); // the loss computes in float32 (mixed precision)
            predictions = LossPrecision.AtLeastFloat32(predictions);
            projections = LossPrecision.AtLeastFloat32(projections);
            long samples = PairedViews.Validate("NNCLR", predictions, nameof(predictions), projections, nameof(projections));
            if (projections.shape[1] != SupportSet.Dim)
            {
                throw new ArgumentException($"NNCLR's support set holds {SupportSet.Dim}-wide projections, got [{PairedViews.Shape(projections)}]", nameof(projections));
            }

            long dim = predictions.shape[1];
            using var scope = NewDisposeScope();
            Tensor z = nn.functional.normalize(projections.detach(), p: 2, dim: 1);
            Tensor neighbours = NearestNeighbours(z);                                                       // [2N, D], no gradient
            Tensor p = nn.functional.normalize(predictions, p: 2, dim: 1);
            Tensor others = PairedViews.SwapViews(p, samples).reshape(2, samples, dim);                      // view 1's, then view 0's
            if (group.Size > 1)
            {
                // every rank's predictions, per view: [2, Size·n, D]; this rank's samples at Rank·n + i
                others = PairedViews.GatherViewMajor(others.reshape(2 * samples, dim), 2, group, differentiable: true).view(2, group.Size * samples, dim);
            }

            Tensor logits = neighbours.reshape(2, samples, dim).bmm(others.transpose(1, 2)).div_(Temperature); // [2, n, Size·n]
            Tensor correct = nn.functional.log_softmax(logits, 2).diagonal(group.Rank * samples, 1, 2);      // [2, n]
            Tensor loss = correct.sum().div_(-2.0 * samples);                                               // the mean of both directions

            Tensor incoming = z.narrow(0, samples, samples);
            if (group.Size > 1)
            {
                incoming = group.AllGather(incoming.contiguous());
            }

            SupportSet.Enqueue(incoming); // after the lookups; the neighbours are copies, so no graph keeps the set
            return loss.MoveToOuterDisposeScope();
        }

        /// <summary>Each row's nearest neighbour (largest cosine) in the support set, as copies: <c>[M, D]</c>.</summary>
        internal Tensor NearestNeighbours(Tensor normalised)
        {
            using var noGrad = no_grad();
            Tensor support = SupportSet.Keys;
            if (support.dtype != normalised.dtype)
            {
                support = support.to_type(normalised.dtype); // e.g. a float64 check against the float32 set
            }

            Tensor nearest = normalised.matmul(support.t()).argmax(1);
            return support.index_select(0, nearest);
        }

        public void Dispose() => SupportSet.Dispose();
    }
}
