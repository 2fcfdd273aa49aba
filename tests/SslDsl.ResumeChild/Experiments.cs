using SslDsl;

namespace SslDsl.ResumeChild;

// Five small experiments that cover what exact resume must carry: a warm-up + cosine schedule, MoCo's key queue and
// momentum encoder, BYOL's cosine momentum schedule, gradient accumulation, and SwAV's queue (filled from epoch 1 on,
// full from its third step) with its prototypes frozen for the first steps.

[SslExperiment]
[ImageInput(Channels = 1, Height = 8, Width = 8)]
[ConvNet(Widths = new[] { 8, 16 })]
[Projector(Hidden = 16, Output = 8)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[SimClr(Temperature = 0.5)]
[AdamW(LearningRate = 3e-3)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 16, Epochs = 4, LogEverySteps = 5)]
public partial class ResumeSimClr
{
}

[SslExperiment]
[ImageInput(Channels = 1, Height = 8, Width = 8)]
[ConvNet(Widths = new[] { 8, 16 })]
[Projector(Hidden = 16, Output = 8)]
[RandomResizedCrop(MinScale = 0.5)]
[MoCo(Version = 2, QueueSize = 64, Momentum = 0.9)]
[Sgd(LearningRate = 0.05)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 16, Epochs = 4, LogEverySteps = 5)]
public partial class ResumeMoCo
{
}

[SslExperiment]
[ImageInput(Channels = 1, Height = 8, Width = 8)]
[ConvNet(Widths = new[] { 8, 16 })]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[Swav(Prototypes = 8, Hidden = 16, Output = 8, FreezePrototypesSteps = 5, QueueLength = 32, QueueStartEpoch = 1)]
[Sgd(LearningRate = 0.05)]
[Training(BatchSize = 16, Epochs = 4, LogEverySteps = 5)]
public partial class ResumeSwav
{
}

[SslExperiment]
[ImageInput(Channels = 1, Height = 8, Width = 8)]
[ConvNet(Widths = new[] { 8, 16 })]
[Projector(Hidden = 16, Output = 8)]
[Predictor(Hidden = 16)]
[RandomResizedCrop(MinScale = 0.5)]
[Byol(MomentumStart = 0.9)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 16, Epochs = 4, LogEverySteps = 5)]
public partial class ResumeByol
{
}

[SslExperiment]
[ImageInput(Channels = 1, Height = 8, Width = 8)]
[ConvNet(Widths = new[] { 8, 16 })]
[Projector(Hidden = 16, Output = 8)]
[RandomResizedCrop(MinScale = 0.5)]
[SimClr(Temperature = 0.5)]
[Lars(LearningRate = 0.1)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 8, Epochs = 4, AccumulationSteps = 2, LogEverySteps = 4)]
public partial class ResumeAccumulated
{
}
