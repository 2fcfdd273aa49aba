using SensorMotesSample;
using SslDsl.Evaluation.Sequences;
using static TorchSharp.torch;

namespace EcgSample;

/// <summary>One forecaster's errors on the test windows, in millivolts.</summary>
internal sealed record ForecastRow(string Method, int Windows, double Mae, double Rmse);

/// <summary>
/// Forecasting the last <see cref="EcgWindow.Horizon"/> samples of each test window from the
/// <see cref="EcgWindow.Context"/> before. Baselines (Hyndman and Athanasopoulos §5.2): persistence (last value),
/// seasonal naive with the heartbeat period estimated on the training part (the last beat repeated), drift (the line
/// through the first and last context samples).
/// </summary>
internal static class ForecastTask
{
    public static List<ForecastRow> Run(EcgData data, IEnumerable<SensorModel> forecasters)
    {
        using var scope = NewDisposeScope();
        Tensor windows = data.Test;
        int count = (int)windows.shape[0];
        Tensor context = windows.narrow(2, 0, EcgWindow.Context);
        Tensor truth = windows.narrow(2, EcgWindow.Context, EcgWindow.Horizon);
        var forecasts = new List<(string Method, Tensor Forecast)>
        {
            ("last value (persistence)", ForecastBaselines.LastValue(context, EcgWindow.Horizon)),
            ($"seasonal naive (heartbeat period {data.HeartbeatPeriod} samples)", ForecastBaselines.SeasonalNaive(context, EcgWindow.Horizon, data.HeartbeatPeriod)),
            ("drift", ForecastBaselines.Drift(context, EcgWindow.Horizon)),
        };
        forecasts.AddRange(forecasters.Select(model => ($"{model.Label} (pretrained)", Forecast(model, windows))));
        return forecasts.Select(f =>
        {
            SequenceErrorSummary errors = SequenceErrors.Compute(f.Forecast, truth, channelScale: new[] { data.StdMillivolts });
            return new ForecastRow(f.Method, count, errors.Mae[0], errors.Rmse[0]);
        }).ToList();
    }

    /// <summary>The model's forecast in standardised units: the last context sample plus the predicted change.</summary>
    private static Tensor Forecast(SensorModel model, Tensor windows)
    {
        using var scope = NewDisposeScope();
        Tensor referenced = EcgData.LevelReferenced(windows).narrow(2, 0, EcgWindow.Context);
        Tensor change = model.Predict(referenced).view(-1, 1, EcgWindow.Horizon);
        return change.add(windows.narrow(2, EcgWindow.Context - 1, 1)).MoveToOuterDisposeScope();
    }
}
