using System;
using static TorchSharp.torch;

namespace SslDsl.Evaluation.Sequences
{
    /// <summary>
    /// The naive forecasts a learned forecaster has to beat (Hyndman and Athanasopoulos, Forecasting: Principles and
    /// Practice, §5.2): from a context <c>[N, C, L]</c>, the next H steps <c>[N, C, H]</c> of every channel.
    /// </summary>
    public static class ForecastBaselines
    {
        /// <summary>Persistence (the naive method): every future step equals the last observed one.</summary>
        public static Tensor LastValue(Tensor context, int horizon)
        {
            Check(context, horizon);
            using var scope = NewDisposeScope();
            long length = context.shape[2];
            return context.narrow(2, length - 1, 1).expand(context.shape[0], context.shape[1], horizon).contiguous().MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Seasonal naive: step h (0-based) repeats the value one season earlier, <c>context[L − period + (h mod period)]</c>:
        /// the last <paramref name="period"/> observed steps, repeated.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The period is not in [1, L].</exception>
        public static Tensor SeasonalNaive(Tensor context, int horizon, int period)
        {
            Check(context, horizon);
            long length = context.shape[2];
            if (period < 1 || period > length)
            {
                throw new ArgumentOutOfRangeException(nameof(period), period, $"the season must be in [1, {length}] (the context has {length} steps)");
            }

            using var scope = NewDisposeScope();
            var steps = new long[horizon];
            for (int h = 0; h < horizon; h++)
            {
                steps[h] = length - period + (h % period);
            }

            return context.index_select(2, tensor(steps, device: context.device)).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Drift: the line through the first and the last observed step, continued, <c>last + (h + 1)(last − first)/(L − 1)</c>;
        /// with one observed step, persistence.
        /// </summary>
        public static Tensor Drift(Tensor context, int horizon)
        {
            Check(context, horizon);
            long length = context.shape[2];
            if (length == 1)
            {
                return LastValue(context, horizon);
            }

            using var scope = NewDisposeScope();
            Tensor last = context.narrow(2, length - 1, 1);
            Tensor slope = last.sub(context.narrow(2, 0, 1)).div_(length - 1);
            Tensor ahead = arange(1, horizon + 1, dtype: context.dtype, device: context.device).view(1, 1, horizon);
            return last.add(slope.mul(ahead)).MoveToOuterDisposeScope();
        }

        private static void Check(Tensor context, int horizon)
        {
            SequenceChecks.Windows(context, nameof(context));
            if (horizon < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "the horizon must be at least 1 step");
            }
        }
    }
}
