using System;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Autoencoder reconstruction loss: the mean squared error between the reconstruction and the input, averaged
    /// over every element (<c>mse_loss</c>, reduction mean). The input is the target: no gradient flows into it.
    /// </summary>
    public static class AutoencoderLoss
    {
        /// <summary>Mean over all elements of (reconstruction − input)²; a scalar tensor.</summary>
        /// <exception cref="ArgumentException">the shapes differ (no broadcasting: a silent broadcast would train the wrong thing).</exception>
        public static Tensor Compute(Tensor reconstruction, Tensor input)
        {
            ArgumentNullException.ThrowIfNull(reconstruction);
            ArgumentNullException.ThrowIfNull(input);
            using AutocastScope float32Region = LossPrecision.Float32Region(reconstruction); // the loss computes in float32 (mixed precision)
            reconstruction = LossPrecision.AtLeastFloat32(reconstruction);
            input = LossPrecision.AtLeastFloat32(input);
            if (!reconstruction.shape.AsSpan().SequenceEqual(input.shape) || reconstruction.numel() == 0)
            {
                throw new ArgumentException(
                    $"the reconstruction must have the input's (non-empty) shape, got [{string.Join(", ", reconstruction.shape)}] for input [{string.Join(", ", input.shape)}]",
                    nameof(reconstruction));
            }

            using var scope = NewDisposeScope();
            return nn.functional.mse_loss(reconstruction, input.detach().to_type(reconstruction.dtype)).MoveToOuterDisposeScope();
        }
    }
}
