using System;
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
        private Tensor? positiveMask;  // [M, M] true where row and column are different views of one sample

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
            // dim() first: a 0-D tensor has no shape[0]; an empty batch would give 0/0 = NaN
            if (projections.dim() != 2 || projections.shape[0] == 0 || projections.shape[0] % views != 0)
            {
                throw new ArgumentException($"NT-Xent expects [{views}·N, D] projections, got [{string.Join(", ", projections.shape)}]", nameof(projections));
            }

            long rows = projections.shape[0];
            EnsureMasks(rows, projections.device);
            using var scope = NewDisposeScope();
            Tensor z = nn.functional.normalize(projections, p: 2, dim: 1);
            Tensor logits = z.matmul(z.t()).div_(temperature).masked_fill_(selfMask!, double.NegativeInfinity);
            Tensor logProbabilities = nn.functional.log_softmax(logits, 1);
            Tensor picked = where(positiveMask!, logProbabilities, zeros(1, dtype: logProbabilities.dtype, device: logProbabilities.device));
            return picked.sum().div_(-(double)rows * (views - 1)).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            selfMask?.Dispose();
            positiveMask?.Dispose();
        }

        /// <summary>Masks depend only on the batch shape: built once and reused while it stays the same.</summary>
        private void EnsureMasks(long rows, Device device)
        {
            // Device has no value equality (== compares references, and Tensor.device is a new object per call)
            if (selfMask is not null && selfMask.shape[0] == rows && selfMask.device_type == device.type && selfMask.device_index == device.index)
            {
                return;
            }

            selfMask?.Dispose();
            positiveMask?.Dispose();
            using var scope = NewDisposeScope();
            long samples = rows / views;
            Tensor sample = arange(rows, device: device).remainder(samples);
            Tensor self = eye(rows, dtype: ScalarType.Bool, device: device);
            Tensor sameSample = sample.unsqueeze(1).eq(sample.unsqueeze(0));
            selfMask = self.MoveToOuterDisposeScope().DetachFromDisposeScope();
            positiveMask = sameSample.logical_and_(self.logical_not()).MoveToOuterDisposeScope().DetachFromDisposeScope();
        }
    }
}
