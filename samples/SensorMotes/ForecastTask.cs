using SslDsl.Data;
using SslDsl.Evaluation.Sequences;
using static TorchSharp.torch;

namespace SensorMotesSample;

/// <summary>One forecaster's errors on one test set, in the channels' units (% relative humidity, °C).</summary>
internal sealed record ForecastRow(string Set, string Method, int Windows, double HumidityMae, double TemperatureMae, double HumidityRmse, double TemperatureRmse);

/// <summary>
/// Predictive-maintenance style forecasting: the last <see cref="MoteWindow.Horizon"/> readings of each window from the
/// <see cref="MoteWindow.Context"/> before, scored on the windows without a labelled event (ordinary operation; the
/// events are the anomaly task's). Baselines: persistence (last value), seasonal naive with a season of one horizon
/// (the last 80 s repeated) and drift (the line through the first and last context readings).
/// </summary>
internal static class ForecastTask
{
    public static List<ForecastRow> Run(string setName, SensorWindows set, IReadOnlyList<double> std, IEnumerable<SensorModel> forecasters)
    {
        using var scope = NewDisposeScope();
        Tensor normal = set.Labels.eq(0).nonzero().squeeze(1);
        Tensor windows = set.Windows.index_select(0, normal);
        int count = (int)windows.shape[0];
        Tensor context = windows.narrow(2, 0, MoteWindow.Context);
        Tensor truth = windows.narrow(2, MoteWindow.Context, MoteWindow.Horizon);
        var rows = new List<ForecastRow>
        {
            Row(setName, "last value (persistence)", ForecastBaselines.LastValue(context, MoteWindow.Horizon), truth, std, count),
            Row(setName, $"seasonal naive (season {MoteWindow.Horizon} readings)", ForecastBaselines.SeasonalNaive(context, MoteWindow.Horizon, MoteWindow.Horizon), truth, std, count),
            Row(setName, "drift", ForecastBaselines.Drift(context, MoteWindow.Horizon), truth, std, count),
        };
        foreach (SensorModel model in forecasters)
        {
            rows.Add(Row(setName, $"{model.Label} (pretrained)", Forecast(model, windows), truth, std, count));
        }

        return rows;
    }

    /// <summary>The model's forecast in standardised units: the last context reading plus the predicted change.</summary>
    public static Tensor Forecast(SensorModel model, Tensor windows)
    {
        using var scope = NewDisposeScope();
        Tensor referenced = MoteData.LevelReferenced(windows).narrow(2, 0, MoteWindow.Context);
        Tensor change = model.Predict(referenced).view(-1, MoteWindow.Channels, MoteWindow.Horizon);
        return change.add(windows.narrow(2, MoteWindow.Context - 1, 1)).MoveToOuterDisposeScope();
    }

    private static ForecastRow Row(string set, string method, Tensor forecast, Tensor truth, IReadOnlyList<double> std, int count)
    {
        SequenceErrorSummary errors = SequenceErrors.Compute(forecast, truth, channelScale: std);
        return new ForecastRow(set, method, count, errors.Mae[0], errors.Mae[1], errors.Rmse[0], errors.Rmse[1]);
    }
}
