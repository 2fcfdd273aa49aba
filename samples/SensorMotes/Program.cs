using System.Diagnostics;
using System.Text.Json;
using SensorMotesSample;
using SslDsl.IO;
using SslDsl.Samples;
using SslDsl.Training;
using static TorchSharp.torch;

// Pretrains a TCN and a Transformer on windows of the single-hop wireless sensor network recording with three
// objectives each (future-window prediction, masked stream reconstruction, SimCLR), then measures what each is good
// for against baselines that need no training: forecasting, filling missing streams, few-label classification of mote
// and indoor/outdoor, and event detection with and without the trivially extreme events, on the later half of the
// same recording and on the multi-hop recording of another deployment.

return SensorSampleCommand.Invoke(
    args,
    "Self-supervised pretraining on wireless sensor motes with SslDsl; prints RESULT {json} last.",
    "Folder with data.json of the single-hop recording and multi-hop/data.json (default: .data/sensor-motes in the repository)",
    SampleDataSet.SensorMotes.DefaultFolder,
    ("Readings between the starts of pretraining (and probe-training) windows", 4),
    ("Readings between the starts of test windows", 8),
    SampleRun.Run);

internal static class SampleRun
{
    public static int Run(SampleOptions options)
    {
        Device device = options.TorchDevice();
        int? epochs = options.EpochsToRun;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Loading the sensor motes from {options.Data} (and {MoteData.MultiHopFolder}/)");
        using MoteData data = MoteData.Load(options.Data, options.PretrainStride, options.EvalStride);
        IReadOnlyList<double> std = data.Statistics.Std;
        Console.WriteLine($"Single-hop: {data.Train.Count:N0} training windows (every {options.PretrainStride} readings, {data.Train.AnomalousCount} with an event), "
            + $"{data.Test.Count:N0} test windows ({data.Test.AnomalousCount} with an event); multi-hop: {data.MultiHop.Count:N0} windows ({data.MultiHop.AnomalousCount} with an event); "
            + $"windows of {MoteWindow.Length} readings, test windows every {options.EvalStride}");
        Console.WriteLine($"Training statistics: humidity {data.Statistics.Mean[0]:0.00} ± {std[0]:0.00} %, temperature {data.Statistics.Mean[1]:0.00} ± {std[1]:0.00} °C");

        Directory.CreateDirectory(options.Output);
        string Report(string name) => Path.Combine(options.Output, $"sensor-motes-{name}-report");
        using Tensor referenced = MoteData.LevelReferenced(data.Train.Windows);
        var tcnForecast = TcnForecast.CreateTrainer(device, options.Seed);
        var transformerForecast = TransformerForecast.CreateTrainer(device, options.Seed);
        var tcnMasked = TcnMaskedStreams.CreateTrainer(device, options.Seed);
        var transformerMasked = TransformerMaskedStreams.CreateTrainer(device, options.Seed);
        var tcnContrastive = TcnContrastive.CreateTrainer(device, options.Seed);
        var transformerContrastive = TransformerContrastive.CreateTrainer(device, options.Seed);
        var tcnRandom = TcnContrastive.CreateTrainer(device, options.Seed + 1000);
        var transformerRandom = TransformerContrastive.CreateTrainer(device, options.Seed + 1000);
        using var models = new ModelSet(
            SensorModel.Pretrain("TCN", "future window", tcnForecast, tcnForecast.Encoder, tcnForecast.Head, referenced, epochs, Report("tcn-future-window")),
            SensorModel.Pretrain("Transformer", "future window", transformerForecast, transformerForecast.Encoder, transformerForecast.Head, referenced, epochs, Report("transformer-future-window")),
            SensorModel.Pretrain("TCN", "masked streams", tcnMasked, tcnMasked.Encoder, tcnMasked.Head, data.Train.Windows, epochs, Report("tcn-masked-streams")),
            SensorModel.Pretrain("Transformer", "masked streams", transformerMasked, transformerMasked.Encoder, transformerMasked.Head, data.Train.Windows, epochs, Report("transformer-masked-streams")),
            SensorModel.Pretrain("TCN", "contrastive", tcnContrastive, tcnContrastive.Encoder, null, data.Train.Windows, epochs, Report("tcn-contrastive")),
            SensorModel.Pretrain("Transformer", "contrastive", transformerContrastive, transformerContrastive.Encoder, null, data.Train.Windows, epochs, Report("transformer-contrastive")),
            new SensorModel("TCN", "random init", tcnRandom, tcnRandom.Encoder, null, null),
            new SensorModel("Transformer", "random init", transformerRandom, transformerRandom.Encoder, null, null));
        double pretrainSeconds = clock.Elapsed.TotalSeconds;
        SensorModel[] forecasters = models.Where(m => m.Objective == "future window").ToArray();
        SensorModel[] reconstructors = models.Where(m => m.Objective == "masked streams").ToArray();
        SensorModel[] embedders = models.Where(m => m.Objective is "masked streams" or "contrastive" or "random init").ToArray();

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0}s] " + "Forecasting the next 16 readings (80 s) of windows without an event");
        var forecast = ForecastTask.Run("single-hop later half", data.Test, std, forecasters);
        forecast.AddRange(ForecastTask.Run("multi-hop", data.MultiHop, std, forecasters));
        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0}s] " + "Reconstructing missing streams in windows without an event");
        var imputation = ImputationTask.Run("single-hop later half", data.Test, data.NormalTrain, std, reconstructors, options.Seed);
        imputation.AddRange(ImputationTask.Run("multi-hop", data.MultiHop, data.NormalTrain, std, reconstructors, options.Seed));
        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0}s] " + "Few-label linear probes");
        var representations = new List<Representation> { new("raw windows", ProbeTask.Raw), new("raw windows, level removed", ProbeTask.RawLevelRemoved) };
        representations.AddRange(embedders.Select(m => new Representation($"{m.Label}{(m.Pretraining is null ? "" : " (pretrained)")}", set => m.Embed(set.Windows))));
        var probes = ProbeTask.Run(data, representations, options.Seed);
        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0}s] " + "Event detection");
        var anomaly = AnomalyTask.Run("single-hop later half", data.Test, data, embedders, forecasters, reconstructors, out int testPositives, out int testSubtle);
        anomaly.AddRange(AnomalyTask.Run("multi-hop", data.MultiHop, data, embedders, forecasters, reconstructors, out int multiPositives, out int multiSubtle));
        var events = new Dictionary<string, (int Positives, int Subtle)> { ["single-hop later half"] = (testPositives, testSubtle), ["multi-hop"] = (multiPositives, multiSubtle) };

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0}s] evaluation done");
        string tables = ResultTables.Markdown(forecast, imputation, probes, anomaly, events);
        Console.WriteLine();
        Console.WriteLine(tables);
        string tablesPath = Path.Combine(options.Output, "sensor-motes-tables.md");
        AtomicFile.Write(tablesPath, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(tables)));
        foreach (SensorModel model in models.Where(m => m.Pretraining is not null))
        {
            ResultTables.RecordMetrics(model, forecast, imputation, probes, anomaly);
            model.Trainer.WriteReport();
        }

        Console.WriteLine($"Tables: {tablesPath}; reports: {Report("<model>")}/report.md; total {clock.Elapsed.TotalSeconds:0}s");
        var result = new Dictionary<string, object?>
        {
            ["dataset"] = "sensor-motes",
            ["device"] = device.ToString(),
            ["seed"] = options.Seed,
            ["epochs"] = options.EpochsRun,
            ["train_windows"] = data.Train.Count,
            ["test_windows"] = data.Test.Count,
            ["multi_hop_windows"] = data.MultiHop.Count,
            ["pretrain_seconds"] = Math.Round(pretrainSeconds, 1),
            ["total_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            ["final_losses"] = models.Where(m => m.Pretraining is { Epochs.Count: > 0 }).ToDictionary(m => m.Label, m => Math.Round(m.Pretraining!.Epochs[^1].Loss, 5)),
            ["forecast"] = forecast.Select(r => new { set = r.Set, method = r.Method, windows = r.Windows, mae_humidity = Round(r.HumidityMae), mae_temperature = Round(r.TemperatureMae), rmse_humidity = Round(r.HumidityRmse), rmse_temperature = Round(r.TemperatureRmse) }).ToArray(),
            ["imputation"] = imputation.Select(r => new { set = r.Set, scenario = r.Scenario, method = r.Method, mae_humidity = Nullable(r.HumidityMae), mae_temperature = Nullable(r.TemperatureMae) }).ToArray(),
            ["probe"] = probes.Select(r => new { task = r.Task, representation = r.Representation, labels = r.Labels, top1 = r.Top1.Select(Round).ToArray() }).ToArray(),
            ["anomaly"] = anomaly.Select(r => new { set = r.Set, score = r.Score, auroc_all = Round(r.All), auroc_subtle = r.Subtle is { } s ? Round(s) : (double?)null }).ToArray(),
            ["anomaly_events"] = events.ToDictionary(e => e.Key, e => new { positive_windows = e.Value.Positives, subtle_positive_windows = e.Value.Subtle }),
            ["tables_md"] = tablesPath,
            ["reports"] = models.Where(m => m.Pretraining is not null).Select(m => Path.Combine(m.Trainer.ReportDirectory!, "report.md")).ToArray(),
        };
        string json = JsonSerializer.Serialize(result);
        AtomicFile.Write(Path.Combine(options.Output, "sensor-motes-result.json"), stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(json)));
        Console.WriteLine("RESULT " + json);
        return 0;
    }

    private static double Round(double value) => Math.Round(value, 4);

    private static double? Nullable(double value) => double.IsNaN(value) ? null : Math.Round(value, 4);
}

/// <summary>The trainers of one run, disposed together.</summary>
internal sealed class ModelSet : List<SensorModel>, IDisposable
{
    public ModelSet(params SensorModel[] models) : base(models)
    {
    }

    public void Dispose()
    {
        foreach (SensorModel model in this)
        {
            model.Dispose();
        }
    }
}
