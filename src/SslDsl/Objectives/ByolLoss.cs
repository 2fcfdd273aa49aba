using System;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// BYOL's regression loss (Grill et al. 2020, eq. 2–3). Inputs are stacked view-major (<c>[2N, D]</c>): the online
    /// predictions q of view 0 then view 1, and the target projections z′ of view 0 then view 1. Per sample i,
    /// <c>ℓ(q, z′) = ‖q̄ − z̄′‖² = 2 − 2·cos(q, z′)</c>, and the loss is symmetrised as in eq. 3,
    /// <c>L = ℓ(q⁰_i, sg(z′¹_i)) + ℓ(q¹_i, sg(z′⁰_i))</c> — the sum of the two terms, not their mean — averaged over
    /// the N samples. That is the official code (deepmind-research byol_experiment.py: the two regression losses are
    /// added, then <c>jnp.mean</c> over the batch). Each term lies in [0, 4], so L lies in [0, 8].
    /// The targets are detached here: no gradient reaches them.
    /// </summary>
    public static class ByolLoss
    {
        /// <summary>Scalar loss, <c>mean_i [ℓ(q⁰_i, z′¹_i) + ℓ(q¹_i, z′⁰_i)]</c>.</summary>
        public static Tensor Compute(Tensor predictions, Tensor targets)
        {
            using AutocastScope float32Region = LossPrecision.Float32Region(predictions); // the loss computes in float32 (mixed precision)
            predictions = LossPrecision.AtLeastFloat32(predictions);
            targets = LossPrecision.AtLeastFloat32(targets);
            long samples = PairedViews.Validate("BYOL", predictions, nameof(predictions), targets, nameof(targets));
            using var scope = NewDisposeScope();
            Tensor cosine = PairedViews.CosineWithOtherView(predictions, targets, samples);
            // Σ over the 2N rows of (2 − 2·cos), divided by N
            return cosine.sum().mul_(-2.0 / samples).add_(4.0).MoveToOuterDisposeScope();
        }
    }
}
