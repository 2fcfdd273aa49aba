using System.Collections.Generic;
using SslDsl.Evaluation.Health;

namespace SslDsl.Training
{
    /// <summary>
    /// What one pretraining epoch did (loss read once per epoch, not per step): the run's optimizer steps and training
    /// seconds at its end, the learning rate, training throughput (samples per second, evaluation excluded), and what
    /// was measured at its end: kNN top-1, the online probe's held-out top-1, label-free health.
    /// </summary>
    public sealed record EpochReport(
        int Epoch,
        long Steps,
        double Loss,
        double LearningRate,
        double Seconds,
        double? KnnTop1 = null,
        double? SamplesPerSecond = null,
        EmbeddingHealth? Health = null,
        double? OnlineProbeTop1 = null);

    /// <summary>Mean training loss over a window of steps ending at <paramref name="Step"/> (optimizer step count).</summary>
    public sealed record LossPoint(long Step, double Loss);

    /// <summary>
    /// The outcome of <c>Fit</c>: per-epoch reports, the loss curve (one point per <c>[Training] LogEverySteps</c>
    /// batches, one host read each) and the health curve of the whole run (a resumed run's report includes what came
    /// before the checkpoint), total optimizer steps and training time, whether it stopped early, and notes (resumed
    /// from, skipped checkpoints, warnings such as a collapse). <c>Seconds</c> is training time; the monitors'
    /// evaluations (kNN, the online probe's held-out top-1, health) took <c>MonitorSeconds</c> more wall time, which a
    /// time budget does not count.
    /// </summary>
    public sealed record PretrainReport(
        IReadOnlyList<EpochReport> Epochs,
        IReadOnlyList<LossPoint> LossCurve,
        long Steps,
        double Seconds,
        string? StoppedBecause,
        IReadOnlyList<string>? Notes = null,
        IReadOnlyList<EmbeddingHealth>? HealthCurve = null,
        double MonitorSeconds = 0)
    {
        /// <summary>
        /// Training seconds until the kNN monitor first reached <paramref name="top1"/> (0..1) at an epoch end, or null
        /// if it never did: how two pretraining setups compare by convergence speed.
        /// </summary>
        public double? SecondsToKnn(double top1)
        {
            foreach (EpochReport epoch in Epochs)
            {
                if (epoch.KnnTop1 >= top1)
                {
                    return epoch.Seconds;
                }
            }

            return null;
        }
    }
}
