using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Re-estimates the running statistics of every batch norm in a network from data, as PyTorch's
    /// <c>torch.optim.swa_utils.update_bn</c> (and "precise BN", Wu &amp; Johnson 2021): the statistics are reset, the data
    /// run through the network in training mode without gradients, and each layer's running mean and variance become
    /// the plain average of its batch statistics (momentum 1/k for batch k). Self-supervised training gathers them on
    /// augmented views (crops, colour jitter); evaluation feeds clean images, whose statistics differ.
    /// </summary>
    public static class BatchNormRecalibration
    {
        /// <summary>
        /// Recomputes the running statistics of every <see cref="SyncBatchNorm"/> and TorchSharp BatchNorm in
        /// <paramref name="network"/> from <paramref name="data"/> (host tensor, bytes or floats as the trainer takes
        /// them; batches of <paramref name="batchSize"/>; the last may be smaller and weighs as much as the others, and a last
        /// single row is left out).
        /// Weights do not change; the network's mode and the layers' momenta are restored. Returns the number of layers
        /// updated (0: none, and the data are not run).
        /// </summary>
        /// <exception cref="ArgumentException">Fewer than 2 rows in <paramref name="data"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> &lt; 2 (one row has no variance).</exception>
        public static int Run(nn.Module<Tensor, Tensor> network, Tensor data, Device device, int batchSize = SslDefaults.EvaluationBatchSize)
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentNullException.ThrowIfNull(data);
            if (batchSize < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batches of at least 2 rows are needed for a variance");
            }

            if (data.dim() == 0 || data.shape[0] < 2)
            {
                throw new ArgumentException($"{(data.dim() == 0 ? 0 : data.shape[0])} rows: batch-norm statistics need at least 2", nameof(data));
            }

            List<SyncBatchNorm> ours = network.modules().OfType<SyncBatchNorm>().ToList();
            List<TorchSharp.Modules.BatchNorm> torchSharp = network.modules().OfType<TorchSharp.Modules.BatchNorm>().ToList();
            if (ours.Count + torchSharp.Count == 0)
            {
                return 0;
            }

            double[] ourMomenta = ours.Select(l => l.Momentum).ToArray();
            double?[] torchSharpMomenta = torchSharp.Select(l => l.momentum).ToArray();
            bool wasTraining = network.training;
            try
            {
                ours.ForEach(l => l.ResetRunningStatistics());
                torchSharp.ForEach(l => l.reset_running_stats());
                network.train();
                using var noGrad = no_grad();
                int k = 0;
                using var scope = NewDisposeScope();
                foreach (Tensor batch in Embeddings.Batches(network, data, device, batchSize)) // each batch freed by Batches
                {
                    using var batchScope = NewDisposeScope();
                    if (batch.shape[0] == 1)
                    {
                        continue; // a last batch of one row has no variance (and BatchNorm1d refuses it)
                    }

                    k++;
                    ours.ForEach(l => l.Momentum = 1.0 / k);
                    torchSharp.ForEach(l => l.momentum = 1.0 / k);
                    network.call(batch);
                }
            }
            finally
            {
                for (int i = 0; i < ours.Count; i++)
                {
                    ours[i].Momentum = ourMomenta[i];
                }

                for (int i = 0; i < torchSharp.Count; i++)
                {
                    torchSharp[i].momentum = torchSharpMomenta[i];
                }

                network.train(wasTraining);
            }

            return ours.Count + torchSharp.Count;
        }
    }
}
