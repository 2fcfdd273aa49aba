using System;
using SslDsl.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Heads
{
    /// <summary>
    /// SwAV's head (Caron et al. 2020 and the official <c>resnet50.py</c>): a projection MLP (Linear, BatchNorm, ReLU,
    /// Linear), L2 normalisation, then the prototypes, a linear layer without bias whose rows are put back on the unit
    /// sphere before every forward (as the official loop does at the start of each iteration, without a gradient
    /// through the normalisation). The output is the scores <c>z·cₖ</c> of every prototype, <c>[N, Prototypes]</c>.
    /// </summary>
    public sealed class SwavHead : Module<Tensor, Tensor>
    {
        private readonly ProjectionHead mlp;
        private readonly Parameter prototypes; // C: [Prototypes, Output]

        public SwavHead(int inputDim, int hiddenDim, int outputDim, int prototypeCount, int layers = 2) : base(nameof(SwavHead))
        {
            if (prototypeCount < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(prototypeCount), prototypeCount, "SwAV needs at least one prototype");
            }

            mlp = new ProjectionHead(inputDim, hiddenDim, outputDim, layers);
            using (no_grad())
            {
                Linear layer = Linear(outputDim, prototypeCount, hasBias: false); // nn.Linear's default initialisation, as the official code
                prototypes = new Parameter(layer.weight!.detach().clone());
                layer.Dispose();
            }

            OutputDim = prototypeCount;
            ProjectionDim = outputDim;
            RegisterComponents();
        }

        /// <summary>The number of prototypes (the scores' width).</summary>
        public int OutputDim { get; }

        /// <summary>The width of the normalised projection the prototypes are compared with.</summary>
        public int ProjectionDim { get; }

        /// <summary>The prototypes' parameter (SwAV freezes it for its first optimizer steps).</summary>
        public Parameter Prototypes => prototypes;

        public override Tensor forward(Tensor input) => Score(Project(input));

        /// <summary>
        /// The L2-normalised projection <c>z</c> of <paramref name="input"/>, <c>[N, ProjectionDim]</c>: what the prototypes
        /// score, and what SwAV's queue keeps (the official model's first output, <c>embedding</c>).
        /// </summary>
        public Tensor Project(Tensor input)
        {
            using var scope = NewDisposeScope();
            return functional.normalize(mlp.call(input), p: 2, dim: 1).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The scores <c>z·cₖ</c> of normalised projections <paramref name="projections"/> against every prototype,
        /// <c>[N, Prototypes]</c>, after putting the prototypes back on the unit sphere (no gradient through that).
        /// </summary>
        public Tensor Score(Tensor projections)
        {
            using (no_grad())
            {
                prototypes.copy_(functional.normalize(prototypes, p: 2, dim: 1));
            }

            return projections.matmul(prototypes.t());
        }
    }
}
