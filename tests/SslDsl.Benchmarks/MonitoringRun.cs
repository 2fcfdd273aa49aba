using System.Diagnostics;
using System.Globalization;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>The quick start's experiment (Fashion-MNIST shape, ConvNet 32-64-128-256, batch 128, BFloat16) with the monitors.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = 512, Output = 128)]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]
[SimClr(Temperature = 0.2)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[Training(BatchSize = 128, Precision = Precision.BFloat16, Seed = 1)]
[OnlineProbe(LearningRate = 5e-3)]
public partial class MonitoredConvNetSimClr
{
}

/// <summary>
/// Monitoring mode (--monitoring): what the online probe and the health measurements cost a pretraining epoch. Three
/// cases on the same synthetic data, in alternating rounds: nothing monitored; the online probe on 10 % of the labels
/// (held-out top-1 at the epoch end on 1,000 images); health every 20 optimizer steps (the quick start measures every
/// 200). Reported: training samples per second (the epoch's own rate, end-of-epoch evaluation excluded) and the whole
/// Fit's wall time (evaluation included).
/// </summary>
public static class MonitoringRun
{
    private const int Images = 128 * 60; // 60 optimizer steps
    private const int Classes = 10;

    public static void Run(int rounds)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        Tensor images = rand(new long[] { Images, 1, 28, 28 }, generator: generator);
        Tensor labels = randint(0, Classes, new long[] { Images }, generator: generator);
        Tensor someLabels = labels.clone().masked_fill_(rand(new long[] { Images }, generator: generator).ge(0.1), -1);
        Tensor testImages = rand(new long[] { 1000, 1, 28, 28 }, generator: generator);
        Tensor testLabels = randint(0, Classes, new long[] { 1000 }, generator: generator);
        var probe = new OnlineProbeData(someLabels, testImages, testLabels, Classes);

        Console.WriteLine();
        Console.WriteLine($"== Monitoring cost: {Images} images 1x28x28, ConvNet SimCLR batch 128 BFloat16, one epoch ({Images / 128} steps) per Fit ==");
        Console.WriteLine($"{"case",-22} {"round",5} {"samples/s",10} {"Fit wall s",11}  load");
        var rates = new Dictionary<string, List<double>>();
        string[] cases = { "none", "online probe", "health every 20 steps" };
        for (int round = 1; round <= rounds; round++)
        {
            foreach (string name in cases)
            {
                using var trainer = MonitoredConvNetSimClr.CreateTrainer(CPU, seed: 1);
                trainer.Health = name == "health every 20 steps" ? new HealthSettings(EverySteps: 20) : null;
                long start = Stopwatch.GetTimestamp();
                PretrainReport report = trainer.Fit(images, epochs: 1, progress: new Progress<EpochReport>(_ => { }), probe: name == "online probe" ? probe : null);
                double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
                double rate = report.Epochs[0].SamplesPerSecond ?? double.NaN;
                (rates.TryGetValue(name, out var list) ? list : rates[name] = new List<double>()).Add(wall);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} {round,5} {rate,10:0} {wall,11:0.00}  {Workload.MachineLoad()}"));
            }
        }

        double baseline = rates["none"].Min();
        foreach (string name in cases.Skip(1))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: best Fit wall {rates[name].Min():0.00} s vs {baseline:0.00} s unmonitored ({100 * ((rates[name].Min() / baseline) - 1):+0.0;-0.0} %)"));
        }
    }
}
