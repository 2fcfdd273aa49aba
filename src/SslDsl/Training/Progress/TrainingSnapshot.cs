using System;

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// What the training loop knows at the end of a window (<c>LogEverySteps</c> optimizer steps) or an epoch. The loop
    /// passes values it has already read from the device, so a monitor never adds a host sync.
    /// </summary>
    /// <param name="Epoch">The epoch in progress (1-based); at an epoch end, the epoch that ended.</param>
    /// <param name="TotalEpochs">Epochs planned now (a time budget may lower it during the run).</param>
    /// <param name="Step">Optimizer steps taken so far, counting those before a resume.</param>
    /// <param name="TotalSteps">Optimizer steps planned now.</param>
    /// <param name="Loss">Mean loss over the window or the epoch (NaN when it diverged).</param>
    /// <param name="LearningRate">Learning rate at <paramref name="Step"/>.</param>
    /// <param name="SamplesPerSecond">Training samples (images) per second over the window or epoch.</param>
    /// <param name="Elapsed">Wall time since <see cref="ITrainingMonitor.OnStart"/> in this process; a resumed run starts again at zero, so rates and ETAs measure this process only.</param>
    /// <param name="KnnTop1">kNN top-1 accuracy (0..1) when it was measured at this epoch end.</param>
    /// <param name="Health">Label-free health when it was measured at this epoch end.</param>
    /// <param name="OnlineProbeTop1">The online probe's held-out top-1 (0..1) at this epoch end, with [OnlineProbe] and labels.</param>
    public sealed record TrainingSnapshot(
        int Epoch,
        int TotalEpochs,
        long Step,
        long TotalSteps,
        double Loss,
        double LearningRate,
        double SamplesPerSecond,
        TimeSpan Elapsed,
        double? KnnTop1 = null,
        SslDsl.Evaluation.Health.EmbeddingHealth? Health = null,
        double? OnlineProbeTop1 = null);
}
