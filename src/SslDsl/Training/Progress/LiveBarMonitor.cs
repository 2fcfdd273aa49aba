using System;
using System.Collections.Concurrent;
using System.Threading;
using Spectre.Console;
using SpectreProgress = Spectre.Console.Progress; // this namespace is also named Progress

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// A Spectre.Console progress bar redrawn by its own thread at most <see cref="RefreshesPerSecond"/> times a second,
    /// so the training loop only writes a counter per step. Spectre's console is not thread-safe, so every use of it
    /// holds one lock, which the render thread lets go only while it waits for the next redraw; messages wait in a
    /// queue and are printed above the bar, which keeps redrawing below. A display failure (an odd terminal) ends the
    /// display, never the training. One run per monitor.
    /// </summary>
    internal sealed class LiveBarMonitor : ITrainingMonitor
    {
        public const int RefreshesPerSecond = 10;

        private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1.0 / RefreshesPerSecond);

        // Long enough for a last redraw; short enough that a stuck terminal cannot hold up the end of training.
        private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

        // The cells other than the bar take up to about 88 columns ("epoch 10/10", "100%", "step 1234/5678", the measures, "eta 12:34:56").
        private const int TextWidth = 88;
        private const int FullBarWidth = 40;
        private const int MinBarWidth = 10;

        private readonly IAnsiConsole console;
        private readonly TimeProvider time;
        private readonly RunProgress run;
        private readonly ConcurrentQueue<string> lines = new();
        private readonly object gate = new(); // held while the console is in use
        private Thread? renderer;
        private volatile bool stopRequested;

        public LiveBarMonitor(IAnsiConsole console, TimeProvider time)
        {
            this.console = console;
            this.time = time;
            run = new RunProgress(time);
        }

        /// <summary>What ended the display early, if anything did (the bar is gone; training went on).</summary>
        public Exception? DisplayFailure { get; private set; }

        public void OnStart(string experiment, int totalEpochs, long totalSteps, long firstStep)
        {
            run.Start(experiment, totalEpochs, totalSteps, firstStep);
            lines.Enqueue(ProgressLines.Start(experiment, totalEpochs, totalSteps, firstStep));
            if (renderer is null)
            {
                renderer = new Thread(Render) { IsBackground = true, Name = "SslDsl progress" };
                renderer.Start();
            }
        }

        public void OnStep(long step) => run.Advance(step);

        public void OnWindow(TrainingSnapshot snapshot) => run.Observe(snapshot);

        public void OnEpoch(TrainingSnapshot snapshot)
        {
            run.Observe(snapshot);
            // Epoch ends stay on screen above the bar: the run's history at a glance.
            Print(ProgressLines.Epoch(snapshot, run.FirstStep));
        }

        public void OnMessage(string message) => Print(message);

        public void OnEnd(string? stoppedBecause)
        {
            StopRendering();
            WriteLine(ProgressLines.End(run, stoppedBecause));
        }

        public void Dispose() => StopRendering();

        /// <summary>Reads the console's state between redraws (a test's view of the screen).</summary>
        internal T ReadConsole<T>(Func<T> read)
        {
            lock (gate)
            {
                return read();
            }
        }

        /// <summary>The bar's cells, left to right after the bar itself; read on the render thread.</summary>
        internal string StepsText() => $"step {run.Step}/{run.TotalSteps}";

        // Once the last step is taken, how long it took says more than an ETA of zero.
        internal string EtaText() =>
            run.Step >= run.TotalSteps ? "took " + ProgressFormat.Duration(run.Elapsed) : "eta " + ProgressFormat.Duration(run.Eta);

        /// <summary>
        /// The bar's columns for a terminal <paramref name="width"/> wide. Spectre folds cells that do not fit over
        /// several rows, so a narrow terminal gets a shorter bar, and a very narrow one a single cropped line of text.
        /// </summary>
        private ProgressColumn[] Columns(int width)
        {
            int barWidth = Math.Min(FullBarWidth, width - TextWidth);
            if (barWidth < MinBarWidth)
            {
                return new ProgressColumn[] { new TextColumn(() => $"{ProgressLines.EpochOf(run.Epoch, run.TotalEpochs)} {StepsText()} {EtaText()} {ProgressLines.Measures(run.Last)}", cropToConsole: true) };
            }

            return new ProgressColumn[]
            {
                new TextColumn(() => ProgressLines.EpochOf(run.Epoch, run.TotalEpochs)),
                new ProgressBarColumn { Width = barWidth },
                new PercentageColumn(),
                new TextColumn(StepsText),
                new TextColumn(() => ProgressLines.Measures(run.Last)),
                new TextColumn(EtaText),
            };
        }

        private void Print(string line)
        {
            if (renderer is { IsAlive: true })
            {
                lines.Enqueue(line);
            }
            else
            {
                WriteLine(line);
            }
        }

        private void StopRendering()
        {
            if (renderer is null || stopRequested)
            {
                return;
            }

            lock (gate)
            {
                stopRequested = true;
                Monitor.PulseAll(gate); // wake the render thread for its last redraw now, not at its next tick
            }

            renderer.Join(StopTimeout);
            Drain(); // anything queued after the thread's last look
        }

        private void Render()
        {
            lock (gate)
            {
                RenderLocked();
            }
        }

        private void RenderLocked()
        {
            try
            {
                var progress = new SpectreProgress(console, time)
                {
                    AutoClear = false, // the last state stays on screen after the run
                    AutoRefresh = false, // this thread refreshes, at its own bounded rate
                    HideCompleted = false,
                };
                progress.Columns(Columns(console.Profile.Width));
                progress.Start(context =>
                {
                    var task = context.AddTask("training", autoStart: true, maxValue: Math.Max(1, run.TotalSteps));
                    void Redraw()
                    {
                        Drain();
                        task.MaxValue = Math.Max(1, run.TotalSteps); // a time budget may shorten the run
                        task.Value = run.Step;
                        context.Refresh();
                    }

                    Redraw();
                    while (!stopRequested)
                    {
                        Monitor.Wait(gate, RefreshInterval); // lets the console go until the next tick or a stop
                        Redraw(); // after a stop: the final state, which stays on screen
                    }
                });
            }
            catch (Exception ex)
            {
                DisplayFailure = ex;
            }
        }

        private void Drain()
        {
            while (lines.TryDequeue(out string? line))
            {
                WriteLine(line);
            }
        }

        private void WriteLine(string line)
        {
            lock (gate)
            {
                WriteLineLocked(line);
            }
        }

        private void WriteLineLocked(string line)
        {
            try
            {
                // Row by row, each padded to the width: a printed line lands where the bar was drawn, and a row
                // folded by the terminal would leave the rest of the old bar showing beside it.
                foreach (string row in ConsoleRows.Of(line, console.Profile.Width - 1))
                {
                    console.WriteLine(row); // plain text: a path with [brackets] is not markup
                }
            }
            catch (Exception ex)
            {
                DisplayFailure ??= ex;
            }
        }
    }
}
