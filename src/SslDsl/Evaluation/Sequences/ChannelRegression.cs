using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace SslDsl.Evaluation.Sequences
{
    /// <summary>
    /// Ordinary least squares of one channel on the other channels at the same step (with an intercept), fitted on
    /// every step of a set of windows: the baseline for reconstructing a wholly missing sensor stream from the streams
    /// that remain (humidity from temperature), which a model's cross-channel reconstruction has to beat.
    /// </summary>
    public sealed class ChannelRegression
    {
        private ChannelRegression(int target, int channels, double[] coefficients)
        {
            Target = target;
            Channels = channels;
            Coefficients = coefficients;
        }

        /// <summary>The channel predicted.</summary>
        public int Target { get; }

        /// <summary>Channels C of the windows it was fitted on.</summary>
        public int Channels { get; }

        /// <summary>The intercept, then one slope per other channel in channel order.</summary>
        public IReadOnlyList<double> Coefficients { get; }

        /// <summary>Fits the regression of <paramref name="target"/> on the other channels over every step of <paramref name="windows"/>.</summary>
        /// <exception cref="ArgumentException">Windows with one channel, or not [N, C, T].</exception>
        /// <exception cref="ArgumentOutOfRangeException">The target is not a channel.</exception>
        public static ChannelRegression Fit(Tensor windows, int target)
        {
            SequenceChecks.Windows(windows, nameof(windows));
            int channels = (int)windows.shape[1];
            if (channels < 2)
            {
                throw new ArgumentException("regressing one channel on the others needs at least 2 channels, got 1", nameof(windows));
            }

            if (target < 0 || target >= channels)
            {
                throw new ArgumentOutOfRangeException(nameof(target), target, $"the target must be a channel in [0, {channels})");
            }

            using var scope = NewDisposeScope();
            Tensor steps = windows.to_type(ScalarType.Float64).cpu().permute(0, 2, 1).reshape(-1, channels); // [N·T, C]
            Tensor design = cat(new[] { ones(steps.shape[0], 1, dtype: ScalarType.Float64), Others(steps, target, channels) }, 1);
            Tensor y = steps.narrow(1, target, 1);
            // Normal equations in float64: C is tiny, and the solve is exact enough for a baseline.
            Tensor coefficients = linalg.solve(design.T.matmul(design), design.T.matmul(y)).squeeze(1);
            return new ChannelRegression(target, channels, coefficients.data<double>().ToArray());
        }

        /// <summary>The target channel of each window predicted from its other channels: <c>[N, T]</c> float32 on the CPU.</summary>
        /// <exception cref="ArgumentException">The windows have another number of channels.</exception>
        public Tensor Predict(Tensor windows)
        {
            SequenceChecks.Windows(windows, nameof(windows));
            if (windows.shape[1] != Channels)
            {
                throw new ArgumentException($"the regression was fitted on {Channels} channels, the windows have {windows.shape[1]}", nameof(windows));
            }

            using var scope = NewDisposeScope();
            Tensor steps = windows.to_type(ScalarType.Float64).cpu().permute(0, 2, 1); // [N, T, C]
            Tensor slopes = tensor(Coefficients.Skip(1).ToArray(), ScalarType.Float64);
            Tensor predicted = Others(steps, Target, Channels).matmul(slopes).add(Coefficients[0]);
            return predicted.to_type(ScalarType.Float32).MoveToOuterDisposeScope();
        }

        /// <summary>Every channel but <paramref name="target"/> along the last dimension.</summary>
        private static Tensor Others(Tensor steps, int target, int channels)
        {
            long[] keep = Enumerable.Range(0, channels).Where(c => c != target).Select(c => (long)c).ToArray();
            return steps.index_select(steps.dim() - 1, tensor(keep));
        }
    }
}
