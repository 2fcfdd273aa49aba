using System;

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// Adapts the caller's <see cref="IProgress{EpochReport}"/> to a monitor, so the loop has one path for both: each
    /// epoch end becomes an <see cref="EpochReport"/>; nothing else is shown (the caller chose its own output).
    /// </summary>
    public sealed class ProgressMonitor : TrainingMonitor
    {
        private readonly IProgress<EpochReport> progress;

        public ProgressMonitor(IProgress<EpochReport> progress) =>
            this.progress = progress ?? throw new ArgumentNullException(nameof(progress));

        public override void OnEpoch(TrainingSnapshot snapshot) =>
            progress.Report(new EpochReport(snapshot.Epoch, snapshot.Step, snapshot.Loss, snapshot.LearningRate, snapshot.Elapsed.TotalSeconds, snapshot.KnnTop1, snapshot.SamplesPerSecond, snapshot.Health, snapshot.OnlineProbeTop1));
    }
}
