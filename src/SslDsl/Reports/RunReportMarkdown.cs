using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SslDsl.Evaluation;
using SslDsl.Training;

namespace SslDsl.Reports
{
    /// <summary><c>report.md</c>: the report for people — what ran where, tables of what it measured, and the figures.</summary>
    internal static class RunReportMarkdown
    {
        public static void Write(RunReport report, Stream stream)
        {
            var md = new StringBuilder();
            md.Append("# ").Append(report.Experiment).Append("\n\n");
            RunEnvironment e = report.Environment;
            md.Append(Invariant($"Seed {report.Seed}, precision {report.Precision}, on {e.Device} ({e.Cpu}, {e.LogicalCores} logical cores), {e.OperatingSystem}, {e.Runtime}, SslDsl {e.SslDslVersion}, TorchSharp {e.TorchSharpVersion}.\n\n"));
            if (report.Configuration is { } configuration)
            {
                md.Append("```csharp\n").Append(configuration.TrimEnd()).Append("\n```\n\n");
            }

            if (report.Pretraining is { } run)
            {
                md.Append("## Pretraining\n\n");
                md.Append(Invariant($"{run.Steps} optimizer steps, {run.Seconds:0} s of training"));
                md.Append(run.StoppedBecause is { } why ? $", stopped: {why}" : "").Append(".");
                if (report.KnnTarget is { } target)
                {
                    md.Append(report.SecondsToKnnTarget is { } seconds
                        ? Invariant($" kNN reached {Percent(target)} after {seconds:0} s.")
                        : Invariant($" kNN did not reach {Percent(target)}."));
                }

                md.Append("\n\n| epoch | loss | lr | samples/s | kNN top-1 | online probe | RankMe | seconds |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
                foreach (EpochReport epoch in run.Epochs)
                {
                    md.Append(Invariant($"| {epoch.Epoch} | {epoch.Loss:0.0000} | {epoch.LearningRate:0.00e+00} | {Optional(epoch.SamplesPerSecond, "0")} | {Percent(epoch.KnnTop1)} | {Percent(epoch.OnlineProbeTop1)} | {Optional(epoch.Health?.RankMe, "0.0")} | {epoch.Seconds:0} |\n"));
                }

                foreach (string note in run.Notes ?? System.Array.Empty<string>())
                {
                    md.Append("\n- ").Append(note);
                }

                md.Append("\n\n");
            }

            if (report.LinearProbes.Count > 0 || report.Knn.Count > 0)
            {
                md.Append("## Evaluation\n\n| protocol | top-1 | top-5 | train top-1 | train samples | test samples | weight decay |\n|---|---:|---:|---:|---:|---:|---:|\n");
                foreach ((string name, LinearProbeResult result) in report.LinearProbes)
                {
                    string decay = Invariant($"{result.WeightDecay:0.##e+00}") + (result.Sweep is null ? "" : " (swept)");
                    md.Append(Invariant($"| {name} | {Percent(result.Top1)} | {Percent(result.Top5)} | {Percent(result.TrainTop1)} | {result.TrainSamples} | {result.TestSamples} | {decay} |\n"));
                }

                foreach ((string name, double top1) in report.Knn)
                {
                    md.Append(Invariant($"| {name} | {Percent(top1)} | | | | | |\n"));
                }

                md.Append('\n');
            }

            foreach (FineTuneSummary fineTune in report.FineTunes)
            {
                md.Append("## ").Append(fineTune.Name).Append("\n\n");
                md.Append(Invariant($"Best epoch {fineTune.BestEpoch} (weights restored), {StopText(fineTune.StopReason)}"));
                md.Append(fineTune.TestTop1 is { } test ? Invariant($", test top-1 {Percent(test)}.") : ".").Append("\n\n");
                md.Append("| epoch | train loss | train top-1 | validation loss | validation top-1 | head lr | backbone lr |\n|---:|---:|---:|---:|---:|---:|---:|\n");
                foreach (FineTuneEpoch epoch in fineTune.History)
                {
                    md.Append(Invariant($"| {epoch.Epoch} | {epoch.TrainLoss:0.0000} | {Percent(epoch.TrainTop1)} | {epoch.ValidationLoss:0.0000} | {Percent(epoch.ValidationTop1)} | {epoch.HeadLearningRate:0.00e+00} | {epoch.BackboneLearningRate:0.00e+00} |\n"));
                }

                md.Append('\n');
            }

            if (report.Metrics.Count > 0)
            {
                md.Append("## Metrics\n\n| name | value |\n|---|---:|\n");
                foreach ((string name, double value) in report.Metrics)
                {
                    md.Append(Invariant($"| {name} | {value:0.####} |\n"));
                }

                md.Append('\n');
            }

            foreach (ReportFigure figure in report.Figures)
            {
                md.Append("## ").Append(figure.Title).Append("\n\n![").Append(figure.Title).Append("](").Append(figure.File).Append(")\n\n");
            }

            byte[] bytes = new UTF8Encoding(false).GetBytes(md.ToString());
            stream.Write(bytes);
        }

        private static string StopText(FineTuneStop stop) => stop switch
        {
            FineTuneStop.EarlyStopping => "stopped early",
            FineTuneStop.AllEpochs => "all epochs ran",
            _ => "stopped on a non-finite loss",
        };

        private static string Percent(double? top1) => top1 is { } v ? Invariant($"{100 * v:0.00} %") : "";

        private static string Optional(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
