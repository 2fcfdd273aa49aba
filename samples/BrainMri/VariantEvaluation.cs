using SslDsl.Evaluation;
using SslDsl.Reports;
using SslDsl.Training;
using static TorchSharp.torch;

namespace BrainMriSample;

/// <summary>One row of the comparison: probes at three label fractions, kNN, and the pretraining behind the encoder.</summary>
internal sealed record VariantRow(string Name, double OnePercent, double TenPercent, double All, double Knn, double PretrainSeconds, double? SecondsToTarget, Curve? Curve)
{
    public Dictionary<string, object?> ToJson() => new()
    {
        ["variant"] = Name,
        ["linear_probe_top1_1pct"] = Math.Round(OnePercent, 4),
        ["linear_probe_top1_10pct"] = Math.Round(TenPercent, 4),
        ["linear_probe_top1"] = Math.Round(All, 4),
        ["knn_top1"] = Math.Round(Knn, 4),
        ["pretrain_seconds"] = Math.Round(PretrainSeconds, 1),
        ["seconds_to_knn_target"] = SecondsToTarget is { } s ? Math.Round(s, 1) : null,
        ["knn_per_epoch"] = Curve?.Y.Select(y => Math.Round(y, 4)).ToArray(),
        ["seconds_per_epoch"] = Curve?.X.Select(x => Math.Round(x, 1)).ToArray(),
    };
}

/// <summary>
/// The same protocol for every representation: frozen features of all training-slab patches and all test-slab
/// patches; linear probes (L-BFGS, 300 iterations, the default L2) on stratified 1 %, 10 % and all of the training
/// labels; kNN (k = 20, cosine, τ = 0.1) with all training labels.
/// </summary>
internal sealed class VariantEvaluation(PatchSplit split, double knnTarget)
{
    private static readonly double[] Fractions = { 0.01, 0.1, 1.0 };

    /// <summary>kNN neighbours: a few hundred patches per lobe in the training slabs make 200 (the ImageNet habit) too coarse.</summary>
    public const int KnnK = 20;

    public VariantRow Evaluate(string name, ISslTrainer trainer, Curve? curve, double pretrainSeconds, RunReport? report = null)
    {
        using Tensor trainFeatures = trainer.Embed(split.TrainImages);
        using Tensor testFeatures = trainer.Embed(split.TestImages);
        VariantRow row = Score(name, trainFeatures, testFeatures, curve, pretrainSeconds, out IReadOnlyList<LinearProbeResult> probes);
        if (report is not null && trainer is SslTrainer ssl)
        {
            foreach (LinearProbeResult probe in probes)
            {
                report.AddLinearProbe($"MRI lobe probe ({probe.TrainSamples} labels)", probe);
            }

            report.AddKnn($"MRI lobe kNN k={KnnK} (all labels)", row.Knn);
            report.SetMetric("pretraining seconds behind this encoder (earlier stages included)", pretrainSeconds);
            ssl.WriteReport();
        }

        Console.WriteLine($"   {name}: probe 1 % {row.OnePercent:P1}, 10 % {row.TenPercent:P1}, all {row.All:P1}; kNN {row.Knn:P1}");
        return row;
    }

    /// <summary>Raw pixels as features: what a representation has to beat.</summary>
    public VariantRow RawPixels()
    {
        using Tensor train = split.TrainImages.reshape(split.TrainCount, -1);
        using Tensor test = split.TestImages.reshape(split.TestCount, -1);
        VariantRow row = Score("raw pixels", train, test, curve: null, pretrainSeconds: 0, out _);
        Console.WriteLine($"   raw pixels: probe 1 % {row.OnePercent:P1}, 10 % {row.TenPercent:P1}, all {row.All:P1}; kNN {row.Knn:P1}");
        return row;
    }

    private VariantRow Score(string name, Tensor trainFeatures, Tensor testFeatures, Curve? curve, double pretrainSeconds, out IReadOnlyList<LinearProbeResult> probes)
    {
        probes = LinearProbe.FitFractions(trainFeatures, split.TrainLabels, testFeatures, split.TestLabels, AalLobes.Count, Fractions, new LinearProbeOptions(Iterations: 300));
        double knn = KnnClassifier.Top1(trainFeatures, split.TrainLabels, testFeatures, split.TestLabels, AalLobes.Count, k: KnnK, temperature: 0.1);
        return new VariantRow(name, probes[0].Top1, probes[1].Top1, probes[2].Top1, knn, pretrainSeconds, curve?.SecondsTo(knnTarget), curve);
    }
}
