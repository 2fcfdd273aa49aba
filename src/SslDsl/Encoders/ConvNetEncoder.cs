using SslDsl.Distributed;
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>
    /// Small CNN: per stage conv 3x3 (no bias) → batch norm → ReLU, a 2x2 max-pool between stages, global average
    /// pooling at the end. <c>[B, C, H, W] → [B, widths[^1]]</c>.
    /// </summary>
    public sealed class ConvNetEncoder : Module<Tensor, Tensor>, IEncoder
    {
        private readonly Sequential stages;

        public ConvNetEncoder(int inChannels, int[] widths) : base(nameof(ConvNetEncoder))
        {
            if (inChannels < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, "must be >= 1");
            }

            if (widths is null || widths.Length == 0 || Array.Exists(widths, w => w < 1))
            {
                throw new ArgumentException("ConvNet needs at least one width, each >= 1", nameof(widths));
            }

            stages = Sequential();
            int channels = inChannels;
            for (int i = 0; i < widths.Length; i++)
            {
                stages.append($"conv{i}", Conv2d(channels, widths[i], 3, padding: 1, bias: false));
                stages.append($"bn{i}", new SyncBatchNorm(widths[i]));
                stages.append($"relu{i}", ReLU(inplace: true));
                if (i < widths.Length - 1)
                {
                    stages.append($"pool{i}", MaxPool2d(2));
                }

                channels = widths[i];
            }

            stages.append("gap", AdaptiveAvgPool2d(1));
            stages.append("flatten", Flatten());
            OutputDim = channels;
            RegisterComponents();
        }

        /// <inheritdoc />
        public int OutputDim { get; }

        public override Tensor forward(Tensor input) => stages.call(input);
    }
}
