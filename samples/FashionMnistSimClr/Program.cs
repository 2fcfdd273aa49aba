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
var budgetOption = new Option<double>("--minutes") { Description = "Pretraining time budget in minutes", DefaultValueFactory = _ => 9.0 };
var epochsOption = new Option<int?>("--epochs") { Description = "Most epochs to train (default: [Training] Epochs); the schedule shrinks to fit --minutes" };
var limitOption = new Option<int?>("--train-limit") { Description = "Use only the first N training images (quick smoke runs)" };
var deviceOption = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
var seedOption = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
var precisionOption = new Option<string>("--precision") { Description = "auto (default: bfloat16 where the device computes it natively, else float32), float32, bfloat16 or float16", DefaultValueFactory = _ => "auto" };

var root = new RootCommand("SimCLR pretraining on Fashion-MNIST with SslDsl; prints RESULT {json} last.")
{
    dataOption, outputOption, encoderOption, budgetOption, epochsOption, limitOption, deviceOption, seedOption, precisionOption,
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
    parse.GetValue(precisionOption)!)));
return root.Parse(args).Invoke();

internal sealed record SampleOptions(string Data, string Output, string Encoder, TimeSpan Budget, int? Epochs, int? TrainLimit, string Device, int Seed, string Precision);

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
        Tensor pretrainImages = options.TrainLimit is { } limit ? train.Images.narrow(0, 0, Math.Min(limit, train.Count)) : train.Images;
        Console.WriteLine($"Train {train.Count} images (pretraining on {pretrainImages.shape[0]}, labels unused), test {test.Count}; encoder {options.Encoder}, device {device}");

        using SslTrainer trainer = create(options.Seed);
        trainer.Precision = ChoosePrecision(options.Precision, trainer.Precision, device);
        Console.WriteLine($"Pretraining for at most {options.Epochs?.ToString() ?? "the experiment's"} epochs within {options.Budget.TotalMinutes:0.#} min (the schedule is fitted to the budget)");

        using ImageDataset monitorTrain = train.Subset(5000, seed: 1);
        using ImageDataset monitorTest = test.Subset(1000, seed: 1);
        var monitor = new KnnMonitorData(monitorTrain.Images, monitorTrain.Labels, monitorTest.Images, monitorTest.Labels, FashionMnist.ClassCount);
        PretrainReport report = trainer.Fit(pretrainImages, options.Epochs, options.Budget, monitor: monitor); // progress: the runtime's bar or lines
        Console.WriteLine($"Pretrained {report.Steps} steps in {report.Seconds:0.0}s" + (report.StoppedBecause is { } why ? $" (stopped: {why})" : ""));

        Directory.CreateDirectory(options.Output);
        string checkpoint = Path.Combine(options.Output, $"fashion-mnist-{objective}-{options.Encoder}.ckpt");
        trainer.Save(checkpoint);
        string curve = Path.Combine(options.Output, $"fashion-mnist-{objective}-{options.Encoder}-loss.png");
        ConvergencePlot.Save(curve, $"SimCLR on Fashion-MNIST ({options.Encoder})",
            new[] { ("NT-Xent loss", (IReadOnlyList<double>)report.LossCurve.Select(p => (double)p.Step).ToList(), (IReadOnlyList<double>)report.LossCurve.Select(p => p.Loss).ToList()) },
            "optimizer step", "training loss");

        using ImageDataset fewLabels = train.StratifiedFraction(0.01, seed: 0);
        Console.WriteLine("Evaluating: linear probes on frozen features (all labels, 1% = 600 labels) and kNN");
        var clock = Stopwatch.StartNew();
        ProbePair pretrained = Probe(trainer, train, fewLabels, test, out double knn);
        using ISslTrainer randomInit = create(options.Seed + 1000);
        ProbePair random = Probe(randomInit, train, fewLabels, test, out _);
        ProbePair raw;
        using (Tensor rawTrain = Flat(train), rawFew = Flat(fewLabels), rawTest = Flat(test))
        {
            raw = ProbeFeatures(rawTrain, rawFew, rawTest, train, fewLabels, test);
        }

        Console.WriteLine($"Evaluation took {clock.Elapsed.TotalSeconds:0}s");

        Console.WriteLine();
        Console.WriteLine("                      all labels   1% labels");
        Console.WriteLine($"  SimCLR pretrained     {pretrained.All,8:P2}   {pretrained.OnePercent,8:P2}   (kNN {knn:P2})");
        Console.WriteLine($"  random init encoder   {random.All,8:P2}   {random.OnePercent,8:P2}");
        Console.WriteLine($"  raw pixels            {raw.All,8:P2}   {raw.OnePercent,8:P2}");
        Console.WriteLine($"Loss curve: {curve}");
        string tsne = SaveTsne(trainer, test, Path.Combine(options.Output, $"fashion-mnist-{objective}-{options.Encoder}-tsne.png"));
        Console.WriteLine($"t-SNE of 1,500 test embeddings: {tsne}");
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
            ["pretrain_seconds"] = Math.Round(report.Seconds, 1),
            ["final_loss"] = FinalLoss(report), // null when the budget ended the run before its first loss reading
            ["linear_probe_top1"] = Math.Round(pretrained.All, 4),
            ["random_init_top1"] = Math.Round(random.All, 4),
            ["raw_input_top1"] = Math.Round(raw.All, 4),
            ["linear_probe_top1_1pct"] = Math.Round(pretrained.OnePercent, 4),
            ["random_init_top1_1pct"] = Math.Round(random.OnePercent, 4),
            ["raw_input_top1_1pct"] = Math.Round(raw.OnePercent, 4),
            ["knn_top1"] = Math.Round(knn, 4),
            ["loss_curve_png"] = curve,
            ["tsne_png"] = tsne,
        };
        string json = JsonSerializer.Serialize(result);
        File.WriteAllText(Path.Combine(options.Output, $"fashion-mnist-{objective}-{options.Encoder}-result.json"), json);
        Console.WriteLine("RESULT " + json);
        train.Dispose();
        test.Dispose();
        return 0;
    }

    private sealed record ProbePair(double All, double OnePercent);

    /// <summary>Linear-probe iterations (full-batch L-BFGS), the same for every representation compared.</summary>
    private const int ProbeIterations = 300;

    /// <summary>Embeds each split once, then fits the probes (and kNN) on the frozen features.</summary>
    /// <summary>t-SNE map of the embeddings of 1,500 test images (a seeded subset), coloured by class.</summary>
    private static string SaveTsne(ISslTrainer trainer, ImageDataset test, string path)
    {
        var watch = Stopwatch.StartNew();
        using ImageDataset subset = test.Subset(1500, seed: 2);
        using Tensor features = trainer.Embed(subset.Images);
        using Tensor map = Tsne.Map(features, new TsneOptions(Perplexity: 30, Iterations: 750));
        string saved = TsnePlot.Save(path, "SimCLR embeddings of Fashion-MNIST test images (t-SNE)", map, subset.Labels, FashionMnist.ClassNames);
        Console.WriteLine($"t-SNE took {watch.Elapsed.TotalSeconds:0}s");
        return saved;
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
    private static Precision ChoosePrecision(string option, Precision declared, Device device)
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

    private static ProbePair Probe(ISslTrainer trainer, ImageDataset train, ImageDataset fewLabels, ImageDataset test, out double knn)
    {
        using Tensor trainFeatures = trainer.Embed(train.Images);
        using Tensor fewFeatures = trainer.Embed(fewLabels.Images);
        using Tensor testFeatures = trainer.Embed(test.Images);
        knn = KnnClassifier.Top1(trainFeatures, train.Labels, testFeatures, test.Labels, FashionMnist.ClassCount, k: 200, temperature: 0.1);
        return ProbeFeatures(trainFeatures, fewFeatures, testFeatures, train, fewLabels, test);
    }

    private static ProbePair ProbeFeatures(Tensor trainFeatures, Tensor fewFeatures, Tensor testFeatures, ImageDataset train, ImageDataset fewLabels, ImageDataset test)
    {
        double all = LinearProbe.Fit(trainFeatures, train.Labels, testFeatures, test.Labels, FashionMnist.ClassCount, ProbeIterations).Top1;
        double few = LinearProbe.Fit(fewFeatures, fewLabels.Labels, testFeatures, test.Labels, FashionMnist.ClassCount, ProbeIterations).Top1;
        return new ProbePair(all, few);
    }

    /// <summary>Raw pixels as features: the baseline a representation has to beat.</summary>
    private static Tensor Flat(ImageDataset d) => d.Images.reshape(d.Count, -1).to_type(ScalarType.Float32).div_(255.0);
}

