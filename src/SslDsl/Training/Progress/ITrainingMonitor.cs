using System;

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// Watches a training run. The loop calls it from its own thread, in order: <see cref="OnStart"/>, then
    /// <see cref="OnStep"/> after each optimizer step with <see cref="OnWindow"/>, <see cref="OnEpoch"/> and
    /// <see cref="OnMessage"/> in between, then <see cref="OnEnd"/>, then <see cref="IDisposable.Dispose"/>.
    /// </summary>
    public interface ITrainingMonitor : IDisposable
    {
        /// <param name="experiment">The experiment's name, as checkpoints record it.</param>
        /// <param name="totalEpochs">Epochs planned.</param>
        /// <param name="totalSteps">Optimizer steps planned.</param>
        /// <param name="firstStep">Steps already taken when the run starts: greater than 0 when resuming from a checkpoint.</param>
        void OnStart(string experiment, int totalEpochs, long totalSteps, long firstStep);

        /// <summary>After every optimizer step: must stay cheap and must not allocate (it is on the hot path).</summary>
        void OnStep(long step);

        /// <summary>Every <c>LogEverySteps</c> optimizer steps, with the window's mean loss.</summary>
        void OnWindow(TrainingSnapshot snapshot);

        /// <summary>At each epoch end, with the epoch's mean loss and <see cref="TrainingSnapshot.KnnTop1"/> when measured.</summary>
        void OnEpoch(TrainingSnapshot snapshot);

        /// <summary>A warning or note for the user (say, where a run resumed from), shown without breaking a live display.</summary>
        void OnMessage(string message);

        /// <param name="stoppedBecause">Why the run stopped early ("cancelled", "time budget reached"), or null when it ran to the end.</param>
        void OnEnd(string? stoppedBecause);
    }
}
