using System;
using System.Collections.Generic;

namespace SslDsl.Training.Progress
{
    /// <summary>Forwards every call to each monitor in order, so the loop holds one monitor however many watch.</summary>
    internal sealed class CombinedMonitor : ITrainingMonitor
    {
        private readonly ITrainingMonitor[] monitors;

        public CombinedMonitor(ITrainingMonitor[] monitors) => this.monitors = monitors;

        public void OnStart(string experiment, int totalEpochs, long totalSteps, long firstStep)
        {
            foreach (var monitor in monitors)
            {
                monitor.OnStart(experiment, totalEpochs, totalSteps, firstStep);
            }
        }

        // A for loop over the array: no enumerator, nothing allocated on the hot path.
        public void OnStep(long step)
        {
            for (int i = 0; i < monitors.Length; i++)
            {
                monitors[i].OnStep(step);
            }
        }

        public void OnWindow(TrainingSnapshot snapshot)
        {
            foreach (var monitor in monitors)
            {
                monitor.OnWindow(snapshot);
            }
        }

        public void OnEpoch(TrainingSnapshot snapshot)
        {
            foreach (var monitor in monitors)
            {
                monitor.OnEpoch(snapshot);
            }
        }

        public void OnMessage(string message)
        {
            foreach (var monitor in monitors)
            {
                monitor.OnMessage(message);
            }
        }

        public void OnEnd(string? stoppedBecause)
        {
            foreach (var monitor in monitors)
            {
                monitor.OnEnd(stoppedBecause);
            }
        }

        /// <summary>Disposes every monitor even when one throws (a metrics file must close even if the display failed).</summary>
        public void Dispose()
        {
            List<Exception>? errors = null;
            foreach (var monitor in monitors)
            {
                try
                {
                    monitor.Dispose();
                }
                catch (Exception ex)
                {
                    (errors ??= new List<Exception>()).Add(ex);
                }
            }

            if (errors is not null)
            {
                throw errors.Count == 1 ? errors[0] : new AggregateException(errors);
            }
        }
    }
}
