using System;
using System.Globalization;

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// How numbers read on the live bar and in plain lines: invariant culture (a log must not change with the machine's
    /// locale) and fixed shapes, so that lines stay aligned and easy to grep.
    /// </summary>
    internal static class ProgressFormat
    {
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        /// <summary>Four decimals (3.1416); very small losses in exponent form so they do not read as 0.0000.</summary>
        public static string Loss(double loss)
        {
            if (!double.IsFinite(loss))
            {
                return NonFinite(loss);
            }

            double magnitude = Math.Abs(loss);
            return magnitude == 0 || magnitude >= 1e-3
                ? loss.ToString("0.0000", Invariant)
                : loss.ToString("0.000e+00", Invariant);
        }

        /// <summary>Learning rates span decades, so always exponent form: 1.00e-03.</summary>
        public static string LearningRate(double rate) =>
            double.IsFinite(rate) ? rate.ToString("0.00e+00", Invariant) : NonFinite(rate);

        /// <summary>Whole images per second once there are many, one decimal while there are few.</summary>
        public static string Rate(double perSecond) =>
            !double.IsFinite(perSecond) || perSecond < 0 ? "-"
            : perSecond >= 100 ? perSecond.ToString("0", Invariant)
            : perSecond.ToString("0.0", Invariant);

        /// <summary>kNN top-1 (0..1) as a percentage with one decimal: 71.2%.</summary>
        public static string Accuracy(double top1) =>
            double.IsFinite(top1) ? (top1 * 100).ToString("0.0", Invariant) + "%" : NonFinite(top1);

        /// <summary>hh:mm:ss, with hours past 99 kept whole; "--:--:--" while unknown.</summary>
        public static string Duration(TimeSpan? duration)
        {
            if (duration is not { } d || d < TimeSpan.Zero)
            {
                return "--:--:--";
            }

            long hours = (long)d.TotalHours;
            return hours.ToString("00", Invariant) + ":" + d.Minutes.ToString("00", Invariant) + ":" + d.Seconds.ToString("00", Invariant);
        }

        /// <summary>
        /// Time left at the rate since the run (or the resume) started: the steps this process took over the time it
        /// took them. Null until a step has been taken, or when the time is unmeasurably long.
        /// </summary>
        public static TimeSpan? Eta(long stepsDone, TimeSpan elapsed, long stepsLeft)
        {
            if (stepsDone <= 0 || elapsed <= TimeSpan.Zero)
            {
                return null;
            }

            double seconds = elapsed.TotalSeconds / stepsDone * Math.Max(0, stepsLeft);
            return seconds < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(Math.Round(seconds)) : null;
        }

        private static string NonFinite(double value) =>
            double.IsNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";
    }
}
