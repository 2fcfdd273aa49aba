using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// VICReg (Bardes et al. 2022, eq. 1–6), as the official code (facebookresearch/vicreg, main_vicreg.py) computes it
    /// for the two branches x (view 0 rows) and y (view 1 rows) of a <c>[2N, D]</c> input, N ≥ 2:
    /// <list type="bullet">
    /// <item>invariance: <c>mse(x, y)</c>, the mean over all N·D entries;</item>
    /// <item>variance: per branch <c>mean_j relu(1 − sqrt(Var(x_·j) + 1e-4))</c> with the unbiased variance, and the
    /// two branches averaged (<c>std_loss_x / 2 + std_loss_y / 2</c>);</item>
    /// <item>covariance: per branch, centred, <c>cov = xᵀx / (N − 1)</c>, the sum of the squared off-diagonal entries
    /// divided by D; the two branches summed.</item>
    /// </list>
    /// Loss = invariance·λ + variance·μ + covariance·ν with λ = μ = 25, ν = 1 by default.
    /// </summary>
    public sealed class VicRegLoss
    {
        /// <summary>Added to the variance before the square root (official code: 0.0001).</summary>
        public const double Epsilon = 1e-4;

        public VicRegLoss(double invariance = 25, double variance = 25, double covariance = 1)
        {
            Check(invariance, nameof(invariance));
            Check(variance, nameof(variance));
            Check(covariance, nameof(covariance));
            Invariance = invariance;
            Variance = variance;
            Covariance = covariance;
        }

        public double Invariance { get; }
        public double Variance { get; }
        public double Covariance { get; }

        /// <summary>Scalar weighted loss.</summary>
        public Tensor Compute(Tensor projections)
        {
            using AutocastScope float32Region = LossPrecision.Float32Region(projections); // the loss computes in float32 (mixed precision)
            projections = LossPrecision.AtLeastFloat32(projections);
            using var scope = NewDisposeScope();
            (Tensor invariance, Tensor variance, Tensor covariance) = ComputeTerms(projections);
            return invariance.mul(Invariance).add_(variance, alpha: Variance).add_(covariance, alpha: Covariance).MoveToOuterDisposeScope();
        }

        /// <summary>The three unweighted terms (scalars), e.g. for logging.</summary>
        public (Tensor Invariance, Tensor Variance, Tensor Covariance) ComputeTerms(Tensor projections)
        {
            long samples = PairedViews.ValidateOne("VICReg", projections, nameof(projections), minimumSamples: 2);
            long dim = projections.shape[1];
            using var scope = NewDisposeScope();
            Tensor x = projections.narrow(0, 0, samples);
            Tensor y = projections.narrow(0, samples, samples);
            Tensor invariance = x.sub(y).square().mean();

            Tensor branches = projections.reshape(2, samples, dim);
            Tensor centred = branches.sub(branches.mean(new long[] { 1 }, keepdim: true));
            Tensor unbiasedVariance = centred.square().sum(new long[] { 1 }).div_(samples - 1);          // [2, D]
            // mean over the 2·D entries = (mean over x's dims + mean over y's dims) / 2
            // (sqrt's backward reads its output: no in-place op after it)
            Tensor deviation = unbiasedVariance.add_(Epsilon).sqrt_();
            Tensor variance = nn.functional.relu(deviation.neg().add_(1.0)).mean();

            Tensor cov = centred.transpose(1, 2).bmm(centred).div_(samples - 1);                           // [2, D, D]
            Tensor covariance = OffDiagonal.Of(cov).square().sum().div_(dim);

            return (invariance.MoveToOuterDisposeScope(), variance.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
        }

        /// <summary>
        /// The loss of the global batch on data-parallel ranks: invariance is a per-sample mean (this rank's rows; the
        /// ranks' average is the global mean), while the variance and covariance terms use the global batch's mean,
        /// variance and covariance, sums over every rank's rows (differentiable all-reduces), so that every rank computes
        /// them as one process would. One rank: <see cref="Compute(Tensor)"/>.
        /// </summary>
        public Tensor Compute(Tensor projections, IProcessGroup group)
        {
            if (group.Size == 1)
            {
                return Compute(projections);
            }

            using AutocastScope float32Region = LossPrecision.Float32Region(projections);
            projections = LossPrecision.AtLeastFloat32(projections);
            long samples = PairedViews.ValidateOne("VICReg", projections, nameof(projections), minimumSamples: 1);
            long dim = projections.shape[1];
            double global = (double)samples * group.Size;
            using var scope = NewDisposeScope();
            Tensor invariance = projections.narrow(0, 0, samples).sub(projections.narrow(0, samples, samples)).square().mean();
            Tensor branches = projections.reshape(2, samples, dim);
            Tensor mean = DistributedAutograd.AllReduceSum(group, branches.sum(new long[] { 1 }, keepdim: true)).div(global);
            Tensor centred = branches.sub(mean);
            Tensor unbiasedVariance = DistributedAutograd.AllReduceSum(group, centred.square().sum(new long[] { 1 })).div(global - 1);
            Tensor deviation = unbiasedVariance.add(Epsilon).sqrt();
            Tensor variance = nn.functional.relu(deviation.neg().add(1.0)).mean();
            Tensor cov = DistributedAutograd.AllReduceSum(group, centred.transpose(1, 2).bmm(centred)).div(global - 1);
            Tensor covariance = OffDiagonal.Of(cov).square().sum().div(dim);
            return invariance.mul(Invariance).add_(variance, alpha: Variance).add_(covariance, alpha: Covariance).MoveToOuterDisposeScope();
        }

        private static void Check(double weight, string name)
        {
            if (!(weight >= 0) || double.IsInfinity(weight))
            {
                throw new ArgumentOutOfRangeException(name, weight, "a VICReg coefficient must be finite and >= 0");
            }
        }
    }
}
