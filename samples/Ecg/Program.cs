using System.Diagnostics;
using System.Text.Json;
using EcgSample;
using SensorMotesSample;
using SslDsl.Data;
using SslDsl.IO;
using SslDsl.Samples;
using static TorchSharp.torch;

// Pretrains a TCN and a Transformer on windows of the first 70 % of SciPy's ECG excerpt (record 208 of the MIT-BIH
// Arrhythmia Database, 360 Hz) with future-window prediction and masked-stream reconstruction, then measures each on
// the last 30 % against baselines that need no training: forecasting the next 178 ms, and filling hidden samples.

return SensorSampleCommand.Invoke(
    args,
    "Self-supervised pretraining on an ECG recording with SslDsl; prints RESULT {json} last.",
    "Folder with ecg.dat (default: .data/ecg in the repository)",
    SampleDataSet.Ecg.DefaultFolder,
    ("Samples between the starts of pretraining windows", 64),
    ("Samples between the starts of test windows", 32),
    SampleRun.Run);

internal static class SampleRun
{
    public static int Run(SampleOptions options)
    {
        Device device = options.TorchDevice();
        int? epochs = options.EpochsToRun;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Loading the ECG from {options.Data}");
        using EcgData data = EcgData.Load(options.Data, options.PretrainStride, options.EvalStride);
        double rate = Electrocardiogram.SampleRate;
        Console.WriteLine($"{data.Samples:N0} samples ({data.Samples / rate:0.0} s at {rate} Hz): training part {data.TrainSamples:N0} ({data.Train.shape[0]:N0} windows of {EcgWindow.Length}, every {options.PretrainStride}), "
            + $"test part {data.TestSamples:N0} ({data.Test.shape[0]:N0} windows, every {options.EvalStride})");
        Console.WriteLine($"Training part: {data.MeanMillivolts:0.000} ± {data.StdMillivolts:0.000} mV; heartbeat period {data.HeartbeatPeriod} samples ({data.HeartbeatPeriod / rate:0.000} s, {60 * rate / data.HeartbeatPeriod:0} beats per minute)");

        Directory.CreateDirectory(options.Output);
        string Report(string name) => Path.Combine(options.Output, $"ecg-{name}-report");
        using Tensor referenced = EcgData.LevelReferenced(data.Train);
        var models = new List<SensorModel>();
        try
        {
            var tcnForecast = TcnForecast.CreateTrainer(device, options.Seed);
            models.Add(SensorModel.Pretrain("TCN", "future window", tcnForecast, tcnForecast.Encoder, tcnForecast.Head, referenced, epochs, Report("tcn-future-window")));
            var transformerForecast = TransformerForecast.CreateTrainer(device, options.Seed);
            models.Add(SensorModel.Pretrain("Transformer", "future window", transformerForecast, transformerForecast.Encoder, transformerForecast.Head, referenced, epochs, Report("transformer-future-window")));
            var tcnMasked = TcnMaskedStream.CreateTrainer(device, options.Seed);
            models.Add(SensorModel.Pretrain("TCN", "masked stream", tcnMasked, tcnMasked.Encoder, tcnMasked.Head, data.Train, epochs, Report("tcn-masked-stream")));
            var transformerMasked = TransformerMaskedStream.CreateTrainer(device, options.Seed);
            models.Add(SensorModel.Pretrain("Transformer", "masked stream", transformerMasked, transformerMasked.Encoder, transformerMasked.Head, data.Train, epochs, Report("transformer-masked-stream")));
            double pretrainSeconds = clock.Elapsed.TotalSeconds;

            Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0}s] Forecasting the next {EcgWindow.Horizon} samples of each test window");
            List<ForecastRow> forecast = ForecastTask.Run(data, models.Where(m => m.Objective == "future window"));
            Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0}s] Reconstructing hidden samples of each test window");
            List<ReconstructionRow> reconstruction = ReconstructionTask.Run(data, models.Where(m => m.Objective == "masked stream"), options.Seed);

            string tables = ResultTables.Markdown(data, forecast, reconstruction);
            Console.WriteLine();
            Console.WriteLine(tables);
            string tablesPath = Path.Combine(options.Output, "ecg-tables.md");
            AtomicFile.Write(tablesPath, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(tables)));
            foreach (SensorModel model in models)
            {
                ResultTables.RecordMetrics(model, forecast, reconstruction);
                model.Trainer.WriteReport();
            }

            Console.WriteLine($"Tables: {tablesPath}; reports: {Report("<model>")}/report.md; total {clock.Elapsed.TotalSeconds:0}s");
            var result = new Dictionary<string, object?>
            {
                ["dataset"] = "ecg",
                ["device"] = device.ToString(),
                ["seed"] = options.Seed,
                ["epochs"] = options.EpochsRun,
                ["sample_rate"] = Electrocardiogram.SampleRate,
                ["samples"] = data.Samples,
                ["train_samples"] = data.TrainSamples,
                ["test_samples"] = data.TestSamples,
                ["window"] = EcgWindow.Length,
                ["train_windows"] = data.Train.shape[0],
                ["test_windows"] = data.Test.shape[0],
                ["train_mean_mv"] = Round(data.MeanMillivolts),
                ["train_std_mv"] = Round(data.StdMillivolts),
                ["heartbeat_period_samples"] = data.HeartbeatPeriod,
                ["pretrain_seconds"] = Math.Round(pretrainSeconds, 1),
                ["total_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["final_losses"] = models.Where(m => m.Pretraining is { Epochs.Count: > 0 }).ToDictionary(m => m.Label, m => Math.Round(m.Pretraining!.Epochs[^1].Loss, 5)),
                ["forecast"] = forecast.Select(r => new { method = r.Method, windows = r.Windows, mae_mv = Round(r.Mae), rmse_mv = Round(r.Rmse) }).ToArray(),
                ["reconstruction"] = reconstruction.Select(r => new { scenario = r.Scenario, method = r.Method, hidden_samples = r.Hidden, mae_mv = Round(r.Mae), rmse_mv = Round(r.Rmse) }).ToArray(),
                ["tables_md"] = tablesPath,
                ["reports"] = models.Select(m => Path.Combine(m.Trainer.ReportDirectory!, "report.md")).ToArray(),
            };
            string json = JsonSerializer.Serialize(result);
            AtomicFile.Write(Path.Combine(options.Output, "ecg-result.json"), stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(json)));
            Console.WriteLine("RESULT " + json);
            return 0;
        }
        finally
        {
            foreach (SensorModel model in models)
            {
                model.Dispose();
            }
        }
    }

    private static double Round(double value) => Math.Round(value, 4);
}
