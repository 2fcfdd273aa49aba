using System.Globalization;
using System.Text;

namespace BrainMriSample;

/// <summary>The comparison as a Markdown table (the form the READMEs quote).</summary>
internal static class ResultTables
{
    public static string Markdown(IReadOnlyList<VariantRow> rows, double knnTarget)
    {
        var text = new StringBuilder();
        string target = knnTarget.ToString("P0", CultureInfo.InvariantCulture);
        text.AppendLine($"| variant | probe 1 % | probe 10 % | probe all | kNN k={VariantEvaluation.KnnK} | pretraining s | s to kNN {target} |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (VariantRow r in rows)
        {
            string toTarget = r.Curve is null ? "–" : r.SecondsToTarget is { } s ? s.ToString("0", CultureInfo.InvariantCulture) : "not reached";
            text.AppendLine(
                $"| {r.Name} | {Percent(r.OnePercent)} | {Percent(r.TenPercent)} | {Percent(r.All)} | {Percent(r.Knn)} | {r.PretrainSeconds.ToString("0", CultureInfo.InvariantCulture)} | {toTarget} |");
        }

        return text.ToString();
    }

    private static string Percent(double value) => (100 * value).ToString("0.0", CultureInfo.InvariantCulture);
}
