using System;

namespace SslDsl.Objectives
{
    /// <summary>
    /// BYOL's target-momentum schedule (Grill et al. 2020, §3.2 / Appendix J): <c>τ_k = end − (end − start)·(cos(πk/K) + 1)/2</c>
    /// for step k of K, rising from <c>start</c> (0.996 in BYOL) to <c>end</c> (1) along a half cosine. Steps past K
    /// (or before 0) are clamped.
    /// </summary>
    public sealed class CosineMomentumSchedule
    {
        public CosineMomentumSchedule(double start, double end, long totalSteps)
        {
            if (!(start >= 0 && start <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(start), start, "the momentum must be in [0, 1]");
            }

            if (!(end >= 0 && end <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(end), end, "the momentum must be in [0, 1]");
            }

            if (totalSteps < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "the schedule needs at least one step");
            }

            Start = start;
            End = end;
            TotalSteps = totalSteps;
        }

        public double Start { get; }
        public double End { get; }
        public long TotalSteps { get; }

        /// <summary>Momentum for the 0-based step k (clamped to [0, K]).</summary>
        public double At(long step) => At(Start, End, (double)step / TotalSteps);

        /// <summary>The momentum at <paramref name="progress"/> (clamped to [0, 1]) of the way from <paramref name="start"/> to <paramref name="end"/>.</summary>
        public static double At(double start, double end, double progress)
        {
            progress = Math.Clamp(progress, 0.0, 1.0);
            return end - ((end - start) * (Math.Cos(Math.PI * progress) + 1) / 2);
        }
    }
}
