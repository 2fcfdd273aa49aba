using System;
using System.Collections.Generic;
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
                for (long start = 0; start < images.shape[0]; start += batchSize)
                {
                    long length = Math.Min(batchSize, images.shape[0] - start);
                    Tensor batch = Training.InputTensors.ToDevice(images.narrow(0, start, length), device);
                    parts.Add(encoder.call(batch).to(CPU));
                }

                return cat(parts, 0).MoveToOuterDisposeScope();
            }
            finally
            {
                encoder.train(wasTraining);
            }
        }
    }
}
