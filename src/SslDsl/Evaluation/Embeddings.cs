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
        public static Tensor Compute(nn.Module<Tensor, Tensor> encoder, Tensor images, Device device, int batchSize = SslDefaults.EvaluationBatchSize)
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
                    // Every activation of the batch's forward pass is freed before the next batch (and Batches frees the
                    // batch): only the embeddings live until the cat, not the activations of the whole data set.
                    using var batchScope = NewDisposeScope();
                    Tensor embedding = encoder.call(batch).to(CPU);
                    parts.Add((ReferenceEquals(embedding, batch) ? embedding.clone() : embedding).MoveToOuterDisposeScope());
                }

                return cat(parts, 0).MoveToOuterDisposeScope();
            }
            finally
            {
                encoder.train(wasTraining);
            }
        }

        /// <summary>
        /// <paramref name="images"/> in batches on <paramref name="device"/>, each one tensor that lives until the caller
        /// asks for the next one (or stops), then is freed here: a caller keeping a batch must clone it. Inputs
        /// arrive as float32; an encoder kept in another floating dtype (float64 for reference runs) gets its own.
        /// </summary>
        internal static IEnumerable<Tensor> Batches(nn.Module encoder, Tensor images, Device device, int batchSize)
        {
            ScalarType? dtype = encoder.parameters().Select(p => p.dtype).Cast<ScalarType?>().FirstOrDefault(t => t is ScalarType.Float64);
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                long length = Math.Min(batchSize, images.shape[0] - start);
                Tensor batch;
                using (NewDisposeScope()) // the slice and conversions go with it; closed before the yield, or the caller's tensors would land in it
                {
                    batch = Training.InputTensors.ToDevice(images.narrow(0, start, length), device);
                    batch = (dtype is { } wide && batch.is_floating_point() ? batch.to_type(wide) : batch).MoveToOuterDisposeScope();
                }

                try
                {
                    yield return batch;
                }
                finally
                {
                    batch.Dispose();
                }
            }
        }
    }
}
