using System;

namespace SslDsl.Optimization
{
    /// <summary>
    /// Learning rate per optimizer step: linear warm-up from base/warmup to base over <c>warmupSteps</c>, then
    /// half-cosine decay to <c>finalLearningRate</c> at <c>totalSteps</c> (SimCLR, solo-learn). Without warm-up
    /// or schedule, use <see cref="Constant"/>.
    /// </summary>
    public sealed class WarmupCosineSchedule
    {
        public WarmupCosineSchedule(double baseLearningRate, long warmupSteps, long totalSteps, double finalLearningRate = 0)
        {
            if (!(baseLearningRate > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(baseLearningRate), baseLearningRate, "must be > 0");
            }

            if (totalSteps < 1 || warmupSteps < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(totalSteps), $"need totalSteps >= 1 and warmupSteps >= 0 (got {totalSteps}, {warmupSteps})");
            }

            BaseLearningRate = baseLearningRate;
            WarmupSteps = Math.Min(warmupSteps, totalSteps);
            TotalSteps = totalSteps;
            FinalLearningRate = finalLearningRate;
        }

        public double BaseLearningRate { get; }
        public long WarmupSteps { get; }
        public long TotalSteps { get; }
        public double FinalLearningRate { get; }

        /// <summary>A schedule that always returns <paramref name="learningRate"/>.</summary>
        public static WarmupCosineSchedule Constant(double learningRate) => new(learningRate, 0, long.MaxValue, learningRate);

        /// <summary>Learning rate for the 0-based optimizer step (clamped past the end).</summary>
        public double At(long step)
        {
            if (step < WarmupSteps)
            {
                return BaseLearningRate * (step + 1) / WarmupSteps;
            }

            long decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
            double progress = Math.Min(1.0, (double)(step - WarmupSteps) / decaySteps);
            return FinalLearningRate + ((BaseLearningRate - FinalLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
        }
    }
}
