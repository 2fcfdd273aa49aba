namespace SslDsl.Generators.Tests;

// Small experiments compiled by this project's own generator run: the tests train them for real on the CPU.

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })] // multiples of 16: see docs/known-issues.md (oneDNN on AVX-512)
[Projector(Hidden = 32, Output = 16)]
[Views(2)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.3, Contrast = 0.3, Saturation = 0.3, Hue = 0.05)]
[Grayscale(Probability = 0.1)]
[SimClr(Temperature = 0.5)]
[Lars(LearningRate = 0.5, WeightDecay = 1e-6)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 32, Epochs = 3, Seed = 7)]
[LinearProbe(Iterations = 50)]
[KnnMonitor(K = 5, EveryEpochs = 1)]
public partial class TinySimClr
{
}

/// <summary>Nested in a partial type, ResNet encoder, AdamW, gradient accumulation, view-specific flip.</summary>
public static partial class Outer
{
    [SslExperiment]
    [ImageInput(Channels = 1, Height = 8, Width = 8)]
    [ResNet(Depth = 18, SmallInputs = true, WidthMultiplier = 0.25)]
    [Projector(Hidden = 16, Output = 8, Layers = 3)]
    [RandomResizedCrop(Size = 8, MinScale = 0.3)]
    [HorizontalFlip(Probability = 1.0, View = 1)]
    [SimClr(Temperature = 0.2)]
    [AdamW(LearningRate = 1e-3)]
    [Training(BatchSize = 8, Epochs = 1, AccumulationSteps = 2)]
    internal partial class NestedResNetSimClr
    {
    }
}

/// <summary>SGD, no projector, no schedule: the loss sees the encoder output.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 8, Width = 8)]
[ConvNet(Widths = new[] { 16 })]
[SimClr]
[Sgd(LearningRate = 0.1)]
[Training(BatchSize = 16, Epochs = 1)]
public partial class PlainSgdSimClr
{
}

/// <summary>[Checkpoint] from the attribute: every 2 optimizer steps, the newest 2 kept, in a folder of its own.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 8, Width = 8)]
[ConvNet(Widths = new[] { 16, 16 })]
[Projector(Hidden = 16, Output = 8)]
[RandomResizedCrop(MinScale = 0.5)]
[SimClr(Temperature = 0.5)]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 16, Epochs = 2)]
[Checkpoint(EveryEpochs = 0, EverySteps = 2, Directory = "tiny-checkpointed-ckpts", Keep = 2)]
public partial class TinyCheckpointed
{
}
