using System;
using SslDsl.Encoders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Heads
{
    /// <summary>
    /// DINO's projection head (Caron et al. 2021, §3.1 and the official <c>DINOHead</c>): a 3-layer MLP (hidden width,
    /// GELU) to a bottleneck, L2 normalisation, then a weight-normalised linear layer without bias to
    /// <see cref="OutputDim"/> prototypes whose norms are fixed to 1 (<c>norm_last_layer=True</c>: each prototype row is
    /// its direction, <c>W = V / ‖V‖</c>, the gradient flowing through the normalisation). Linear weights start as
    /// truncated normals with std 0.02 and zero biases, as the official <c>_init_weights</c>.
    /// </summary>
    public sealed class DinoHead : Module<Tensor, Tensor>
    {
        private readonly Sequential mlp;
        private readonly Parameter prototypes; // V: [OutputDim, bottleneck]; the layer uses its row directions

        public DinoHead(int inputDim, int hiddenDim, int bottleneckDim, int outputDim, int layers = 3) : base(nameof(DinoHead))
        {
            if (inputDim < 1 || hiddenDim < 1 || bottleneckDim < 1 || outputDim < 1 || layers < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(outputDim), $"DINO head sizes must be >= 1 (input {inputDim}, hidden {hiddenDim}, bottleneck {bottleneckDim}, output {outputDim}, layers {layers})");
            }

            mlp = Sequential();
            int dim = inputDim;
            for (int i = 0; i < layers - 1; i++)
            {
                mlp.append($"linear{i}", Initialised(Linear(dim, hiddenDim)));
                mlp.append($"gelu{i}", GELU());
                dim = hiddenDim;
            }

            mlp.append($"linear{layers - 1}", Initialised(Linear(dim, bottleneckDim)));
            using (no_grad())
            {
                // the official last layer is nn.Linear's default (Kaiming-uniform) under weight_norm
                Linear last = Linear(bottleneckDim, outputDim, hasBias: false);
                prototypes = new Parameter(last.weight!.detach().clone());
                last.Dispose();
            }

            OutputDim = outputDim;
            BottleneckDim = bottleneckDim;
            RegisterComponents();
        }

        /// <summary>The number of prototypes (DINO's K, <c>out_dim</c>).</summary>
        public int OutputDim { get; }

        public int BottleneckDim { get; }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            Tensor x = functional.normalize(mlp.call(input), p: 2, dim: -1);
            Tensor directions = functional.normalize(prototypes, p: 2, dim: 1);
            return x.matmul(directions.t()).MoveToOuterDisposeScope();
        }

        private static Linear Initialised(Linear layer)
        {
            using (no_grad())
            {
                TruncatedNormal.Fill(layer.weight!, 0.0, 0.02, -2.0, 2.0);
                layer.bias!.zero_();
            }

            return layer;
        }
    }
}
