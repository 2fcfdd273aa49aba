using SslDsl.Distributed;
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>
    /// Multilayer perceptron for tabular or small flattened inputs: any <c>[B, ...]</c> with <c>inputDim</c> values per
    /// sample is flattened to <c>[B, inputDim]</c>, then per hidden width Linear (no bias) → BatchNorm1d → ReLU;
    /// <c>→ [B, hidden[^1]]</c>.
    /// </summary>
    /// <remarks>
    /// The Linear layers have no bias because the batch norm right after subtracts the batch mean, which cancels it
    /// (the same choice as SimCLR's and BYOL's MLP heads). PyTorch default initialisation.
    /// </remarks>
    public sealed class MlpEncoder : Module<Tensor, Tensor>, IEncoder
    {
        private readonly Sequential layers;

        public MlpEncoder(int inputDim, int[] hidden) : base(nameof(MlpEncoder))
        {
            if (inputDim < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(inputDim), inputDim, "MLP input dim must be >= 1");
            }

            if (hidden is null || hidden.Length == 0)
            {
                throw new ArgumentException("MLP needs at least one hidden width", nameof(hidden));
            }

            int bad = Array.FindIndex(hidden, w => w < 1);
            if (bad >= 0)
            {
                throw new ArgumentException($"MLP hidden width {bad} is {hidden[bad]}; each must be >= 1", nameof(hidden));
            }

            InputDim = inputDim;
            layers = Sequential();
            int dim = inputDim;
            for (int i = 0; i < hidden.Length; i++)
            {
                layers.append($"linear{i}", Linear(dim, hidden[i], hasBias: false));
                layers.append($"bn{i}", new SyncBatchNorm(hidden[i]));
                layers.append($"relu{i}", ReLU(inplace: true));
                dim = hidden[i];
            }

            OutputDim = dim;
            RegisterComponents();
        }

        /// <summary>Values per sample the encoder expects.</summary>
        public int InputDim { get; }

        /// <inheritdoc />
        public int OutputDim { get; }

        public override Tensor forward(Tensor input)
        {
            long perSample = input.dim() == 0 || input.shape[0] == 0 ? 0 : input.numel() / input.shape[0];
            if (input.dim() < 2 || perSample != InputDim)
            {
                throw new ArgumentException(
                    $"MLP expects [B, ...] with {InputDim} values per sample, got [{string.Join(", ", input.shape)}]", nameof(input));
            }

            using var scope = NewDisposeScope();
            return layers.call(input.reshape(input.shape[0], InputDim)).MoveToOuterDisposeScope();
        }
    }
}
