using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace SslDsl.Evaluation.Sequences
{
    /// <summary>
    /// Filling hidden entries of sensor windows without a model: the baseline a masked-reconstruction model has to beat.
    /// Each channel of each window is filled on its own from its visible entries: linear interpolation between the
    /// nearest visible steps on either side, the nearest visible value before the first or after the last one, and a
    /// fallback value (e.g. the channel's training mean) where the whole channel is hidden.
    /// </summary>
    public static class StreamImputation
    {
        /// <param name="windows"><c>[N, C, T]</c>; hidden entries may hold anything.</param>
        /// <param name="mask">Same shape, &gt; 0 = hidden.</param>
        /// <param name="fallback">Per channel, the value of a fully hidden channel.</param>
        /// <returns>A float32 copy on the CPU with visible entries unchanged and hidden ones filled.</returns>
        /// <exception cref="ArgumentException">Shapes differ, or the fallback has another length than C.</exception>
        public static Tensor LinearInterpolation(Tensor windows, Tensor mask, IReadOnlyList<double> fallback)
        {
            SequenceChecks.Windows(windows, nameof(windows));
            SequenceChecks.SameShape(windows, nameof(windows), mask, nameof(mask));
            ArgumentNullException.ThrowIfNull(fallback);
            int n = (int)windows.shape[0], channels = (int)windows.shape[1], length = (int)windows.shape[2];
            if (fallback.Count != channels)
            {
                throw new ArgumentException($"fallback must hold one value per channel ({channels}), got {fallback.Count}", nameof(fallback));
            }

            float[] values;
            bool[] hidden;
            using (var scope = NewDisposeScope())
            {
                values = windows.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
                hidden = mask.cpu().gt(0).contiguous().data<bool>().ToArray();
            }

            for (int row = 0; row < n * channels; row++)
            {
                int offset = row * length;
                int previous = -1; // the last visible step before t
                for (int t = 0; t <= length; t++)
                {
                    if (t < length && hidden[offset + t])
                    {
                        continue;
                    }

                    // Steps previous+1 .. t−1 are hidden; t is visible (or the end).
                    for (int gap = previous + 1; gap < t; gap++)
                    {
                        values[offset + gap] = previous < 0 && t == length ? (float)fallback[row % channels]
                            : previous < 0 ? values[offset + t]
                            : t == length ? values[offset + previous]
                            : values[offset + previous] + (values[offset + t] - values[offset + previous]) * (gap - previous) / (float)(t - previous);
                    }

                    previous = t;
                }
            }

            return tensor(values, new long[] { n, channels, length }, ScalarType.Float32);
        }
    }
}
