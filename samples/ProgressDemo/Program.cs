using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using SslDsl.Training.Progress;

// Drives the monitors as the training loop does, with a made-up decaying loss, so the bar and the log can be looked
// at without training anything:
//   dotnet run --project samples/ProgressDemo                 # live bar on a terminal
//   dotnet run --project samples/ProgressDemo > run.log       # plain lines
//   dotnet run --project samples/ProgressDemo -- --resume 50  # as if resumed from a checkpoint at step 50
// The metrics file goes to samples/output/progress-demo.jsonl.
const int Epochs = 3;
const int StepsPerEpoch = 40;
const int LogEverySteps = 10;
const int BatchSize = 256;
const long TotalSteps = Epochs * StepsPerEpoch;
var stepTime = TimeSpan.FromMilliseconds(60);

long firstStep = args.Length == 2 && args[0] == "--resume" ? long.Parse(args[1]) : 0;
string metricsPath = Path.Combine("samples", "output", "progress-demo.jsonl");

using var monitor = TrainingMonitors.Combine(TrainingMonitors.Console(), new MetricsFile(metricsPath));
monitor.OnStart("simclr-demo", Epochs, TotalSteps, firstStep);
if (firstStep > 0)
{
    monitor.OnMessage($"resumed from checkpoints/simclr-demo.ckpt at epoch {firstStep / StepsPerEpoch + 1}, step {firstStep}");
}

var clock = Stopwatch.StartNew();
var window = Stopwatch.StartNew();
for (long step = firstStep + 1; step <= TotalSteps; step++)
{
    Thread.Sleep(stepTime);
    monitor.OnStep(step);
    int epoch = (int)((step - 1) / StepsPerEpoch) + 1;
    double loss = 6.0 * Math.Exp(-step / 60.0) + 0.8;
    double lr = 1e-3 * (0.5 + 0.5 * Math.Cos(Math.PI * step / TotalSteps));
    if (step % LogEverySteps == 0)
    {
        double perSecond = LogEverySteps * BatchSize / window.Elapsed.TotalSeconds;
        window.Restart();
        monitor.OnWindow(new TrainingSnapshot(epoch, Epochs, step, TotalSteps, loss, lr, perSecond, clock.Elapsed));
    }

    if (step % StepsPerEpoch == 0)
    {
        double perSecond = (step - firstStep) * BatchSize / clock.Elapsed.TotalSeconds;
        double? knn = epoch == Epochs ? 0.712 : null;
        monitor.OnEpoch(new TrainingSnapshot(epoch, Epochs, step, TotalSteps, loss, lr, perSecond, clock.Elapsed, knn));
    }
}

monitor.OnEnd(null);
Console.WriteLine($"metrics: {Path.GetFullPath(metricsPath)}");
