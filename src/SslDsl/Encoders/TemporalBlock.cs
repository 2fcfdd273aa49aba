using SslDsl.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>
    /// One level of a TCN (Bai et al. 2018, <c>TemporalBlock</c> of locuslab/TCN): two dilated causal convolutions,
    /// each conv → batch norm → ReLU, and a residual (1x1 conv when the width changes); <c>ReLU(net(x) + res)</c>.
    /// <c>[B, inChannels, T] → [B, outChannels, T]</c>.
    /// </summary>
    /// <remarks>
    /// Causality: each convolution sees its input left-padded with <c>(k−1)·d</c> zeros and no right padding, so the
    /// output at t depends only on inputs at ≤ t. This is the reference's "pad both sides by (k−1)·d, then Chomp1d the
    /// last (k−1)·d" without computing the outputs that are trimmed away. Differences from the reference: BatchNorm1d
    /// in place of weight norm (convolutions without bias, as before any batch norm) and no dropout; PyTorch default
    /// initialisation in place of N(0, 0.01). In train mode the batch statistics pool over all time steps, so strict
    /// causality holds in eval mode (and with frozen statistics).
    /// </remarks>
    internal sealed class TemporalBlock : Module<Tensor, Tensor>
    {
        private readonly Conv1d conv1;
        private readonly SyncBatchNorm bn1;
        private readonly Conv1d conv2;
        private readonly SyncBatchNorm bn2;
        private readonly Conv1d? downsample;
        private readonly long leftPadding;

        public TemporalBlock(int inChannels, int outChannels, int kernelSize, int dilation) : base(nameof(TemporalBlock))
        {
            leftPadding = (long)(kernelSize - 1) * dilation;
            conv1 = Conv1d(inChannels, outChannels, kernelSize, dilation: dilation, bias: false);
            bn1 = new SyncBatchNorm(outChannels);
            conv2 = Conv1d(outChannels, outChannels, kernelSize, dilation: dilation, bias: false);
            bn2 = new SyncBatchNorm(outChannels);
            downsample = inChannels == outChannels ? null : Conv1d(inChannels, outChannels, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor y = functional.relu(bn1.call(conv1.call(CausalPad(x))));
            y = functional.relu(bn2.call(conv2.call(CausalPad(y))));
            Tensor residual = downsample is null ? x : downsample.call(x);
            return functional.relu(y.add(residual)).MoveToOuterDisposeScope();
        }

        private Tensor CausalPad(Tensor x) => leftPadding == 0 ? x : functional.pad(x, (leftPadding, 0L));
    }
}
