using SslDsl.Data;
using SslDsl.Evaluation;
using SslDsl.Evaluation.Sequences;
using static TorchSharp.torch;

namespace SensorMotesSample;

/// <summary>One anomaly score's AUROC on one test set: over all labelled windows, and over the subtle ones only.</summary>
/// <param name="Subtle">AUROC with the positives limited to windows inside the normal training range; null when none is.</param>
internal sealed record AnomalyRow(string Set, string Score, double All, double? Subtle);

/// <summary>
/// Event detection on windows (a window is positive when any of its readings is labelled). The labelled events are
/// steam bursts that drive humidity and temperature far outside anything seen, so a range check finds most of them;
/// the test that can show something is the subtle subset: positive windows whose every reading lies inside the
/// [min, max] of the normal training readings per channel (mostly the slow return after a burst), against all
/// negatives. Scores, higher = more anomalous: the range check itself (how far outside the range), kNN distance
/// (k = 5) to the normal training windows in raw form and in each encoder's z-scored embedding, forecast error
/// (persistence and the pretrained forecasters, on the last 16 readings), and cross-channel reconstruction error
/// (each channel hidden in turn and rebuilt from the other: least squares, and the masked-stream models).
/// </summary>
internal static class AnomalyTask
{
    public const int K = 5;

    public static List<AnomalyRow> Run(string setName, SensorWindows set, MoteData data, IEnumerable<SensorModel> embedders,
        IEnumerable<SensorModel> forecasters, IEnumerable<SensorModel> reconstructors, out int positives, out int subtle)
    {
        bool[] labels = set.LabelArray().Select(l => l != 0).ToArray();
        bool[] inside = data.WithinNormalRange(set);
        positives = labels.Count(l => l);
        subtle = labels.Where((l, i) => l && inside[i]).Count();
        var scores = new List<(string Name, double[] Scores)>();
        using (var scope = NewDisposeScope())
        {
            Tensor normalTrain = data.NormalTrain;
            scores.Add(("range check (distance outside the normal range)", RangeExcess(set.Windows, data)));
            scores.Add(($"raw window kNN distance (k = {K})", KnnDistance.Scores(normalTrain.reshape(normalTrain.shape[0], -1), set.Windows.reshape(set.Count, -1), K)));
            foreach (SensorModel model in embedders)
            {
                Tensor reference = model.Embed(normalTrain);
                Tensor mean = reference.mean(new long[] { 0 }, keepdim: true), std = reference.std(0, keepdim: true).clamp_min(1e-6);
                scores.Add(($"{model.Label}: embedding kNN distance", KnnDistance.Scores(reference.sub(mean).div(std), model.Embed(set.Windows).sub(mean).div(std), K)));
            }

            Tensor truth = set.Windows.narrow(2, MoteWindow.Context, MoteWindow.Horizon);
            scores.Add(("persistence forecast error", SequenceErrors.PerSample(ForecastBaselines.LastValue(set.Windows.narrow(2, 0, MoteWindow.Context), MoteWindow.Horizon), truth)));
            foreach (SensorModel model in forecasters)
            {
                scores.Add(($"{model.Label}: forecast error", SequenceErrors.PerSample(ForecastTask.Forecast(model, set.Windows), truth)));
            }

            scores.Add(("least squares across channels: reconstruction error", CrossChannel(set.Windows, (windows, mask, channel) =>
            {
                Tensor filled = windows.clone();
                filled.narrow(1, channel, 1).copy_(ChannelRegression.Fit(normalTrain, channel).Predict(windows).unsqueeze(1));
                return filled;
            })));
            foreach (SensorModel model in reconstructors)
            {
                scores.Add(($"{model.Label}: reconstruction error", CrossChannel(set.Windows, (windows, mask, _) => ImputationTask.Reconstruct(model, windows, mask))));
            }
        }

        bool[] keep = labels.Select((l, i) => !l || inside[i]).ToArray();
        var rows = new List<AnomalyRow>();
        foreach ((string name, double[] values) in scores)
        {
            double all = Auroc.Compute(values, labels);
            double? hard = subtle == 0 ? null : Auroc.Compute(values.Where((_, i) => keep[i]).ToArray(), labels.Where((_, i) => keep[i]).ToArray());
            rows.Add(new AnomalyRow(setName, name, all, hard));
        }

        return rows;
    }

    /// <summary>Per window, the largest distance (standardised units) of a reading outside the normal training range; 0 inside.</summary>
    private static double[] RangeExcess(Tensor windows, MoteData data)
    {
        using var scope = NewDisposeScope();
        Tensor low = tensor(data.NormalMin.ToArray()).view(1, -1, 1), high = tensor(data.NormalMax.ToArray()).view(1, -1, 1);
        Tensor excess = low.sub(windows).clamp_min(0).maximum(windows.sub(high).clamp_min(0));
        return excess.amax(new long[] { 1, 2 }).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>Mean over channels of the per-window MAE on a channel when it is hidden and rebuilt by <paramref name="fill"/>.</summary>
    private static double[] CrossChannel(Tensor windows, Func<Tensor, Tensor, int, Tensor> fill)
    {
        using var scope = NewDisposeScope();
        var total = new double[windows.shape[0]];
        for (int channel = 0; channel < MoteWindow.Channels; channel++)
        {
            Tensor mask = zeros_like(windows);
            mask.narrow(1, channel, 1).fill_(1);
            double[] error = SequenceErrors.PerSample(fill(windows, mask, channel).narrow(1, channel, 1), windows.narrow(1, channel, 1));
            for (int i = 0; i < total.Length; i++)
            {
                total[i] += error[i] / MoteWindow.Channels;
            }
        }

        return total;
    }
}
