using System.Collections.Generic;

namespace SslDsl.Training
{
    /// <summary>What one pretraining epoch did (loss read once per epoch, not per step).</summary>
    public sealed record EpochReport(int Epoch, long Steps, double Loss, double LearningRate, double Seconds, double? KnnTop1 = null);

    /// <summary>Mean training loss over a window of steps ending at <paramref name="Step"/> (optimizer step count).</summary>
    public sealed record LossPoint(long Step, double Loss);

    /// <summary>
    /// The outcome of <c>Fit</c>: per-epoch reports, the loss curve (one point per <c>[Training] LogEverySteps</c>
    /// batches, one host read each) of the whole run (a resumed run's report includes what came before the checkpoint),
    /// total optimizer steps and training time, whether it stopped early, and notes (resumed from, skipped checkpoints).
    /// </summary>
    public sealed record PretrainReport(IReadOnlyList<EpochReport> Epochs, IReadOnlyList<LossPoint> LossCurve, long Steps, double Seconds, string? StoppedBecause, IReadOnlyList<string>? Notes = null);
}
