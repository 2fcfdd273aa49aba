using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>Runs a frozen encoder over a dataset in batches and gathers the embeddings on the host.</summary>
    public static class Embeddings
    {
        /// <summary>
        /// Embeds <paramref name="images"/> (host tensor, bytes or floats in [0, 1]) with <paramref name="encoder"/> in
        /// eval mode without gradients; restores the encoder's previous mode. Returns <c>[N, D]</c> float32 on the CPU.
        /// </summary>
        public static Tensor Compute(nn.Module<Tensor, Tensor> encoder, Tensor images, Device device, int batchSize = 512)
        {
            if (batchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be >= 1");
            }

            bool wasTraining = encoder.training;
            encoder.eval();
            try
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var parts = new List<Tensor>();
                foreach (Tensor batch in Batches(encoder, images, device, batchSize))
                {
                    parts.Add(encoder.call(batch).to(CPU));
                }

                return cat(parts, 0).MoveToOuterDisposeScope();
            }
            finally
            {
                encoder.train(wasTraining);
            }
        }

        /// <summary>
        /// <paramref name="images"/> in batches on <paramref name="device"/>, in the dispose scope of the caller. Inputs
        /// arrive as float32; an encoder kept in another floating dtype (float64 for reference runs) gets its own.
        /// </summary>
        internal static IEnumerable<Tensor> Batches(nn.Module encoder, Tensor images, Device device, int batchSize)
        {
            ScalarType? dtype = encoder.parameters().Select(p => p.dtype).Cast<ScalarType?>().FirstOrDefault(t => t is ScalarType.Float64);
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                long length = Math.Min(batchSize, images.shape[0] - start);
                Tensor batch = Training.InputTensors.ToDevice(images.narrow(0, start, length), device);
                yield return dtype is { } wide && batch.is_floating_point() ? batch.to_type(wide) : batch;
            }
        }
    }
}
