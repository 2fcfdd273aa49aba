using System.Globalization;
using System.Text;
using SensorMotesSample;

namespace EcgSample;

/// <summary>The measured tables as Markdown (printed, written beside the reports, pasted into the README) and as report metrics.</summary>
internal static class ResultTables
{
    public static string Markdown(EcgData data, IReadOnlyList<ForecastRow> forecast, IReadOnlyList<ReconstructionRow> reconstruction)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Forecasting the next {EcgWindow.Horizon} samples ({Math.Round(EcgWindow.Horizon * 1000.0 / SslDsl.Data.Electrocardiogram.SampleRate)} ms) from {EcgWindow.Context} on the last {data.TestSamples:N0} samples: MAE (RMSE), mV"));
        text.AppendLine();
        text.AppendLine("| method | windows | MAE, mV | RMSE, mV |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (ForecastRow r in forecast)
        {
            text.AppendLine(Invariant($"| {r.Method} | {r.Windows} | {r.Mae:0.0000} | {r.Rmse:0.0000} |"));
        }

        text.AppendLine();
        text.AppendLine("Reconstructing hidden samples of the test windows: errors on the hidden samples only, mV");
        text.AppendLine();
        text.AppendLine("| hidden | method | hidden samples | MAE, mV | RMSE, mV |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (ReconstructionRow r in reconstruction)
        {
            text.AppendLine(Invariant($"| {r.Scenario} | {r.Method} | {r.Hidden} | {r.Mae:0.0000} | {r.Rmse:0.0000} |"));
        }

        return text.ToString();
    }

    /// <summary>Puts each model's own rows into its run report as metrics.</summary>
    public static void RecordMetrics(SensorModel model, IReadOnlyList<ForecastRow> forecast, IReadOnlyList<ReconstructionRow> reconstruction)
    {
        var report = model.Trainer.Report;
        foreach (ForecastRow r in forecast.Where(r => r.Method.StartsWith(model.Label, StringComparison.Ordinal)))
        {
            report.SetMetric("forecast MAE mV", r.Mae);
            report.SetMetric("forecast RMSE mV", r.Rmse);
        }

        foreach (ReconstructionRow r in reconstruction.Where(r => r.Method.StartsWith(model.Label, StringComparison.Ordinal)))
        {
            report.SetMetric($"reconstruction MAE mV, {r.Scenario}", r.Mae);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
