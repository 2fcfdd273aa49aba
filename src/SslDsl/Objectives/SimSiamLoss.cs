using System;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// SimSiam's symmetrised negative cosine similarity (Chen &amp; He 2021, eq. 1–2 and Algorithm 1):
    /// <c>L = ½·D(p₁, sg(z₂)) + ½·D(p₂, sg(z₁))</c> with <c>D(p, z) = −mean_i cos(p_i, z_i)</c>. Inputs are stacked
    /// view-major (<c>[2N, D]</c>): predictions p of view 0 then view 1, projections z of view 0 then view 1. The
    /// projections are detached here (the stop-gradient), so gradient reaches them only through the predictions.
    /// L lies in [−1, 1]; −1 when every prediction points along the other view's projection.
    /// </summary>
    public static class SimSiamLoss
    {
        public static Tensor Compute(Tensor predictions, Tensor projections)
        {
            using AutocastScope float32Region = LossPrecision.Float32Region(predictions); // the loss computes in float32 (mixed precision)
            predictions = LossPrecision.AtLeastFloat32(predictions);
            projections = LossPrecision.AtLeastFloat32(projections);
            long samples = PairedViews.Validate("SimSiam", predictions, nameof(predictions), projections, nameof(projections));
            using var scope = NewDisposeScope();
            Tensor cosine = PairedViews.CosineWithOtherView(predictions, projections, samples);
            // ½·(−mean over view 0) + ½·(−mean over view 1) = −Σ_{2N rows} cos / 2N
            return cosine.mean().neg_().MoveToOuterDisposeScope();
        }
    }
}
