using System;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Future-window prediction loss: mean squared error between the forecast and the true future
    /// (<see cref="FutureWindowSplit"/>), averaged over every element. The future is the target: no gradient flows into it.
    /// </summary>
    public static class FutureWindowLoss
    {
        /// <param name="predicted">The forecast, <c>[B, C·H]</c> (a flat head output, channel-major: channel c holds
        /// values <c>[c·H, (c+1)·H)</c>) or <c>[B, C, H]</c>.</param>
        /// <param name="future"><c>[B, C, H]</c>.</param>
        public static Tensor Compute(Tensor predicted, Tensor future)
        {
            ArgumentNullException.ThrowIfNull(predicted);
            ArgumentNullException.ThrowIfNull(future);
            using AutocastScope float32Region = LossPrecision.Float32Region(predicted); // the loss computes in float32 (mixed precision)
            predicted = LossPrecision.AtLeastFloat32(predicted);
            future = LossPrecision.AtLeastFloat32(future);
            bool flat = predicted.dim() == 2 && future.dim() == 3 && predicted.shape[0] == future.shape[0]
                && predicted.shape[1] == future.shape[1] * future.shape[2];
            bool same = predicted.dim() == 3 && predicted.shape.AsSpan().SequenceEqual(future.shape);
            if (!(flat || same) || future.numel() == 0)
            {
                throw new ArgumentException(
                    $"the forecast must be [B, C·H] or [B, C, H] for a [B, C, H] future, got [{string.Join(", ", predicted.shape)}] for [{string.Join(", ", future.shape)}]",
                    nameof(predicted));
            }

            using var scope = NewDisposeScope();
            Tensor forecast = flat ? predicted.reshape(future.shape) : predicted;
            return nn.functional.mse_loss(forecast, future.detach().to_type(predicted.dtype)).MoveToOuterDisposeScope();
        }
    }
}
