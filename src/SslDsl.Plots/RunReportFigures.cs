using System.Collections.Generic;
using System.IO;
using System.Linq;
using SslDsl.Evaluation;
using SslDsl.Reports;
using SslDsl.Training;

namespace SslDsl.Plots;

/// <summary>
/// The figures of a run report, as PNGs beside it: the pretraining loss curve, kNN and online-probe top-1 per epoch,
/// RankMe over steps, and for each fine-tuning run its training and validation loss and top-1 per epoch (where
/// overfitting shows).
/// A figure is drawn only when the report has its data. Set it as a trainer's <c>ReportFigures</c>.
/// </summary>
public sealed class RunReportFigures : IReportFigures
{
    public IReadOnlyList<ReportFigure> Draw(RunReport report, string directory)
    {
        var figures = new List<ReportFigure>();
        if (report.Pretraining is { } run)
        {
            // The windowed curve, and each epoch's mean at its last step: a run shorter than one logging window
            // (a smoke run, a tight budget) still has its epoch means to show.
            var loss = new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)>();
            if (run.LossCurve.Count > 0)
            {
                loss.Add(("loss (window mean)", run.LossCurve.Select(p => (double)p.Step).ToArray(), run.LossCurve.Select(p => p.Loss).ToArray()));
            }

            if (run.Epochs.Count > 0)
            {
                loss.Add(("loss (epoch mean)", run.Epochs.Select(e => (double)e.Steps).ToArray(), run.Epochs.Select(e => e.Loss).ToArray()));
            }

            if (loss.Count > 0)
            {
                figures.Add(Save(directory, "loss.png", $"{report.Experiment}: pretraining loss", "optimizer step", "loss", loss.ToArray()));
            }

            var accuracy = new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)>();
            AddEpochSeries(accuracy, "kNN top-1 (%)", run.Epochs, e => e.KnnTop1);
            AddEpochSeries(accuracy, "online probe top-1 (%)", run.Epochs, e => e.OnlineProbeTop1);
            if (accuracy.Count > 0)
            {
                figures.Add(Save(directory, "accuracy.png", $"{report.Experiment}: monitored accuracy", "epoch", "top-1 (%)", accuracy.ToArray()));
            }

            if (run.HealthCurve is { Count: > 0 } health)
            {
                figures.Add(Save(directory, "rankme.png", $"{report.Experiment}: RankMe of the representations (of {health[0].Dimensions})", "optimizer step", "RankMe",
                    ("RankMe", health.Select(h => (double)h.Step).ToArray(), health.Select(h => h.RankMe).ToArray())));
            }
        }

        foreach (FineTuneSummary fineTune in report.FineTunes)
        {
            double[] epochs = fineTune.History.Select(e => (double)e.Epoch).ToArray();
            string file = Slug(fineTune.Name) + "-loss.png";
            figures.Add(Save(directory, file, $"{fineTune.Name}: loss per epoch (best epoch {fineTune.BestEpoch})", "epoch", "cross-entropy",
                ("train", epochs, fineTune.History.Select(e => e.TrainLoss).ToArray()),
                ("validation", epochs, fineTune.History.Select(e => e.ValidationLoss).ToArray())));
            figures.Add(Save(directory, Slug(fineTune.Name) + "-top1.png", $"{fineTune.Name}: top-1 per epoch", "epoch", "top-1 (%)",
                ("train", epochs, fineTune.History.Select(e => 100 * e.TrainTop1).ToArray()),
                ("validation", epochs, fineTune.History.Select(e => 100 * e.ValidationTop1).ToArray())));
        }

        return figures;
    }

    private static void AddEpochSeries(List<(string, IReadOnlyList<double>, IReadOnlyList<double>)> series, string name, IReadOnlyList<EpochReport> epochs, System.Func<EpochReport, double?> value)
    {
        EpochReport[] measured = epochs.Where(e => value(e) is not null).ToArray();
        if (measured.Length > 0)
        {
            series.Add((name, measured.Select(e => (double)e.Epoch).ToArray(), measured.Select(e => 100 * value(e)!.Value).ToArray()));
        }
    }

    private static ReportFigure Save(string directory, string file, string title, string xLabel, string yLabel, params (string, IReadOnlyList<double>, IReadOnlyList<double>)[] series)
    {
        ConvergencePlot.Save(Path.Combine(directory, file), title, series, xLabel, yLabel);
        return new ReportFigure(title, file);
    }

    /// <summary>A file-name-safe form of a name: letters and digits, the rest as single dashes.</summary>
    private static string Slug(string name)
    {
        var slug = new System.Text.StringBuilder();
        foreach (char c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }
}
