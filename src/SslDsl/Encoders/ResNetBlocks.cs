using SslDsl.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>ResNet-18/34 block: two 3x3 convolutions and an identity (or 1x1 projection) shortcut.</summary>
    internal sealed class BasicBlock : Module<Tensor, Tensor>
    {
        public const int Expansion = 1;

        private readonly Conv2d conv1;
        private readonly SyncBatchNorm bn1;
        private readonly Conv2d conv2;
        private readonly SyncBatchNorm bn2;
        private readonly Module<Tensor, Tensor>? downsample;

        public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
        {
            conv1 = Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
            bn1 = new SyncBatchNorm(planes);
            conv2 = Conv2d(planes, planes, 3, padding: 1, bias: false);
            bn2 = new SyncBatchNorm(planes);
            downsample = ResNetEncoder.Shortcut(inPlanes, planes * Expansion, stride);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor y = functional.relu(bn1.call(conv1.call(x)));
            y = bn2.call(conv2.call(y));
            Tensor shortcut = downsample is null ? x : downsample.call(x);
            return functional.relu(y.add_(shortcut)).MoveToOuterDisposeScope();
        }
    }

    /// <summary>ResNet-50 block: 1x1 reduce, 3x3 (stride here, as torchvision v1.5), 1x1 expand by 4.</summary>
    internal sealed class Bottleneck : Module<Tensor, Tensor>
    {
        public const int Expansion = 4;

        private readonly Conv2d conv1;
        private readonly SyncBatchNorm bn1;
        private readonly Conv2d conv2;
        private readonly SyncBatchNorm bn2;
        private readonly Conv2d conv3;
        private readonly SyncBatchNorm bn3;
        private readonly Module<Tensor, Tensor>? downsample;

        public Bottleneck(int inPlanes, int planes, int stride) : base(nameof(Bottleneck))
        {
            conv1 = Conv2d(inPlanes, planes, 1, bias: false);
            bn1 = new SyncBatchNorm(planes);
            conv2 = Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
            bn2 = new SyncBatchNorm(planes);
            conv3 = Conv2d(planes, planes * Expansion, 1, bias: false);
            bn3 = new SyncBatchNorm(planes * Expansion);
            downsample = ResNetEncoder.Shortcut(inPlanes, planes * Expansion, stride);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor y = functional.relu(bn1.call(conv1.call(x)));
            y = functional.relu(bn2.call(conv2.call(y)));
            y = bn3.call(conv3.call(y));
            Tensor shortcut = downsample is null ? x : downsample.call(x);
            return functional.relu(y.add_(shortcut)).MoveToOuterDisposeScope();
        }
    }
}
