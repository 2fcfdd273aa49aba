using System;
using System.IO;

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// One line per window and per epoch, for logs and CI where a redrawn bar would be noise. Each line is flushed, so
    /// <c>tail -f</c> on a redirected run shows it as it happens.
    /// </summary>
    internal sealed class PlainLineMonitor : ITrainingMonitor
    {
        private readonly TextWriter output;
        private readonly RunProgress run;

        public PlainLineMonitor(TextWriter output, TimeProvider time)
        {
            this.output = output;
            run = new RunProgress(time);
        }

        public void OnStart(string experiment, int totalEpochs, long totalSteps, long firstStep)
        {
            run.Start(experiment, totalEpochs, totalSteps, firstStep);
            Write(ProgressLines.Start(experiment, totalEpochs, totalSteps, firstStep));
        }

        public void OnStep(long step) => run.Advance(step);

        public void OnWindow(TrainingSnapshot snapshot)
        {
            run.Observe(snapshot);
            Write(ProgressLines.Window(snapshot, run.FirstStep));
        }

        public void OnEpoch(TrainingSnapshot snapshot)
        {
            run.Observe(snapshot);
            Write(ProgressLines.Epoch(snapshot, run.FirstStep));
        }

        public void OnMessage(string message) => Write(message);

        public void OnEnd(string? stoppedBecause) => Write(ProgressLines.End(run, stoppedBecause));

        /// <summary>The writer belongs to the caller (usually <see cref="Console.Out"/>): flushed, not closed.</summary>
        public void Dispose() => output.Flush();

        private void Write(string line)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
