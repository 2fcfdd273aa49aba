using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FashionMnistSimClr;
using SslDsl;
using SslDsl.Data;
using SslDsl.Evaluation;
using SslDsl.Plots;
using SslDsl.Samples;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

// Pretrains an encoder with SimCLR on Fashion-MNIST's 60,000 training images (labels unused), then measures
// linear-probe top-1 on the official 10,000 test images against a randomly initialised encoder and raw pixels.

var dataOption = new Option<string?>("--data") { Description = "Folder with the four Fashion-MNIST .gz files (default: .data/fashion-mnist in the repository)" };
var outputOption = new Option<string>("--output") { Description = "Folder for the loss curve, checkpoint and result JSON", DefaultValueFactory = _ => Path.Combine("samples", "output") };
var encoderOption = new Option<string>("--encoder") { Description = "convnet (default, fits 10 CPU minutes) or resnet18 (narrow ResNet-18; wants a GPU or hours)", DefaultValueFactory = _ => "convnet" };
var budgetOption = new Option<double>("--minutes") { Description = "Pretraining time budget in minutes (wall time, monitors included; the PyTorch reference had 600 s)", DefaultValueFactory = _ => 10.0 };
var epochsOption = new Option<int?>("--epochs") { Description = "Most epochs to train (default: [Training] Epochs); the schedule shrinks to fit --minutes" };
var limitOption = new Option<int?>("--train-limit") { Description = "Use only the first N training images (quick smoke runs)" };
var deviceOption = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
var seedOption = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
var methodsOption = new Option<bool>("--methods") { Description = "Train SimCLR, MoCo v2, BYOL, Barlow Twins, VICReg, NNCLR, DINO, SwAV and MAE with the same budget each and print one table" };
var methodMinutesOption = new Option<double>("--method-minutes") { Description = "With --methods: pretraining minutes per method", DefaultValueFactory = _ => 1.25 };
var referenceOption = new Option<string?>("--reference-features") { Description = "Folder written by reference/simclr_reference.py: probe the PyTorch reference's encoder with this sample's protocol, in the same table" };
var precisionOption = new Option<string>("--precision") { Description = "auto (default: bfloat16 where the device computes it natively, else float32), float32, bfloat16 or float16", DefaultValueFactory = _ => "auto" };

var root = new RootCommand("SimCLR pretraining on Fashion-MNIST with SslDsl; prints RESULT {json} last.")
{
    dataOption, outputOption, encoderOption, budgetOption, epochsOption, limitOption, deviceOption, seedOption, precisionOption, methodsOption, methodMinutesOption, referenceOption,
};
root.SetAction(parse => SampleRun.Run(new SampleOptions(
    parse.GetValue(dataOption) ?? SampleDataSet.FashionMnist.DefaultFolder(),
    parse.GetValue(outputOption)!,
    parse.GetValue(encoderOption)!,
    TimeSpan.FromMinutes(parse.GetValue(budgetOption)),
    parse.GetValue(epochsOption),
    parse.GetValue(limitOption),
    parse.GetValue(deviceOption)!,
    parse.GetValue(seedOption),
    parse.GetValue(precisionOption)!,
    parse.GetValue(methodsOption) ? TimeSpan.FromMinutes(parse.GetValue(methodMinutesOption)) : null,
    parse.GetValue(referenceOption))));
return root.Parse(args).Invoke();

/// <param name="MethodsBudget">With --methods: the pretraining budget of each method; null for the quick start.</param>
/// <param name="ReferenceFeatures">The PyTorch reference's features to probe beside the sample's own; null: none.</param>
internal sealed record SampleOptions(string Data, string Output, string Encoder, TimeSpan Budget, int? Epochs, int? TrainLimit, string Device, int Seed, string Precision, TimeSpan? MethodsBudget = null, string? ReferenceFeatures = null);

internal static class SampleRun
{
    public static int Run(SampleOptions options)
    {
        Device device = options.Device == "cuda" ? CUDA : CPU;
        Func<int, SslTrainer> create = options.Encoder switch
        {
            "convnet" => seed => ConvNetSimClr.CreateTrainer(device, seed),
            "resnet18" => seed => ResNet18SimClr.CreateTrainer(device, seed),
            _ => throw new ArgumentException($"--encoder must be convnet or resnet18, not '{options.Encoder}'"),
        };
        string objective = "simclr";

        Console.WriteLine($"Loading Fashion-MNIST from {options.Data}");
        (ImageDataset train, ImageDataset test) = SampleDataSet.FashionMnist.Load(options.Data, FashionMnist.Load);
        using ReferenceFeatures? reference = options.ReferenceFeatures is { } referenceFolder ? ReferenceFeatures.Load(referenceFolder, train.Count, test.Count) : null; // checked before pretraining
        Tensor pretrainImages = options.TrainLimit is { } limit ? train.Images.narrow(0, 0, Math.Min(limit, train.Count)) : train.Images;
        Console.WriteLine($"Train {train.Count} images (pretraining on {pretrainImages.shape[0]}, labels unused), test {test.Count}; encoder {options.Encoder}, device {device}");

        if (options.MethodsBudget is { } methodsBudget)
        {
            Directory.CreateDirectory(options.Output);
            int code = MethodsRun.Run(options, methodsBudget, device, train, test, pretrainImages);
            train.Dispose();
            test.Dispose();
            return code;
        }

        using SslTrainer trainer = create(options.Seed);
        trainer.Precision = ChoosePrecision(options.Precision, trainer.Precision, device);
        Console.WriteLine($"Pretraining for at most {options.Epochs?.ToString() ?? "the experiment's"} epochs within {options.Budget.TotalMinutes:0.#} min (the schedule is fitted to the budget)");

        using ImageDataset monitorTrain = train.Subset(Math.Min(5000, train.Count), seed: 1); // smaller data (smoke runs): all of it
        using ImageDataset monitorTest = test.Subset(Math.Min(1000, test.Count), seed: 1);
        var monitor = new KnnMonitorData(monitorTrain.Images, monitorTrain.Labels, monitorTest.Images, monitorTest.Labels, FashionMnist.ClassCount);
        using Tensor probeLabels = OnlineProbeLabels(train.Labels.narrow(0, 0, pretrainImages.shape[0]), OnlineProbeFraction);
        var probe = new OnlineProbeData(probeLabels, monitorTest.Images, monitorTest.Labels, FashionMnist.ClassCount);
        Directory.CreateDirectory(options.Output);
        string reportFolder = Path.Combine(options.Output, $"fashion-mnist-{objective}-{options.Encoder}-report");
        trainer.ReportDirectory = reportFolder; // report.json, report.md and the curves, rewritten after Fit and each evaluation
        trainer.ReportFigures = new RunReportFigures();
        PretrainReport report = trainer.Fit(pretrainImages, options.Epochs, options.Budget, monitor: monitor, probe: probe); // progress: the runtime's bar or lines
        Console.WriteLine($"Pretrained {report.Steps} steps in {report.Seconds:0.0}s of training; the monitors (kNN, online probe, RankMe) took {report.MonitorSeconds:0.0}s more" + (report.StoppedBecause is { } why ? $" (stopped: {why})" : ""));

        string checkpoint = Path.Combine(options.Output, $"fashion-mnist-{objective}-{options.Encoder}.ckpt");
        trainer.Save(checkpoint);
        string curve = Path.Combine(reportFolder, "loss.png");

        Console.WriteLine("Evaluating: linear probes on frozen features (1%, 10% and all labels) and kNN, for the pretrained encoder, the same encoder at random init, and raw pixels");
        var times = new PhaseTimes();
        using SslTrainer randomInit = create(options.Seed + 1000);
        // Pretraining gathered the batch-norm statistics on augmented views; the probes see clean images (update_bn).
        int recalibrated = times.Time("batch-norm statistics", () =>
        {
            randomInit.RecalibrateBatchNorm(pretrainImages);
            return trainer.RecalibrateBatchNorm(pretrainImages);
        });
        Console.WriteLine($"Batch-norm statistics of both encoders re-estimated on the {pretrainImages.shape[0]:N0} clean pretraining images ({recalibrated} layers; weights unchanged)");
        (ProbeRow pretrained, double knn) = times.Time("pretrained", () => Probe(trainer, train, test));
        ProbeRow random = times.Time("random init", () => Probe(randomInit, train, test).Row);
        ProbeRow raw = times.Time("raw pixels", () =>
        {
            using Tensor rawTrain = Flat(train), rawTest = Flat(test);
            return ProbeProtocol.Run(rawTrain, rawTest, train, test);
        });

        ProbeRow? referenceRow = null;
        double referenceKnn = double.NaN;
        if (reference is not null)
        {
            (referenceRow, referenceKnn) = times.Time("PyTorch reference", () => (ProbeProtocol.Run(reference.Train, reference.Test, train, test), Knn(reference.Train, reference.Test, train, test)));
        }

        RecordProbes(trainer, pretrained, random, raw, knn);
        Console.WriteLine();
        Console.WriteLine($"Linear probes: L-BFGS on standardised features; 1 % is the mean of {ProbeProtocol.OnePercentSubsets} label subsets (lowest-highest), 1 % and 10 % with the L2 penalty chosen on held-out labels");
        Console.WriteLine("                      1% labels (range)          10% labels  all labels");
        Console.WriteLine($"  SimCLR pretrained     {Row(pretrained)}   (kNN {knn:P2})");
        Console.WriteLine($"  random init encoder   {Row(random)}");
        Console.WriteLine($"  raw pixels            {Row(raw)}");
        if (referenceRow is not null)
        {
            Console.WriteLine($"  PyTorch reference     {Row(referenceRow)}   (kNN {referenceKnn:P2}; {reference!.Epochs} epochs in {reference.PretrainSeconds:0}s)");
            trainer.Report.AddKnn("kNN k=200, PyTorch reference", referenceKnn);
            trainer.Report.SetMetric("linear probe top-1, PyTorch reference, 1% labels", referenceRow.OnePercent);
            trainer.Report.SetMetric("linear probe top-1, PyTorch reference, 10% labels", referenceRow.TenPercent);
            trainer.Report.SetMetric("linear probe top-1, PyTorch reference, all labels", referenceRow.All);
        }

        (string tsne, double tsneSeconds, double trustworthiness) = times.Time("t-SNE", () => SaveTsne(trainer, test, Path.Combine(reportFolder, "tsne.png")));
        trainer.Report.AddFigure($"t-SNE of {Math.Min(2000, test.Count):N0} test embeddings", "tsne.png");
        trainer.Report.SetMetric($"t-SNE seconds ({Math.Min(2000, test.Count):N0} points)", tsneSeconds);
        trainer.Report.SetMetric("t-SNE trustworthiness (k = 5)", trustworthiness);
        Console.WriteLine($"t-SNE of {Math.Min(2000, test.Count):N0} test embeddings: {tsne} ({tsneSeconds:0.0}s, trustworthiness {trustworthiness:0.000})");

        // Fine-tuning last: it changes the encoder in place (the checkpoint above keeps the pretrained weights).
        FineTuneRow fineTune = times.Time("fine-tuning", () => FineTuneOnOnePercent(trainer, randomInit, train, test, options.Seed));
        Console.WriteLine($"Fine-tuning with 1% of the labels ({fineTune.TrainingLabels} train / {fineTune.ValidationLabels} validation): pretrained {fineTune.Pretrained:P2} (best epoch {fineTune.PretrainedBestEpoch}), from scratch {fineTune.Scratch:P2} (best epoch {fineTune.ScratchBestEpoch}); linear probe on 1% {pretrained.OnePercent:P2}");
        Console.WriteLine($"Evaluation took {times}");
        trainer.WriteReport();
        Console.WriteLine($"Report: {Path.Combine(reportFolder, "report.md")}");
        Console.WriteLine($"Checkpoint: {checkpoint}");

        var result = new Dictionary<string, object?>
        {
            ["dataset"] = "fashion-mnist",
            ["objective"] = objective,
            ["encoder"] = options.Encoder,
            ["device"] = device.ToString(),
            ["precision"] = trainer.Precision.ToString(),
            ["epochs"] = report.Epochs.Count,
            ["steps"] = report.Steps,
            ["pretrain_seconds"] = Math.Round(report.Seconds, 1), // training time; the budget's
            ["monitor_seconds"] = Math.Round(report.MonitorSeconds, 1),
            ["final_loss"] = FinalLoss(report), // null when the budget ended the run before its first loss reading
            ["linear_probe_top1"] = Math.Round(pretrained.All, 4),
            ["random_init_top1"] = Math.Round(random.All, 4),
            ["raw_input_top1"] = Math.Round(raw.All, 4),
            ["linear_probe_top1_10pct"] = Math.Round(pretrained.TenPercent, 4),
            ["random_init_top1_10pct"] = Math.Round(random.TenPercent, 4),
            ["raw_input_top1_10pct"] = Math.Round(raw.TenPercent, 4),
            ["linear_probe_top1_1pct"] = Math.Round(pretrained.OnePercent, 4), // the mean over the label subsets
            ["linear_probe_top1_1pct_range"] = new[] { Math.Round(pretrained.OnePercentMin, 4), Math.Round(pretrained.OnePercentMax, 4) },
            ["random_init_top1_1pct"] = Math.Round(random.OnePercent, 4),
            ["raw_input_top1_1pct"] = Math.Round(raw.OnePercent, 4),
            ["knn_top1"] = Math.Round(knn, 4),
            ["online_probe_top1"] = report.Epochs.Count > 0 && report.Epochs[^1].OnlineProbeTop1 is { } online ? Math.Round(online, 4) : null,
            ["rankme"] = report.Epochs.Count > 0 && report.Epochs[^1].Health is { } health ? Math.Round(health.RankMe, 1) : null,
            ["fine_tune_top1_1pct"] = Math.Round(fineTune.Pretrained, 4),
            ["scratch_top1_1pct"] = Math.Round(fineTune.Scratch, 4),
            ["tsne_seconds"] = Math.Round(tsneSeconds, 1),
            ["tsne_trustworthiness"] = Math.Round(trustworthiness, 4),
            ["loss_curve_png"] = File.Exists(curve) ? curve : null, // none before the first epoch ends
            ["tsne_png"] = tsne,
            ["report_md"] = Path.Combine(reportFolder, "report.md"),
        };
        if (referenceRow is not null)
        {
            result["reference_linear_probe_top1"] = Math.Round(referenceRow.All, 4);
            result["reference_linear_probe_top1_10pct"] = Math.Round(referenceRow.TenPercent, 4);
            result["reference_linear_probe_top1_1pct"] = Math.Round(referenceRow.OnePercent, 4);
            result["reference_knn_top1"] = Math.Round(referenceKnn, 4);
            result["reference_epochs"] = reference!.Epochs;
            result["reference_pretrain_seconds"] = reference.PretrainSeconds;
        }

        string json = JsonSerializer.Serialize(result);
        File.WriteAllText(Path.Combine(options.Output, $"fashion-mnist-{objective}-{options.Encoder}-result.json"), json);
        Console.WriteLine("RESULT " + json);
        train.Dispose();
        test.Dispose();
        return 0;
    }

    /// <summary>The fraction of training labels the online probe sees during pretraining (the rest are -1).</summary>
    private const double OnlineProbeFraction = 0.1;

    /// <summary>Labels for a stratified, seeded fraction of the rows, -1 for the others.</summary>
    private static Tensor OnlineProbeLabels(Tensor labels, double fraction)
    {
        using Tensor kept = LinearProbe.LabelSubset(labels, FashionMnist.ClassCount, fraction, seed: 3);
        Tensor partial = full(labels.shape[0], -1L);
        partial.index_copy_(0, kept, labels.index_select(0, kept).to_type(ScalarType.Int64));
        return partial;
    }

    private sealed record FineTuneRow(double Pretrained, int PretrainedBestEpoch, double Scratch, int ScratchBestEpoch, long TrainingLabels, long ValidationLabels);

    /// <summary>t-SNE map (Barnes–Hut) of the embeddings of 2,000 test images (a seeded subset), coloured by class; its time and trustworthiness.</summary>
    private static (string Path, double Seconds, double Trustworthiness) SaveTsne(ISslTrainer trainer, ImageDataset test, string path)
    {
        var watch = Stopwatch.StartNew();
        using ImageDataset subset = test.Subset(Math.Min(2000, test.Count), seed: 2);
        using Tensor features = trainer.Embed(subset.Images);
        using Tensor map = Tsne.Map(features, new TsneOptions(Perplexity: 30, Iterations: 750));
        double seconds = watch.Elapsed.TotalSeconds;
        TsnePlot.Save(path, "SimCLR embeddings of Fashion-MNIST test images (t-SNE)", map, subset.Labels, FashionMnist.ClassNames);
        return (path, seconds, Tsne.Trustworthiness(features, map, k: 5));
    }

    /// <summary>The last epoch's loss, else the last window's (a budget can end a run inside its first epoch).</summary>
    private static double? FinalLoss(PretrainReport report) =>
        report.Epochs.Count > 0 ? Math.Round(report.Epochs[^1].Loss, 4)
        : report.LossCurve.Count > 0 ? Math.Round(report.LossCurve[^1].Loss, 4)
        : null;

    /// <summary>
    /// --precision auto keeps the experiment's BFloat16 where the device computes it natively (CPUs with AVX512-BF16 or
    /// AMX, CUDA) and falls back to Float32 elsewhere, where emulated bfloat16 would be slower; it says which.
    /// </summary>
    internal static Precision ChoosePrecision(string option, Precision declared, Device device)
    {
        Precision chosen = option switch
        {
            "auto" => MixedPrecision.IsNative(declared, device) ? declared : Precision.Float32,
            "float32" => Precision.Float32,
            "bfloat16" => Precision.BFloat16,
            "float16" => Precision.Float16,
            _ => throw new ArgumentException($"--precision must be auto, float32, bfloat16 or float16, not '{option}'"),
        };
        Console.WriteLine(option == "auto" && chosen != declared
            ? $"Precision: {chosen} ({declared} is emulated on this {device.type} and would be slower; --precision bfloat16 forces it)"
            : $"Precision: {chosen}" + (option == "auto" ? $" (native on this {device.type})" : ""));
        return chosen;
    }

    /// <summary>Embeds each split once, then fits the probes (every fraction) and kNN on the frozen features.</summary>
    private static (ProbeRow Row, double Knn) Probe(ISslTrainer trainer, ImageDataset train, ImageDataset test)
    {
        using Tensor trainFeatures = trainer.Embed(train.Images);
        using Tensor testFeatures = trainer.Embed(test.Images);
        double knn = Knn(trainFeatures, testFeatures, train, test);
        return (ProbeProtocol.Run(trainFeatures, testFeatures, train, test), knn);
    }

    /// <summary>kNN top-1 (k = 200, temperature 0.1, cosine) of the test images among all training images.</summary>
    private static double Knn(Tensor trainFeatures, Tensor testFeatures, ImageDataset train, ImageDataset test) =>
        KnnClassifier.Top1(trainFeatures, train.Labels, testFeatures, test.Labels, FashionMnist.ClassCount, k: 200, temperature: 0.1);

    private static void RecordProbes(SslTrainer trainer, ProbeRow pretrained, ProbeRow random, ProbeRow raw, double knn)
    {
        trainer.Report.AddKnn("kNN k=200 (all labels)", knn);
        for (int i = 0; i < pretrained.Results.Count; i++)
        {
            trainer.Report.AddLinearProbe($"linear probe, pretrained {ProbeProtocol.Describe(pretrained, i)}", pretrained.Results[i]);
        }

        string[] names = { "1%", "10%", "all" };
        double[][] rows = { new[] { pretrained.OnePercent, pretrained.TenPercent, pretrained.All }, new[] { random.OnePercent, random.TenPercent, random.All }, new[] { raw.OnePercent, raw.TenPercent, raw.All } };
        string[] what = { "pretrained", "random init", "raw pixels" };
        for (int r = 0; r < 3; r++)
        {
            for (int f = 0; f < 3; f++)
            {
                trainer.Report.SetMetric($"linear probe top-1, {what[r]}, {names[f]} labels", rows[r][f]);
            }
        }

        trainer.WriteReport();
    }

    /// <summary>
    /// The annotation-cost comparison: with 1% of the labels (600, split 480 / 120 for early stopping), fine-tune the
    /// pretrained encoder ([FineTune]: head 10× the backbone's rate) and train the same network from random init with
    /// the same recipe; both are scored on the whole test set. The linear probe on the same 1% is the third number.
    /// </summary>
    private static FineTuneRow FineTuneOnOnePercent(SslTrainer pretrained, ISslTrainer scratch, ImageDataset train, ImageDataset test, int seed)
    {
        // 1 %, but at least 4 labels per class so that a smoke run on a few hundred images can still split them.
        using ImageDataset onePercent = train.StratifiedFraction(Math.Max(0.01, (4.5 * FashionMnist.ClassCount) / train.Count), seed: seed);
        using Tensor validationRows = LinearProbe.LabelSubset(onePercent.Labels, FashionMnist.ClassCount, 0.2, seed: seed);
        using Tensor isValidation = zeros(onePercent.Count, dtype: ScalarType.Bool).index_fill_(0, validationRows, true);
        using Tensor trainingRows = isValidation.logical_not().nonzero().squeeze(1);
        using Tensor fitImages = onePercent.Images.index_select(0, trainingRows), fitLabels = onePercent.Labels.index_select(0, trainingRows);
        using Tensor valImages = onePercent.Images.index_select(0, validationRows), valLabels = onePercent.Labels.index_select(0, validationRows);

        using FineTuneResult tuned = pretrained.FineTune(fitImages, fitLabels, valImages, valLabels, FashionMnist.ClassCount);
        double tunedTop1 = tuned.Evaluate(test.Images, test.Labels).Top1;
        string name = $"fine-tune ({fitImages.shape[0]} labels)"; // the name the trainer recorded it under: now with its test top-1
        pretrained.Report.AddFineTune(name, tuned, tunedTop1);
        using FineTuneResult fromScratch = scratch.FineTune(fitImages, fitLabels, valImages, valLabels, FashionMnist.ClassCount);
        double scratchTop1 = fromScratch.Evaluate(test.Images, test.Labels).Top1;
        pretrained.Report.AddFineTune($"from scratch ({fitImages.shape[0]} labels)", fromScratch, scratchTop1);
        return new FineTuneRow(tunedTop1, tuned.BestEpoch, scratchTop1, fromScratch.BestEpoch, fitImages.shape[0], valImages.shape[0]);
    }

    private static string Row(ProbeRow row) =>
        $"{row.OnePercent,8:P2} ({row.OnePercentMin * 100:0.0}-{row.OnePercentMax * 100:0.0} %)   {row.TenPercent,8:P2}   {row.All,8:P2}";

    /// <summary>Raw pixels as features: the baseline a representation has to beat.</summary>
    private static Tensor Flat(ImageDataset d) => d.Images.reshape(d.Count, -1).to_type(ScalarType.Float32).div_(255.0);
}

