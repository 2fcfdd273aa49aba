namespace SslDsl.Training.Progress
{
    /// <summary>Watches nothing: for runs whose caller wants no output at all.</summary>
    internal sealed class NoMonitor : ITrainingMonitor
    {
        public static readonly NoMonitor Instance = new();

        private NoMonitor()
        {
        }

        public void OnStart(string experiment, int totalEpochs, long totalSteps, long firstStep)
        {
        }

        public void OnStep(long step)
        {
        }

        public void OnWindow(TrainingSnapshot snapshot)
        {
        }

        public void OnEpoch(TrainingSnapshot snapshot)
        {
        }

        public void OnMessage(string message)
        {
        }

        public void OnEnd(string? stoppedBecause)
        {
        }

        public void Dispose()
        {
        }
    }
}
