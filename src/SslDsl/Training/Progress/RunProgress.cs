using System;
using System.Threading;

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// What a console monitor knows of the run so far. The loop's thread writes it; a render thread may read it, so the
    /// step is written with <see cref="Interlocked"/> and the rest through immutable snapshots (one reference write).
    /// </summary>
    internal sealed class RunProgress
    {
        private readonly TimeProvider time;
        private long step;
        private long startTimestamp;
        private volatile Totals totals = new(1, 0);
        private volatile TrainingSnapshot? last;

        public RunProgress(TimeProvider time) => this.time = time;

        public string Experiment { get; private set; } = "";

        public long FirstStep { get; private set; }

        public long Step => Interlocked.Read(ref step);

        public int TotalEpochs => totals.Epochs;

        public long TotalSteps => totals.Steps;

        /// <summary>The latest window or epoch snapshot, or null before the first.</summary>
        public TrainingSnapshot? Last => last;

        public TimeSpan Elapsed => time.GetElapsedTime(Interlocked.Read(ref startTimestamp));

        /// <summary>
        /// The epoch the current step belongs to. Derived from the step (every epoch has the same number of steps), so the
        /// bar moves on to the next epoch as soon as its first step is taken, without waiting for a snapshot.
        /// </summary>
        public int Epoch
        {
            get
            {
                var t = totals;
                long perEpoch = Math.Max(1, t.Steps / Math.Max(1, t.Epochs));
                return (int)Math.Clamp(Step / perEpoch + 1, 1, Math.Max(1, t.Epochs));
            }
        }

        /// <summary>Time left at this process's rate so far; null before its first step.</summary>
        public TimeSpan? Eta
        {
            get
            {
                long now = Step;
                return ProgressFormat.Eta(now - FirstStep, Elapsed, TotalSteps - now);
            }
        }

        public void Start(string experiment, int totalEpochs, long totalSteps, long firstStep)
        {
            Experiment = experiment;
            FirstStep = firstStep;
            totals = new Totals(totalEpochs, totalSteps);
            Interlocked.Exchange(ref step, firstStep);
            Interlocked.Exchange(ref startTimestamp, time.GetTimestamp());
        }

        /// <summary>Hot path: one interlocked write, no allocation.</summary>
        public void Advance(long stepNow) => Interlocked.Exchange(ref step, stepNow);

        /// <summary>A snapshot also carries the plan as it stands now (a time budget may shorten it).</summary>
        public void Observe(TrainingSnapshot snapshot)
        {
            Interlocked.Exchange(ref step, snapshot.Step);
            if (snapshot.TotalEpochs != totals.Epochs || snapshot.TotalSteps != totals.Steps)
            {
                totals = new Totals(snapshot.TotalEpochs, snapshot.TotalSteps);
            }

            last = snapshot;
        }

        /// <summary>Epochs and steps planned, replaced together so a reader never sees one without the other.</summary>
        private sealed record Totals(int Epochs, long Steps);
    }
}
