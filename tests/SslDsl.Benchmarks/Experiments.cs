using SslDsl;

namespace SslDsl.Benchmarks;

// The experiments measured here, compiled by SslDsl's generator into `Trainer` classes
// (obj/<Configuration>/net10.0/generated/**/SslDsl.Benchmarks.*.SslTrainer.g.cs).
// Channel widths are multiples of 16: libtorch 2.10 CPU convolutions are wrong for 4/8/12/24 channels on some
// AVX-512 CPUs (docs/known-issues.md).

/// <summary>
/// The reference: SimCLR's CIFAR pipeline (RandomResizedCrop 32, flip 0.5, ColorJitter 0.4/0.4/0.4/0.1 with
/// p 0.8, grayscale 0.2) on 3x32x32 images, ResNet-18 with the small-input stem, the default projector
/// (2048 hidden, 128 out), NT-Xent, LARS, batch 256.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ResNet(Depth = 18, SmallInputs = true)]
[Projector]
[Views(2)]
[RandomResizedCrop(Size = 32)]
[HorizontalFlip(Probability = 0.5)]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0.4, Hue = 0.1, Probability = 0.8)]
[Grayscale(Probability = 0.2)]
[SimClr(Temperature = 0.5)]
[Lars]
[Training(BatchSize = Workload.BatchSize, Seed = Workload.Seed)]
public partial class ResNet18SimClr
{
}

/// <summary>
/// The lighter encoder: the same augmentations, ConvNet 32-64-128-256, projector 512-128, NT-Xent, AdamW, batch 256.
/// The hand-written loop (<see cref="HandWrittenSimClr"/>) reproduces exactly this experiment.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = Workload.ProjectorHidden, Output = Workload.ProjectorOutput)]
[Views(2)]
[RandomResizedCrop(Size = 32)]
[HorizontalFlip(Probability = 0.5)]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0.4, Hue = 0.1, Probability = 0.8)]
[Grayscale(Probability = 0.2)]
[SimClr(Temperature = Workload.Temperature)]
[AdamW(LearningRate = Workload.LearningRate, WeightDecay = Workload.WeightDecay)]
[Training(BatchSize = Workload.BatchSize, Seed = Workload.Seed)]
public partial class ConvNetSimClr
{
}

/// <summary>
/// <see cref="ConvNetSimClr"/> without augmentations (both views are the batch itself): isolates what the trainer
/// adds around encoder, loss and optimizer.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = Workload.ProjectorHidden, Output = Workload.ProjectorOutput)]
[Views(2)]
[SimClr(Temperature = Workload.Temperature)]
[AdamW(LearningRate = Workload.LearningRate, WeightDecay = Workload.WeightDecay)]
[Training(BatchSize = Workload.BatchSize, Seed = Workload.Seed)]
public partial class ConvNetSimClrNoAugmentation
{
}

/// <summary>
/// BYOL on the same ConvNet, projector and predictor 512-128, AdamW: after every optimizer step the momentum update
/// averages one target tensor per online parameter (many small EMA updates). Used by the fused-step measurement.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = Workload.ProjectorHidden, Output = Workload.ProjectorOutput)]
[Predictor(Hidden = Workload.ProjectorHidden)]
[Views(2)]
[Byol]
[AdamW(LearningRate = Workload.LearningRate, WeightDecay = Workload.WeightDecay)]
[Training(BatchSize = Workload.BatchSize, Seed = Workload.Seed)]
public partial class ConvNetByolNoAugmentation
{
}
