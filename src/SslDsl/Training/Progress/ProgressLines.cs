using System;
using System.Text;

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// The lines a console monitor prints: every window and epoch in plain output, and the lasting ones (start, epoch
    /// ends, end) above the live bar. One wording for both, so a log and a terminal read alike.
    /// </summary>
    internal static class ProgressLines
    {
        public static string Start(string experiment, int totalEpochs, long totalSteps, long firstStep) =>
            $"training {experiment}: {totalEpochs} epochs, {totalSteps} steps" + (firstStep > 0 ? $", resuming at step {firstStep}" : "");

        /// <example>epoch 2/4 step 120/480 loss 3.1416 lr 1.00e-03 512 samples/s eta 00:03:12</example>
        public static string Window(TrainingSnapshot s, long firstStep) =>
            Common(s, "").Append(" eta ").Append(ProgressFormat.Duration(Eta(s, firstStep))).ToString();

        /// <example>epoch 2/4 done step 240/480 loss 3.1416 lr 1.00e-03 512 samples/s knn 71.2% probe 70.4% rankme 41.3 elapsed 00:01:02 eta 00:01:02</example>
        public static string Epoch(TrainingSnapshot s, long firstStep)
        {
            var line = Common(s, " done");
            if (s.KnnTop1 is { } knn)
            {
                line.Append(" knn ").Append(ProgressFormat.Accuracy(knn));
            }

            if (s.OnlineProbeTop1 is { } probe)
            {
                line.Append(" probe ").Append(ProgressFormat.Accuracy(probe));
            }

            if (s.Health is { } health)
            {
                line.Append(" rankme ").Append(health.RankMe.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
            }

            return line.Append(" elapsed ").Append(ProgressFormat.Duration(s.Elapsed))
                .Append(" eta ").Append(ProgressFormat.Duration(Eta(s, firstStep))).ToString();
        }

        public static string End(RunProgress run, string? stoppedBecause)
        {
            string where = $"at step {run.Step}/{run.TotalSteps} after {ProgressFormat.Duration(run.Elapsed)}";
            return stoppedBecause is null
                ? $"finished {run.Experiment} {where}"
                : $"stopped {run.Experiment} ({stoppedBecause}) {where}";
        }

        /// <summary>"epoch 2/4": the bar's first column and the start of every line.</summary>
        public static string EpochOf(int epoch, int totalEpochs) => $"epoch {epoch}/{totalEpochs}";

        /// <summary>"loss 3.1416 lr 1.00e-03 512 samples/s": what the bar shows after the step count.</summary>
        public static string Measures(TrainingSnapshot? s) =>
            s is null
                ? "loss ------ lr -------- --- samples/s" // until the first window: the same shape, so the bar does not jump
                : $"loss {ProgressFormat.Loss(s.Loss)} lr {ProgressFormat.LearningRate(s.LearningRate)} {ProgressFormat.Rate(s.SamplesPerSecond)} samples/s";

        private static StringBuilder Common(TrainingSnapshot s, string afterEpoch) =>
            new StringBuilder(EpochOf(s.Epoch, s.TotalEpochs)).Append(afterEpoch)
                .Append(" step ").Append(s.Step).Append('/').Append(s.TotalSteps)
                .Append(' ').Append(Measures(s));

        private static TimeSpan? Eta(TrainingSnapshot s, long firstStep) =>
            ProgressFormat.Eta(s.Step - firstStep, s.Elapsed, s.TotalSteps - s.Step);
    }
}
