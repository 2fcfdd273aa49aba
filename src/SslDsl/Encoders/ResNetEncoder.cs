using SslDsl.Distributed;
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>
    /// ResNet-18/34/50 (He et al. 2016) without the classifier, as torchvision builds it; <c>[B, C, H, W] → [B, D]</c>
    /// with D = 512·w (18/34) or 2048·w (50). <c>smallInputs</c>: 3x3 stride-1 stem and no max-pool
    /// (SimCLR's CIFAR variant), for 28–64 px images.
    /// </summary>
    public sealed class ResNetEncoder : Module<Tensor, Tensor>, IEncoder
    {
        private readonly Sequential stem;
        private readonly Sequential layers;

        public ResNetEncoder(int inChannels, int depth = 18, bool smallInputs = false, double widthMultiplier = 1.0) : base(nameof(ResNetEncoder))
        {
            (bool bottleneck, int[] blocks) = depth switch
            {
                18 => (false, new[] { 2, 2, 2, 2 }),
                34 => (false, new[] { 3, 4, 6, 3 }),
                50 => (true, new[] { 3, 4, 6, 3 }),
                _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "ResNet depth must be 18, 34 or 50"),
            };
            if (widthMultiplier <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(widthMultiplier), widthMultiplier, "must be > 0");
            }

            int width = Math.Max(1, (int)Math.Round(64 * widthMultiplier));
            stem = smallInputs
                ? Sequential(("conv1", Conv2d(inChannels, width, 3, stride: 1, padding: 1, bias: false)), ("bn1", new SyncBatchNorm(width)), ("relu", ReLU(inplace: true)))
                : Sequential(("conv1", Conv2d(inChannels, width, 7, stride: 2, padding: 3, bias: false)), ("bn1", new SyncBatchNorm(width)), ("relu", ReLU(inplace: true)), ("maxpool", MaxPool2d(3, stride: 2, padding: 1)));

            layers = Sequential();
            int inPlanes = width;
            int expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
            for (int stage = 0; stage < 4; stage++)
            {
                int planes = width << stage;
                for (int b = 0; b < blocks[stage]; b++)
                {
                    int stride = stage > 0 && b == 0 ? 2 : 1;
                    Module<Tensor, Tensor> block = bottleneck ? new Bottleneck(inPlanes, planes, stride) : new BasicBlock(inPlanes, planes, stride);
                    layers.append($"layer{stage + 1}_{b}", block);
                    inPlanes = planes * expansion;
                }
            }

            OutputDim = inPlanes;
            RegisterComponents();
            InitializeLikeTorchvision();
        }

        /// <inheritdoc />
        public int OutputDim { get; }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            Tensor x = layers.call(stem.call(input));
            return x.mean(new long[] { 2, 3 }).MoveToOuterDisposeScope();
        }

        /// <summary>The shortcut of a block: none when shapes match, else 1x1 conv (stride) + BN.</summary>
        internal static Module<Tensor, Tensor>? Shortcut(int inPlanes, int outPlanes, int stride) =>
            stride == 1 && inPlanes == outPlanes
                ? null
                : Sequential(("0", Conv2d(inPlanes, outPlanes, 1, stride: stride, bias: false)), ("1", new SyncBatchNorm(outPlanes)));

        /// <summary>Kaiming-normal (fan_out) convolutions, BN weight 1 / bias 0, as torchvision's ResNet.</summary>
        private void InitializeLikeTorchvision()
        {
            using var noGrad = no_grad();
            foreach (var (_, module) in named_modules())
            {
                if (module is Conv2d conv)
                {
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                }
            }
        }
    }
}
