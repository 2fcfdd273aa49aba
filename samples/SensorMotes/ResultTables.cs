using System.Globalization;
using System.Text;

namespace SensorMotesSample;

/// <summary>The measured tables as Markdown (printed, written beside the reports, pasted into the README) and as report metrics.</summary>
internal static class ResultTables
{
    public static string Markdown(IReadOnlyList<ForecastRow> forecast, IReadOnlyList<ImputationRow> imputation, IReadOnlyList<ProbeRow> probes,
        IReadOnlyList<AnomalyRow> anomaly, IReadOnlyDictionary<string, (int Positives, int Subtle)> events)
    {
        var text = new StringBuilder();
        text.AppendLine("Forecasting the next 16 readings from 48 (windows without an event): MAE (RMSE)");
        text.AppendLine();
        text.AppendLine("| test set | method | windows | humidity, % RH | temperature, °C |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (ForecastRow r in forecast)
        {
            text.AppendLine(Invariant($"| {r.Set} | {r.Method} | {r.Windows} | {r.HumidityMae:0.000} ({r.HumidityRmse:0.000}) | {r.TemperatureMae:0.000} ({r.TemperatureRmse:0.000}) |"));
        }

        text.AppendLine();
        text.AppendLine("Reconstructing missing readings (windows without an event): MAE on the hidden readings");
        text.AppendLine();
        text.AppendLine("| test set | lost | method | humidity, % RH | temperature, °C |");
        text.AppendLine("|---|---|---|---:|---:|");
        foreach (ImputationRow r in imputation)
        {
            text.AppendLine(Invariant($"| {r.Set} | {r.Scenario} | {r.Method} | {Cell(r.HumidityMae)} | {Cell(r.TemperatureMae)} |"));
        }

        text.AppendLine();
        text.AppendLine("Linear probe on frozen features: test accuracy with 1 % / 10 % / all training labels");
        text.AppendLine();
        foreach (var task in probes.GroupBy(r => r.Task))
        {
            ProbeRow first = task.First();
            text.AppendLine(Invariant($"| {task.Key} | {string.Join(" | ", first.Labels.Select((n, i) => $"{ProbeTask.Fractions[i]:P0} ({n} labels)"))} |"));
            text.AppendLine("|---|" + string.Concat(first.Labels.Select(_ => "---:|")));
            foreach (ProbeRow r in task)
            {
                text.AppendLine(Invariant($"| {r.Representation} | {string.Join(" | ", r.Top1.Select(t => $"{t:P1}"))} |"));
            }

            text.AppendLine();
        }

        text.AppendLine("Event detection: AUROC over test windows (a window is positive when any reading is labelled)");
        text.AppendLine();
        string[] sets = anomaly.Select(r => r.Set).Distinct().ToArray();
        text.AppendLine("| score | " + string.Join(" | ", sets.Select(s => Invariant($"{s}: all {events[s].Positives} events | {s}: {events[s].Subtle} subtle"))) + " |");
        text.AppendLine("|---|" + string.Concat(sets.Select(_ => "---:|---:|")));
        foreach (var score in anomaly.GroupBy(r => r.Score))
        {
            text.AppendLine($"| {score.Key} | " + string.Join(" | ", sets.Select(s => score.First(r => r.Set == s)).Select(r => Invariant($"{r.All:0.000} | {(r.Subtle is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–")}"))) + " |");
        }

        return text.ToString();
    }

    /// <summary>Puts the rows that name <paramref name="model"/> into its run report as metrics.</summary>
    public static void RecordMetrics(SensorModel model, IReadOnlyList<ForecastRow> forecast, IReadOnlyList<ImputationRow> imputation, IReadOnlyList<ProbeRow> probes, IReadOnlyList<AnomalyRow> anomaly)
    {
        var report = model.Trainer.Report;
        foreach (ForecastRow r in forecast.Where(r => r.Method.StartsWith(model.Label, StringComparison.Ordinal)))
        {
            report.SetMetric($"forecast MAE humidity %, {r.Set}", r.HumidityMae);
            report.SetMetric($"forecast MAE temperature °C, {r.Set}", r.TemperatureMae);
        }

        foreach (ImputationRow r in imputation.Where(r => r.Method.StartsWith(model.Label, StringComparison.Ordinal)))
        {
            if (!double.IsNaN(r.HumidityMae))
            {
                report.SetMetric($"imputation MAE humidity %, {r.Scenario}, {r.Set}", r.HumidityMae);
            }

            if (!double.IsNaN(r.TemperatureMae))
            {
                report.SetMetric($"imputation MAE temperature °C, {r.Scenario}, {r.Set}", r.TemperatureMae);
            }
        }

        foreach (ProbeRow r in probes.Where(r => r.Representation.StartsWith(model.Label, StringComparison.Ordinal)))
        {
            for (int i = 0; i < r.Top1.Count; i++)
            {
                report.SetMetric(Invariant($"linear probe top-1, {r.Task}, {r.Labels[i]} labels"), r.Top1[i]);
            }
        }

        foreach (AnomalyRow r in anomaly.Where(r => r.Score.StartsWith(model.Label, StringComparison.Ordinal)))
        {
            report.SetMetric($"AUROC, {r.Score}, {r.Set}, all events", r.All);
            if (r.Subtle is { } subtle)
            {
                report.SetMetric($"AUROC, {r.Score}, {r.Set}, subtle events", subtle);
            }
        }
    }

    private static string Cell(double value) => double.IsNaN(value) ? "–" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
