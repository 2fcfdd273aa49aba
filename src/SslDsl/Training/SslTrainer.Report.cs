using SslDsl.Reports;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        private RunReport? report;

        /// <summary>
        /// What this trainer's run measured so far: Fit's report and every evaluation called on the trainer (linear probes,
        /// kNN, fine-tuning); add baselines and figures with its methods. Written to <see cref="ReportDirectory"/>.
        /// </summary>
        public RunReport Report => report ??= new RunReport(
            Settings.Experiment,
            Settings.Configuration,
            Seed,
            Precision.ToString(),
            RunEnvironment.Current(Device.ToString()))
        {
            KnnTarget = Settings.Knn.Target,
        };

        /// <summary>
        /// Where <c>report.json</c> and <c>report.md</c> are rewritten (atomically) at the end of every Fit and evaluation;
        /// null (the default) for nowhere.
        /// </summary>
        public string? ReportDirectory { get; set; }

        /// <summary>Draws the report's figures (e.g. <c>new SslDsl.Plots.RunReportFigures()</c>) each time it is written; null for none.</summary>
        public IReportFigures? ReportFigures { get; set; }

        /// <summary>Writes the report to <see cref="ReportDirectory"/> now (a no-op without one, and on ranks other than 0).</summary>
        public void WriteReport()
        {
            if (ReportDirectory is { } directory && IsLeadRank)
            {
                Report.Precision = Precision.ToString();
                Report.Write(directory, ReportFigures);
            }
        }
    }
}
