using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>
    /// Temporal convolutional network (Bai et al. 2018, "An Empirical Evaluation of Generic Convolutional and Recurrent
    /// Networks for Sequence Modeling"; locuslab/TCN) for sensor windows <c>[B, C, T]</c>: level i is a residual
    /// <see cref="TemporalBlock"/> of two causal convolutions with dilation 2^i; <see cref="ForwardSequence"/> gives the
    /// per-time features <c>[B, widths[^1], T]</c>, <c>forward</c> their average over time <c>[B, widths[^1]]</c>.
    /// </summary>
    /// <remarks>
    /// Uses BatchNorm1d after each convolution where the reference uses weight norm, and no dropout (see
    /// <see cref="TemporalBlock"/>). The output at time t depends on inputs t − <see cref="ReceptiveField"/> + 1 … t.
    /// </remarks>
    public sealed class TemporalConvNetEncoder : Module<Tensor, Tensor>, IEncoder
    {
        private readonly Sequential levels;

        public TemporalConvNetEncoder(int channels, int[] widths, int kernelSize = 3) : base(nameof(TemporalConvNetEncoder))
        {
            if (channels < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(channels), channels, "TCN input channels must be >= 1");
            }

            if (widths is null || widths.Length == 0)
            {
                throw new ArgumentException("TCN needs at least one level width", nameof(widths));
            }

            if (widths.Length > 24)
            {
                throw new ArgumentException($"TCN has {widths.Length} levels; at most 24 (dilation 2^i)", nameof(widths));
            }

            int bad = Array.FindIndex(widths, w => w < 1);
            if (bad >= 0)
            {
                throw new ArgumentException($"TCN width of level {bad} is {widths[bad]}; each must be >= 1", nameof(widths));
            }

            if (kernelSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "TCN kernel size must be >= 1");
            }

            Channels = channels;
            KernelSize = kernelSize;
            levels = Sequential();
            int inChannels = channels;
            for (int i = 0; i < widths.Length; i++)
            {
                levels.append($"level{i}", new TemporalBlock(inChannels, widths[i], kernelSize, 1 << i));
                inChannels = widths[i];
            }

            OutputDim = inChannels;
            // two convolutions per level, each reaching (k − 1)·2^i steps back
            ReceptiveField = 1 + (2L * (kernelSize - 1) * ((1L << widths.Length) - 1));
            RegisterComponents();
        }

        /// <inheritdoc />
        public int OutputDim { get; }

        /// <summary>Input channels C.</summary>
        public int Channels { get; }

        /// <summary>Kernel size k of every convolution.</summary>
        public int KernelSize { get; }

        /// <summary>Time steps one output sees: <c>1 + 2·(k − 1)·(2^levels − 1)</c>.</summary>
        public long ReceptiveField { get; }

        /// <summary>Average over time of <see cref="ForwardSequence"/>: <c>[B, C, T] → [B, widths[^1]]</c>.</summary>
        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            return ForwardSequence(input).mean(new long[] { 2 }).MoveToOuterDisposeScope();
        }

        /// <summary>Causal per-time features: <c>[B, C, T] → [B, widths[^1], T]</c> (for reconstruction objectives).</summary>
        public Tensor ForwardSequence(Tensor input)
        {
            if (input.dim() != 3 || input.shape[1] != Channels || input.shape[2] < 1)
            {
                throw new ArgumentException($"TCN expects [B, {Channels}, T], got [{string.Join(", ", input.shape)}]", nameof(input));
            }

            return levels.call(input);
        }
    }
}
