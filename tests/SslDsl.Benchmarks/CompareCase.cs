using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>
/// One case of the side-by-side comparison: the experiment (generated, fp32 and bf16), what the hand-written and
/// PyTorch sides must build to match it, and how many steps to time.
/// </summary>
/// <param name="Key">Name in the RESULT json.</param>
/// <param name="WarmupBatch">Batch of the untimed first step of every side (smaller than <paramref name="Batch"/> for ResNet-18, where a step takes tens of seconds).</param>
/// <param name="Generated">The generated fp32 trainer.</param>
/// <param name="GeneratedBf16">The generated trainer with <c>[Training(Precision = Precision.BFloat16)]</c>; null where that is not available.</param>
public sealed record CompareCase(
    string Key,
    string Title,
    bool IsResNet,
    bool IsByol,
    int Batch,
    int WarmupBatch,
    int ProjectorHidden,
    int PredictorHidden,
    int Rounds,
    int StepsPerRound,
    Func<Device, GeneratedTrainer> Generated,
    Func<Device, GeneratedTrainer>? GeneratedBf16)
{
    /// <summary>Why the generated bf16 column is empty, when it is.</summary>
    public const string Bf16Missing = "no bf16 experiment for this case";

    /// <summary>
    /// The three cases: (a) ResNet-18 SimCLR batch 256, (b) ConvNet SimCLR batch 64, (c) ConvNet BYOL batch 64; run
    /// in the order b, c, a, so that the long ResNet-18 case comes last.
    /// </summary>
    public static IReadOnlyList<CompareCase> All(int resnetRounds, int resnetSteps, int rounds, int steps) => new[]
    {
        new CompareCase("convnet_simclr_b64", "(b) ConvNet 32-64-128-256 + projector 256-512-128, NT-Xent, AdamW, batch 64 (many small ops)",
            IsResNet: false, IsByol: false, CompareWorkload.ConvNetBatch, CompareWorkload.ConvNetBatch, CompareWorkload.ConvNetProjectorHidden, 0, rounds, steps,
            device =>
            {
                var t = CompareConvNetSimClr.CreateTrainer(device, Workload.Seed);
                return new GeneratedTrainer(t, t.Encoder.parameters().Concat(t.Projector.parameters()));
            },
            device =>
            {
                var t = CompareConvNetSimClrBf16.CreateTrainer(device, Workload.Seed);
                return new GeneratedTrainer(t, t.Encoder.parameters().Concat(t.Projector.parameters()));
            }),
        new CompareCase("convnet_byol_b64", "(c) BYOL: the same ConvNet and projector, predictor 128-512-128, EMA target (m 0.996), AdamW, batch 64",
            IsResNet: false, IsByol: true, CompareWorkload.ConvNetBatch, CompareWorkload.ConvNetBatch, CompareWorkload.ConvNetProjectorHidden, CompareWorkload.ConvNetProjectorHidden, rounds, steps,
            device =>
            {
                var t = CompareConvNetByol.CreateTrainer(device, Workload.Seed);
                return new GeneratedTrainer(t, t.Encoder.parameters().Concat(t.Projector.parameters()).Concat(t.Predictor.parameters()));
            },
            device =>
            {
                var t = CompareConvNetByolBf16.CreateTrainer(device, Workload.Seed);
                return new GeneratedTrainer(t, t.Encoder.parameters().Concat(t.Projector.parameters()).Concat(t.Predictor.parameters()));
            }),
        new CompareCase("resnet18_simclr_b256", "(a) ResNet-18 (small-input stem) + projector 512-2048-128, NT-Xent, AdamW, batch 256 (compute-bound)",
            IsResNet: true, IsByol: false, CompareWorkload.ResNetBatch, WarmupBatch: 16, CompareWorkload.ResNetProjectorHidden, 0, resnetRounds, resnetSteps,
            device =>
            {
                var t = CompareResNet18SimClr.CreateTrainer(device, Workload.Seed);
                return new GeneratedTrainer(t, t.Encoder.parameters().Concat(t.Projector.parameters()));
            },
            device =>
            {
                var t = CompareResNet18SimClrBf16.CreateTrainer(device, Workload.Seed);
                return new GeneratedTrainer(t, t.Encoder.parameters().Concat(t.Projector.parameters()));
            }),
    };

    /// <summary>What pytorch_step.py builds for this case (its <c>setup</c> request).</summary>
    public JsonObject PyTorchExperiment(string precision, string batchFile, string weightsFile)
    {
        var experiment = new JsonObject
        {
            ["encoder"] = IsResNet ? "resnet18" : "convnet",
            ["widths"] = new JsonArray(Workload.ConvNetWidths.Select(w => (JsonNode)w).ToArray()),
            ["channels"] = Workload.Channels,
            ["height"] = Workload.Size,
            ["width"] = Workload.Size,
            ["projector_hidden"] = ProjectorHidden,
            ["projector_output"] = CompareWorkload.ProjectorOutput,
            ["objective"] = IsByol ? "byol" : "simclr",
            ["temperature"] = Workload.Temperature,
            ["momentum"] = CompareWorkload.ByolMomentum,
            ["learning_rate"] = Workload.LearningRate,
            ["weight_decay"] = Workload.WeightDecay,
            ["batch"] = Batch,
            ["warmup_batch"] = WarmupBatch,
            ["precision"] = precision,
            ["seed"] = Workload.Seed,
            ["batch_file"] = batchFile,
            ["weights_file"] = weightsFile,
        };
        if (IsByol) experiment["predictor_hidden"] = PredictorHidden;
        return experiment;
    }
}
