using System;
using SslDsl.Training.Progress;

namespace SslDsl.Tests.Training.Progress;

/// <summary>
/// Drives a monitor the way the training loop does, with made-up but exact numbers: 2 epochs of 6 steps, a window
/// every 2 steps, one second a step, loss 10/step, lr 0.001*step, 512 images/s, kNN 0.5 at the last epoch.
/// </summary>
internal static class SimulatedRun
{
    public const string Experiment = "demo";
    public const int Epochs = 2;
    public const long StepsPerEpoch = 6;
    public const long TotalSteps = Epochs * StepsPerEpoch;
    public const long LogEverySteps = 2;

    /// <summary>Runs from <paramref name="firstStep"/>; stops dead after <paramref name="killAfter"/> (no OnEnd, like a killed process) when given.</summary>
    public static void Drive(ITrainingMonitor monitor, ManualTime? time = null, long firstStep = 0, long? killAfter = null, long? pauseAfter = null)
    {
        monitor.OnStart(Experiment, Epochs, TotalSteps, firstStep);
        for (long step = firstStep + 1; step <= TotalSteps; step++)
        {
            time?.Advance(TimeSpan.FromSeconds(1));
            monitor.OnStep(step);
            var elapsed = TimeSpan.FromSeconds(step - firstStep);
            if (step % LogEverySteps == 0)
            {
                monitor.OnWindow(Snapshot(step, elapsed));
            }

            if (step % StepsPerEpoch == 0)
            {
                monitor.OnEpoch(Snapshot(step, elapsed) with { KnnTop1 = step == TotalSteps ? 0.5 : null });
            }

            if (step == killAfter || step == pauseAfter)
            {
                return;
            }
        }

        monitor.OnEnd(null);
    }

    public static TrainingSnapshot Snapshot(long step, TimeSpan elapsed) =>
        new((int)((step - 1) / StepsPerEpoch) + 1, Epochs, step, TotalSteps, 10.0 / step, 0.001 * step, 512, elapsed);
}
