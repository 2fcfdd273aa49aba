using System.Diagnostics;
using System.Text.Json;
using SslDsl.Data;
using SslDsl.Evaluation;
using SslDsl.Plots;
using SslDsl.Training;
using static TorchSharp.torch;

namespace FashionMnistSimClr;

/// <summary>
/// --methods: SimCLR, MoCo v2, BYOL, Barlow Twins, VICReg, NNCLR, DINO, SwAV and MAE on the same data, each with the same pretraining
/// budget, then the same evaluation (linear probe with 1 % and all labels, kNN k = 200 on the test split), in one
/// table. Each method writes its run report under <c>methods/&lt;name&gt;/</c>.
/// </summary>
internal static class MethodsRun
{
    private static readonly (string Name, Func<Device, int, SslTrainer> Create)[] Methods =
    {
        ("SimCLR", (d, s) => ConvNetSimClr.CreateTrainer(d, s)),
        ("MoCo v2", (d, s) => ConvNetMoCo.CreateTrainer(d, s)),
        ("BYOL", (d, s) => ConvNetByol.CreateTrainer(d, s)),
        ("Barlow Twins", (d, s) => ConvNetBarlowTwins.CreateTrainer(d, s)),
        ("VICReg", (d, s) => ConvNetVicreg.CreateTrainer(d, s)),
        ("NNCLR", (d, s) => ConvNetNnclr.CreateTrainer(d, s)),
        ("DINO", (d, s) => ConvNetDino.CreateTrainer(d, s)),
        ("SwAV", (d, s) => ConvNetSwav.CreateTrainer(d, s)),
        ("MAE (ViT, patch 7)", (d, s) => VitMae.CreateTrainer(d, s)),
    };

    private sealed record Row(string Method, double OnePercent, double All, double Knn, double Seconds, double ImagesPerSecond, int Epochs);

    public static int Run(SampleOptions options, TimeSpan budget, Device device, ImageDataset train, ImageDataset test, Tensor pretrainImages)
    {
        Console.WriteLine($"Methods side by side: {budget.TotalMinutes:0.##} min of pretraining each on {pretrainImages.shape[0]} images, then linear probes (1 %, all labels) and kNN on the test split");
        var rows = new List<Row>();
        foreach ((string name, Func<Device, int, SslTrainer> create) in Methods)
        {
            using SslTrainer trainer = create(device, options.Seed);
            trainer.Precision = SampleRun.ChoosePrecision(options.Precision, trainer.Precision, device);
            trainer.ReportDirectory = Path.Combine(options.Output, "methods", Slug(name));
            trainer.ReportFigures = new RunReportFigures();
            Console.WriteLine($"== {name}");
            PretrainReport report = trainer.Fit(pretrainImages, options.Epochs, budget);
            var clock = Stopwatch.StartNew();
            using Tensor trainFeatures = trainer.Embed(train.Images);
            using Tensor testFeatures = trainer.Embed(test.Images);
            IReadOnlyList<LinearProbeResult> probes = LinearProbe.FitFractions(trainFeatures, train.Labels, testFeatures, test.Labels, FashionMnist.ClassCount, new[] { 0.01, 1.0 }, new LinearProbeOptions(Iterations: 300));
            double knn = KnnClassifier.Top1(trainFeatures, train.Labels, testFeatures, test.Labels, FashionMnist.ClassCount, k: 200, temperature: 0.1);
            foreach (LinearProbeResult probe in probes)
            {
                trainer.Report.AddLinearProbe($"linear probe ({probe.TrainSamples} labels)", probe);
            }

            trainer.Report.AddKnn("kNN k=200 (all labels)", knn);
            trainer.WriteReport();
            double imagesPerSecond = report.Steps * trainer.Settings.BatchSize * trainer.Settings.AccumulationSteps / Math.Max(report.Seconds, 1e-9);
            rows.Add(new Row(name, probes[0].Top1, probes[1].Top1, knn, report.Seconds, imagesPerSecond, report.Epochs.Count));
            Console.WriteLine($"   {name}: {report.Steps} steps in {report.Seconds:0}s; evaluation {clock.Elapsed.TotalSeconds:0}s");
        }

        Console.WriteLine();
        Console.WriteLine($"{"method",-20} {"1% labels",10} {"all labels",11} {"kNN",8} {"pretrain s",11} {"images/s",9} {"epochs",7}");
        foreach (Row r in rows)
        {
            Console.WriteLine($"{r.Method,-20} {r.OnePercent,10:P2} {r.All,11:P2} {r.Knn,8:P2} {r.Seconds,11:0} {r.ImagesPerSecond,9:0} {r.Epochs,7}");
        }

        var result = new Dictionary<string, object?>
        {
            ["dataset"] = "fashion-mnist",
            ["mode"] = "methods",
            ["device"] = device.ToString(),
            ["budget_seconds"] = budget.TotalSeconds,
            ["methods"] = rows.Select(r => new Dictionary<string, object>
            {
                ["method"] = r.Method,
                ["linear_probe_top1_1pct"] = Math.Round(r.OnePercent, 4),
                ["linear_probe_top1"] = Math.Round(r.All, 4),
                ["knn_top1"] = Math.Round(r.Knn, 4),
                ["pretrain_seconds"] = Math.Round(r.Seconds, 1),
                ["images_per_second"] = Math.Round(r.ImagesPerSecond),
                ["epochs"] = r.Epochs,
            }).ToArray(),
        };
        string json = JsonSerializer.Serialize(result);
        File.WriteAllText(Path.Combine(options.Output, "fashion-mnist-methods-result.json"), json);
        Console.WriteLine("RESULT " + json);
        return 0;
    }

    private static string Slug(string name) => new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-').Replace("--", "-");
}
