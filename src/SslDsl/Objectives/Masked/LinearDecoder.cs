using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Objectives
{
    /// <summary>
    /// The smallest decoder for an autoencoder over any encoder: one Linear from the embedding to every output value,
    /// reshaped to the input's per-sample shape: <c>[B, embeddingDim] → [B, outputShape...]</c>. No output
    /// activation (pair it with <see cref="AutoencoderLoss"/> on inputs in any range).
    /// </summary>
    public sealed class LinearDecoder : Module<Tensor, Tensor>
    {
        private readonly Linear linear;
        private readonly long[] outputShape;

        /// <param name="embeddingDim">Width of the encoder's embedding.</param>
        /// <param name="outputShape">Per-sample shape to reconstruct, e.g. <c>{ C, H, W }</c> or <c>{ C, T }</c>.</param>
        public LinearDecoder(int embeddingDim, int[] outputShape) : base(nameof(LinearDecoder))
        {
            if (embeddingDim < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(embeddingDim), embeddingDim, "the embedding width must be >= 1");
            }

            if (outputShape is null || outputShape.Length == 0 || Array.Exists(outputShape, s => s < 1))
            {
                throw new ArgumentException(
                    $"the output shape needs at least one dimension, each >= 1, got [{string.Join(", ", outputShape ?? Array.Empty<int>())}]",
                    nameof(outputShape));
            }

            this.outputShape = outputShape.Select(s => (long)s).ToArray();
            OutputSize = this.outputShape.Aggregate(1L, (a, s) => a * s);
            linear = Linear(embeddingDim, OutputSize);
            RegisterComponents();
        }

        /// <summary>Number of values per reconstructed sample (the product of the output shape).</summary>
        public long OutputSize { get; }

        /// <summary>Per-sample output shape.</summary>
        public long[] OutputShape => (long[])outputShape.Clone();

        public override Tensor forward(Tensor embedding)
        {
            if (embedding.dim() != 2)
            {
                throw new ArgumentException($"the linear decoder expects [B, D] embeddings, got [{string.Join(", ", embedding.shape)}]", nameof(embedding));
            }

            using var scope = NewDisposeScope();
            long[] shape = new long[outputShape.Length + 1];
            shape[0] = embedding.shape[0];
            Array.Copy(outputShape, 0, shape, 1, outputShape.Length);
            return linear.call(embedding).view(shape).MoveToOuterDisposeScope();
        }
    }
}
