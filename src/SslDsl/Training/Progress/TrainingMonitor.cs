namespace SslDsl.Training.Progress
{
    /// <summary>
    /// A monitor that ignores every call until overridden: derive from it to watch only what matters to you (say,
    /// <see cref="OnEpoch"/>) without writing the rest as empty methods.
    /// </summary>
    public abstract class TrainingMonitor : ITrainingMonitor
    {
        public virtual void OnStart(string experiment, int totalEpochs, long totalSteps, long firstStep)
        {
        }

        public virtual void OnStep(long step)
        {
        }

        public virtual void OnWindow(TrainingSnapshot snapshot)
        {
        }

        public virtual void OnEpoch(TrainingSnapshot snapshot)
        {
        }

        public virtual void OnMessage(string message)
        {
        }

        public virtual void OnEnd(string? stoppedBecause)
        {
        }

        public virtual void Dispose()
        {
        }
    }
}
