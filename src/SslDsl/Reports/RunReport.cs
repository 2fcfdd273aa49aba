using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SslDsl.Evaluation;
using SslDsl.IO;
using SslDsl.Training;

namespace SslDsl.Reports
{
    /// <summary>
    /// Everything one run measured, to be read later or side by side with another: the experiment's configuration as its
    /// attributes wrote it, versions and machine, seed, pretraining (epochs, curves, health, notes), every evaluation
    /// (linear probes, kNN, fine-tuning), extra metrics and figures. <see cref="Write"/> puts <c>report.json</c> and
    /// <c>report.md</c> in a folder, each atomically; a trainer with a <c>ReportDirectory</c> rewrites them at the end of
    /// Fit and of each evaluation.
    /// </summary>
    public sealed class RunReport
    {
        private readonly List<(string Name, LinearProbeResult Result)> linearProbes = new();
        private readonly List<(string Name, double Top1)> knn = new();
        private readonly List<FineTuneSummary> fineTunes = new();
        private readonly List<(string Name, double Value)> metrics = new();
        private readonly List<ReportFigure> figures = new();

        public RunReport(string experiment, string? configuration, int seed, string precision, RunEnvironment environment)
        {
            Experiment = experiment;
            Configuration = configuration;
            Seed = seed;
            Precision = precision;
            Environment = environment;
        }

        public string Experiment { get; }

        /// <summary>The experiment's attributes as written in its source (from the generator), or null for a hand-written trainer.</summary>
        public string? Configuration { get; }

        public int Seed { get; }

        /// <summary>The trainer's precision when the report was made.</summary>
        public string Precision { get; set; }

        public RunEnvironment Environment { get; }

        /// <summary>The whole pretraining run so far (the last Fit's report, which includes what came before a resume).</summary>
        public PretrainReport? Pretraining { get; set; }

        /// <summary>[KnnMonitor] Target: the kNN top-1 whose time to reach the report gives, or null.</summary>
        public double? KnnTarget { get; set; }

        public IReadOnlyList<(string Name, LinearProbeResult Result)> LinearProbes => linearProbes;

        public IReadOnlyList<(string Name, double Top1)> Knn => knn;

        public IReadOnlyList<FineTuneSummary> FineTunes => fineTunes;

        /// <summary>Other numbers worth keeping (baselines, timings), by name.</summary>
        public IReadOnlyList<(string Name, double Value)> Metrics => metrics;

        public IReadOnlyList<ReportFigure> Figures => figures;

        /// <summary>Adds (or replaces by name) a linear probe's result.</summary>
        public void AddLinearProbe(string name, LinearProbeResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            Replace(linearProbes, (Name: Check(name), Result: result), p => p.Name == name);
        }

        /// <summary>Adds (or replaces by name) a kNN top-1.</summary>
        public void AddKnn(string name, double top1)
        {
            Replace(knn, (Name: Check(name), Top1: top1), k => k.Name == name);
        }

        /// <summary>Adds (or replaces by name) a fine-tuning run, with its test top-1 when measured.</summary>
        public void AddFineTune(string name, FineTuneResult result, double? testTop1 = null)
        {
            ArgumentNullException.ThrowIfNull(result);
            Replace(fineTunes, new FineTuneSummary(Check(name), result.History.ToArray(), result.BestEpoch, result.StopReason, testTop1), f => f.Name == name);
        }

        /// <summary>Adds (or replaces) a named number.</summary>
        public void SetMetric(string name, double value)
        {
            Replace(metrics, (Name: Check(name), Value: value), m => m.Name == name);
        }

        /// <summary>Adds (or replaces by file) a figure drawn elsewhere, e.g. a t-SNE map; <paramref name="file"/> is relative to the report's folder.</summary>
        public void AddFigure(string title, string file)
        {
            Replace(figures, new ReportFigure(Check(title), Check(file)), f => f.File == file);
        }

        /// <summary>Seconds of pretraining until kNN first reached <see cref="KnnTarget"/>, or null.</summary>
        public double? SecondsToKnnTarget => KnnTarget is { } target ? Pretraining?.SecondsToKnn(target) : null;

        /// <summary>
        /// Draws <paramref name="drawer"/>'s figures (if any) and writes <c>report.json</c> and <c>report.md</c> into
        /// <paramref name="directory"/> (created if need be), each to a temporary file renamed over the old one.
        /// </summary>
        public void Write(string directory, IReportFigures? drawer = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(directory);
            Directory.CreateDirectory(directory);
            if (drawer is not null)
            {
                foreach (ReportFigure figure in drawer.Draw(this, directory))
                {
                    AddFigure(figure.Title, figure.File);
                }
            }

            AtomicFile.Write(Path.Combine(directory, "report.json"), stream => RunReportJson.Write(this, stream));
            AtomicFile.Write(Path.Combine(directory, "report.md"), stream => RunReportMarkdown.Write(this, stream));
        }

        /// <summary>Adds <paramref name="item"/> in place of the entries it replaces (a later result under the same name wins).</summary>
        private static void Replace<T>(List<T> list, T item, Predicate<T> replaced)
        {
            list.RemoveAll(replaced);
            list.Add(item);
        }

        private static string Check(string text)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(text);
            return text;
        }
    }

    /// <summary>A fine-tuning run as a report keeps it: its epochs, the restored best epoch, why it stopped, and test top-1 if measured.</summary>
    public sealed record FineTuneSummary(string Name, IReadOnlyList<FineTuneEpoch> History, int BestEpoch, FineTuneStop StopReason, double? TestTop1);
}
