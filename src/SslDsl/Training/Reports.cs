using System.Collections.Generic;

namespace SslDsl.Training
{
    /// <summary>What one pretraining epoch did (loss read once per epoch, not per step).</summary>
    public sealed record EpochReport(int Epoch, long Steps, double Loss, double LearningRate, double Seconds, double? KnnTop1 = null);

    /// <summary>The outcome of <c>Fit</c>: per-epoch reports, total steps and time, and whether it stopped early.</summary>
    public sealed record PretrainReport(IReadOnlyList<EpochReport> Epochs, long Steps, double Seconds, string? StoppedBecause);
}
