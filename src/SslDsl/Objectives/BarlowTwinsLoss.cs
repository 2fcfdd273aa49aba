using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Barlow Twins (Zbontar et al. 2021, eq. 1–2), as the official code computes it: each view's projections are
    /// standardised along the batch exactly as <c>BatchNorm1d(affine=False)</c> in training mode does
    /// (<c>(z − mean) / sqrt(var + 1e-5)</c>, biased variance), the cross-correlation is
    /// <c>C = z̃⁰ᵀ z̃¹ / N</c> (<c>[D, D]</c>) and <c>L = Σ_i (1 − C_ii)² + λ·Σ_{i≠j} C_ij²</c>, a sum over dimensions
    /// (not a mean). Input: <c>[2N, D]</c>, view 0 rows then view 1 rows, N ≥ 2. λ defaults to 0.0051 (the paper's
    /// value for D = 8192).
    /// </summary>
    public sealed class BarlowTwinsLoss
    {
        /// <summary>The <c>BatchNorm1d</c> epsilon of the reference implementation.</summary>
        public const double Epsilon = 1e-5;

        public BarlowTwinsLoss(double lambda = 0.0051)
        {
            if (!(lambda >= 0) || double.IsInfinity(lambda))
            {
                throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "the Barlow Twins off-diagonal weight λ must be finite and >= 0");
            }

            Lambda = lambda;
        }

        public double Lambda { get; }

        /// <summary>Scalar loss <c>Σ_i (1 − C_ii)² + λ·Σ_{i≠j} C_ij²</c>.</summary>
        public Tensor Compute(Tensor projections)
        {
            using AutocastScope float32Region = LossPrecision.Float32Region(projections); // the loss computes in float32 (mixed precision)
            projections = LossPrecision.AtLeastFloat32(projections);
            // a batch of one has no variance (BatchNorm1d refuses it in training mode)
            long samples = PairedViews.ValidateOne("Barlow Twins", projections, nameof(projections), minimumSamples: 2);
            long dim = projections.shape[1];
            using var scope = NewDisposeScope();
            Tensor views = projections.reshape(2, samples, dim);
            Tensor centred = views.sub(views.mean(new long[] { 1 }, keepdim: true));
            Tensor variance = centred.square().mean(new long[] { 1 }, keepdim: true);   // biased, as BatchNorm normalises
            Tensor standardised = centred.mul(variance.add_(Epsilon).rsqrt_());
            Tensor c = standardised.select(0, 0).t().matmul(standardised.select(0, 1)).div_(samples);
            Tensor onDiagonal = c.diagonal().sub(1.0).square().sum();
            Tensor offDiagonal = OffDiagonal.Of(c).square().sum();
            return onDiagonal.add_(offDiagonal, alpha: Lambda).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The loss of the global batch on data-parallel ranks: the standardisation's mean and variance and the
        /// cross-correlation are sums over every rank's rows (differentiable all-reduces), so every rank computes the
        /// single-process loss of the global batch, and the ranks' averaged gradients are its gradient. One rank: <see cref="Compute(Tensor)"/>.
        /// </summary>
        public Tensor Compute(Tensor projections, IProcessGroup group)
        {
            if (group.Size == 1)
            {
                return Compute(projections);
            }

            using AutocastScope float32Region = LossPrecision.Float32Region(projections);
            projections = LossPrecision.AtLeastFloat32(projections);
            long samples = PairedViews.ValidateOne("Barlow Twins", projections, nameof(projections), minimumSamples: 1);
            long dim = projections.shape[1];
            double global = (double)samples * group.Size;
            using var scope = NewDisposeScope();
            Tensor views = projections.reshape(2, samples, dim);
            Tensor mean = DistributedAutograd.AllReduceSum(group, views.sum(new long[] { 1 }, keepdim: true)).div(global);
            Tensor centred = views.sub(mean);
            Tensor variance = DistributedAutograd.AllReduceSum(group, centred.square().sum(new long[] { 1 }, keepdim: true)).div(global);
            Tensor standardised = centred.mul(variance.add(Epsilon).rsqrt());
            Tensor c = DistributedAutograd.AllReduceSum(group, standardised.select(0, 0).t().matmul(standardised.select(0, 1))).div(global);
            Tensor onDiagonal = c.diagonal().sub(1.0).square().sum();
            Tensor offDiagonal = OffDiagonal.Of(c).square().sum();
            return onDiagonal.add_(offDiagonal, alpha: Lambda).MoveToOuterDisposeScope();
        }
    }
}
