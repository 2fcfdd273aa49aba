using SslDsl.Distributed;
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Heads
{
    /// <summary>
    /// MLP head (SimCLR's g(·), BYOL's projector/predictor): <c>layers - 1</c> blocks of Linear (no bias) → BN →
    /// ReLU, then a final Linear with bias. One layer is a plain linear map.
    /// </summary>
    public sealed class ProjectionHead : Module<Tensor, Tensor>
    {
        private readonly Sequential mlp;

        public ProjectionHead(int inputDim, int hiddenDim, int outputDim, int layers = 2) : base(nameof(ProjectionHead))
        {
            if (inputDim < 1 || hiddenDim < 1 || outputDim < 1 || layers < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(layers), $"projector sizes must be >= 1 (input {inputDim}, hidden {hiddenDim}, output {outputDim}, layers {layers})");
            }

            mlp = Sequential();
            int dim = inputDim;
            for (int i = 0; i < layers - 1; i++)
            {
                mlp.append($"linear{i}", Linear(dim, hiddenDim, hasBias: false));
                mlp.append($"bn{i}", new SyncBatchNorm(hiddenDim));
                mlp.append($"relu{i}", ReLU(inplace: true));
                dim = hiddenDim;
            }

            mlp.append($"linear{layers - 1}", Linear(dim, outputDim));
            OutputDim = outputDim;
            RegisterComponents();
        }

        public int OutputDim { get; }

        public override Tensor forward(Tensor input) => mlp.call(input);
    }
}
