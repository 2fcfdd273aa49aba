namespace SslDsl.Training.Progress
{
    /// <summary>Watches nothing: for runs whose caller wants no output at all.</summary>
    internal sealed class NoMonitor : TrainingMonitor
    {
        public static readonly NoMonitor Instance = new();

        private NoMonitor()
        {
        }
    }
}
