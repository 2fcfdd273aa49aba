namespace SslDsl.Generators.Tests;

// One small experiment per joint-embedding objective, compiled by this project's generator run.

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 16)]
[Predictor(Hidden = 32)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[Byol(MomentumStart = 0.9)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyByol
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 16)]
[Predictor(Hidden = 16)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[SimSiam]
[Sgd(LearningRate = 0.05)]
[Training(BatchSize = 32)]
public partial class TinySimSiam
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 32)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[BarlowTwins]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyBarlowTwins
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 32)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[Vicreg]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyVicreg
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 16)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[MoCo(QueueSize = 128, Momentum = 0.99, Temperature = 0.2)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyMoCoV2
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 16)]
[Predictor(Hidden = 32)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[MoCo(Version = 3, Momentum = 0.99, Temperature = 0.5)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyMoCoV3
{
}

/// <summary>MoCo without a projection head (as MoCo v1): the momentum target is the encoder alone.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[RandomResizedCrop(MinScale = 0.5)]
[MoCo(QueueSize = 64, Momentum = 0.99)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyMoCoWithoutProjector
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 16)]
[Predictor(Hidden = 32)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[Nnclr(SupportSize = 128, Temperature = 0.2)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyNnclr
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[MultiCrop(GlobalCount = 2, GlobalSize = 12, LocalCount = 2, LocalSize = 8, GlobalMinScale = 0.4, LocalMinScale = 0.1)]
[HorizontalFlip]
[Dino(OutDim = 64, Hidden = 32, Bottleneck = 16, TeacherTemperature = 0.07, WarmupTeacherTemperature = 0.04, WarmupTeacherEpochs = 2)]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 32)]
public partial class TinyDino
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[MultiCrop(GlobalCount = 2, GlobalSize = 12, LocalCount = 2, LocalSize = 8, GlobalMinScale = 0.4, LocalMinScale = 0.1)]
[HorizontalFlip]
[Swav(Prototypes = 16, Hidden = 32, Output = 16, FreezePrototypesSteps = 3)]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 32)]
public partial class TinySwav
{
}

/// <summary>
/// SwAV with the official queue for small batches: 64 projections per global view (two batches), filled from epoch 1
/// (0-based) on; a loss curve point per step. <see cref="TinySwavWithoutQueue"/> is the same experiment without it.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[MultiCrop(GlobalCount = 2, GlobalSize = 12, LocalCount = 2, LocalSize = 8, GlobalMinScale = 0.4, LocalMinScale = 0.1)]
[HorizontalFlip]
[Swav(Prototypes = 16, Hidden = 32, Output = 16, FreezePrototypesSteps = 3, QueueLength = 64, QueueStartEpoch = 1)]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 32, LogEverySteps = 1)]
public partial class TinySwavQueue
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[MultiCrop(GlobalCount = 2, GlobalSize = 12, LocalCount = 2, LocalSize = 8, GlobalMinScale = 0.4, LocalMinScale = 0.1)]
[HorizontalFlip]
[Swav(Prototypes = 16, Hidden = 32, Output = 16, FreezePrototypesSteps = 3)]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 32, LogEverySteps = 1)]
public partial class TinySwavWithoutQueue
{
}

/// <summary>SwAV's queue under GradCache: it takes the 32 projections of each optimizer step (2 batches of 16) at once.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Views(2)]
[RandomResizedCrop(MinScale = 0.4)]
[Swav(Prototypes = 16, Hidden = 32, Output = 16, FreezePrototypesSteps = 0, QueueLength = 64, QueueStartEpoch = 0)]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 16, AccumulationSteps = 2, LogEverySteps = 1)]
public partial class TinySwavQueueGradCache
{
}

/// <summary>DINO with GradCache: the teacher's global-view outputs are joined across the batches of a step.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[MultiCrop(GlobalCount = 2, GlobalSize = 12, LocalCount = 2, LocalSize = 8, GlobalMinScale = 0.4, LocalMinScale = 0.1)]
[Dino(OutDim = 64, Hidden = 32, Bottleneck = 16)]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 16, AccumulationSteps = 2)]
public partial class TinyDinoGradCache
{
}
