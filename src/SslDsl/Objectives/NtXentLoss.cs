using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// NT-Xent (SimCLR, Chen et al. 2020, eq. 1). Rows of the input are the projections of V views stacked
    /// view-major (<c>[V·N, D]</c>: view 0 of every sample, then view 1, …). Each row is classified by softmax over
    /// its cosine similarities / τ to every other row; the targets are the V-1 other views of the same sample.
    /// For V = 2 this is the symmetric loss with 2N-2 negatives per anchor, averaged over the 2N anchors.
    /// </summary>
    public sealed class NtXentLoss : IDisposable
    {
        private readonly double temperature;
        private readonly int views;
        private Tensor? selfMask;      // [M, M] true on the diagonal
        private Tensor? otherMask;     // [M, M] false where row and column are different views of one sample (the positives)
        private Tensor? rankSelfMask;  // data parallel: [M, Size·M] true where the column is the anchor itself
        private Tensor? rankOtherMask; // data parallel: [M, Size·M] false at the anchor's positives in its rank's block
        private int masksRank = -1;

        public NtXentLoss(double temperature, int views = 2)
        {
            if (!(temperature > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the NT-Xent temperature must be > 0");
            }

            if (views < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(views), views, "NT-Xent compares views and needs at least 2");
            }

            this.temperature = temperature;
            this.views = views;
        }

        public double Temperature => temperature;

        /// <summary>Mean loss over all (anchor, positive) pairs; a scalar tensor.</summary>
        public Tensor Compute(Tensor projections)
        {
            using AutocastScope float32Region = LossPrecision.Float32Region(projections); // the loss computes in float32 (mixed precision)
            projections = LossPrecision.AtLeastFloat32(projections);
            // dim() first: a 0-D tensor has no size(0); an empty batch would give 0/0 = NaN. size(0), not shape[0]: no array per call
            if (projections.dim() != 2 || projections.size(0) == 0 || projections.size(0) % views != 0)
            {
                throw new ArgumentException($"NT-Xent expects [{views}·N, D] projections, got [{string.Join(", ", projections.shape)}]", nameof(projections));
            }

            long rows = projections.size(0);
            EnsureMasks(rows, projections);
            using var scope = NewDisposeScope();
            Tensor z = nn.functional.normalize(projections, p: 2, dim: 1);
            Tensor logits = z.matmul(z.t()).div_(temperature).masked_fill_(selfMask!, double.NegativeInfinity);
            Tensor logProbabilities = nn.functional.log_softmax(logits, 1);
            Tensor picked = logProbabilities.masked_fill(otherMask!, 0); // the positives' log-probabilities, 0 elsewhere
            return picked.sum().div_(-(double)rows * (views - 1)).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The loss of the global batch on data-parallel ranks: every rank's projections are gathered (differentiably),
        /// this rank's rows are the anchors and every row of every rank is a candidate, so that the mean of the ranks'
        /// losses, and the average of their gradients, equal one process's over the global batch. One rank: <see cref="Compute(Tensor)"/>.
        /// </summary>
        public Tensor Compute(Tensor projections, IProcessGroup group)
        {
            if (group.Size == 1)
            {
                return Compute(projections);
            }

            using AutocastScope float32Region = LossPrecision.Float32Region(projections);
            projections = LossPrecision.AtLeastFloat32(projections);
            if (projections.dim() != 2 || projections.size(0) == 0 || projections.size(0) % views != 0)
            {
                throw new ArgumentException($"NT-Xent expects [{views}·N, D] projections, got [{string.Join(", ", projections.shape)}]", nameof(projections));
            }

            long rows = projections.size(0);
            EnsureRankMasks(rows, group.Rank, group.Size, projections);
            using var scope = NewDisposeScope();
            Tensor all = DistributedAutograd.AllGather(group, projections.contiguous()); // [Size · V·n, D], rank-major
            Tensor anchors = nn.functional.normalize(projections, p: 2, dim: 1);
            Tensor candidates = nn.functional.normalize(all, p: 2, dim: 1);
            Tensor logits = anchors.matmul(candidates.t()).div_(temperature).masked_fill_(rankSelfMask!, double.NegativeInfinity);
            Tensor logProbabilities = nn.functional.log_softmax(logits, 1);
            Tensor picked = logProbabilities.masked_fill(rankOtherMask!, 0);
            return picked.sum().div_(-(double)rows * (views - 1)).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            selfMask?.Dispose();
            otherMask?.Dispose();
            rankSelfMask?.Dispose();
            rankOtherMask?.Dispose();
        }

        /// <summary>
        /// The masks of this rank's <paramref name="rows"/> anchors against the gathered rows: anchor j is column
        /// rank·rows + j; its positives are the other views of its sample within the same rank's block.
        /// </summary>
        private void EnsureRankMasks(long rows, int rank, int size, Tensor like)
        {
            if (rankSelfMask is not null && rankSelfMask.size(0) == rows && rankSelfMask.size(1) == rows * size && masksRank == rank
                && rankSelfMask.device_type == like.device_type && rankSelfMask.device_index == like.device_index)
            {
                return;
            }

            Device device = like.device;
            rankSelfMask?.Dispose();
            rankOtherMask?.Dispose();
            using var scope = NewDisposeScope();
            long samples = rows / views;
            Tensor anchor = arange(rows, device: device);
            Tensor column = arange(rows * size, device: device);
            Tensor self = column.unsqueeze(0).eq(anchor.add(rank * rows).unsqueeze(1));
            Tensor inBlock = column.div(rows, rounding_mode: RoundingMode.floor).eq(rank).unsqueeze(0);
            Tensor sameSample = column.remainder(samples).unsqueeze(0).eq(anchor.remainder(samples).unsqueeze(1)).logical_and_(inBlock);
            rankSelfMask = self.MoveToOuterDisposeScope().DetachFromDisposeScope();
            rankOtherMask = sameSample.logical_and_(self.logical_not()).logical_not_().MoveToOuterDisposeScope().DetachFromDisposeScope();
            masksRank = rank;
        }

        /// <summary>Masks depend only on the batch shape: built once and reused while it stays the same.</summary>
        private void EnsureMasks(long rows, Tensor like)
        {
            // compared field by field: Device has no value equality, and Tensor.device is a new object per call
            if (selfMask is not null && selfMask.size(0) == rows && selfMask.device_type == like.device_type && selfMask.device_index == like.device_index)
            {
                return;
            }

            Device device = like.device;
            selfMask?.Dispose();
            otherMask?.Dispose();
            using var scope = NewDisposeScope();
            long samples = rows / views;
            Tensor sample = arange(rows, device: device).remainder(samples);
            Tensor self = eye(rows, dtype: ScalarType.Bool, device: device);
            Tensor sameSample = sample.unsqueeze(1).eq(sample.unsqueeze(0));
            selfMask = self.MoveToOuterDisposeScope().DetachFromDisposeScope();
            otherMask = sameSample.logical_and_(self.logical_not()).logical_not_().MoveToOuterDisposeScope().DetachFromDisposeScope();
        }
    }
}
