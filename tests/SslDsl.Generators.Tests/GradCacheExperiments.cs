using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

// Twins for the GradCache tests: the same experiment at BatchSize 16 × AccumulationSteps 4 and at BatchSize 64. The
// encoder and the one-layer projector have no batch statistics and the second view is a fixed transform (no random
// draw), so the two must take the same optimizer step. Plain SGD (no momentum, no decay) with learning rate 1: the
// step is the gradient.

/// <summary>An encoder without batch statistics (no BatchNorm): its gradient does not depend on how a batch is split.</summary>
public sealed class NoBatchStatisticsEncoder : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> layers;

    public NoBatchStatisticsEncoder() : base(nameof(NoBatchStatisticsEncoder))
    {
        layers = nn.Sequential(nn.Flatten(), nn.Linear(3 * 12 * 12, 32), nn.Tanh(), nn.Linear(32, 16));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.call(input);
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[CustomEncoder(typeof(NoBatchStatisticsEncoder), OutputDim = 16)]
[Projector(Output = 8, Layers = 1)]
[SimClr(Temperature = 0.5)]
[Sgd(LearningRate = 1, Momentum = 0, WeightDecay = 0)]
[Training(BatchSize = 16, AccumulationSteps = 4, Epochs = 1)]
public partial class CachedSimClr
{
    [Augmentation(View = 1)]
    private static Tensor Mirror(Tensor batch, Generator rng) => batch.flip(3).mul(0.8);
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[CustomEncoder(typeof(NoBatchStatisticsEncoder), OutputDim = 16)]
[Projector(Output = 8, Layers = 1)]
[SimClr(Temperature = 0.5)]
[Sgd(LearningRate = 1, Momentum = 0, WeightDecay = 0)]
[Training(BatchSize = 64, Epochs = 1)]
public partial class FullSimClr
{
    [Augmentation(View = 1)]
    private static Tensor Mirror(Tensor batch, Generator rng) => batch.flip(3).mul(0.8);
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[CustomEncoder(typeof(NoBatchStatisticsEncoder), OutputDim = 16)]
[Projector(Output = 8, Layers = 1)]
[Vicreg]
[Sgd(LearningRate = 1, Momentum = 0, WeightDecay = 0)]
[Training(BatchSize = 16, AccumulationSteps = 4, Epochs = 1)]
public partial class CachedVicreg
{
    [Augmentation(View = 1)]
    private static Tensor Mirror(Tensor batch, Generator rng) => batch.flip(3).mul(0.8);
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[CustomEncoder(typeof(NoBatchStatisticsEncoder), OutputDim = 16)]
[Projector(Output = 8, Layers = 1)]
[Vicreg]
[Sgd(LearningRate = 1, Momentum = 0, WeightDecay = 0)]
[Training(BatchSize = 64, Epochs = 1)]
public partial class FullVicreg
{
    [Augmentation(View = 1)]
    private static Tensor Mirror(Tensor batch, Generator rng) => batch.flip(3).mul(0.8);
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[CustomEncoder(typeof(NoBatchStatisticsEncoder), OutputDim = 16)]
[Projector(Output = 8, Layers = 1)]
[BarlowTwins(Lambda = 0.05)]
[Sgd(LearningRate = 1, Momentum = 0, WeightDecay = 0)]
[Training(BatchSize = 16, AccumulationSteps = 4, Epochs = 1)]
public partial class CachedBarlowTwins
{
    [Augmentation(View = 1)]
    private static Tensor Mirror(Tensor batch, Generator rng) => batch.flip(3).mul(0.8);
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[CustomEncoder(typeof(NoBatchStatisticsEncoder), OutputDim = 16)]
[Projector(Output = 8, Layers = 1)]
[BarlowTwins(Lambda = 0.05)]
[Sgd(LearningRate = 1, Momentum = 0, WeightDecay = 0)]
[Training(BatchSize = 64, Epochs = 1)]
public partial class FullBarlowTwins
{
    [Augmentation(View = 1)]
    private static Tensor Mirror(Tensor batch, Generator rng) => batch.flip(3).mul(0.8);
}

/// <summary>MoCo v2 with GradCache: the queue (256, a multiple of the 64 keys of an optimizer step) takes all 64 keys per view at once.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[CustomEncoder(typeof(NoBatchStatisticsEncoder), OutputDim = 16)]
[Projector(Output = 8, Layers = 1)]
[MoCo(QueueSize = 256, Momentum = 0.9, Temperature = 0.2)]
[Sgd(LearningRate = 1, Momentum = 0, WeightDecay = 0)]
[Training(BatchSize = 16, AccumulationSteps = 4, Epochs = 1)]
public partial class CachedMoCo
{
    [Augmentation(View = 1)]
    private static Tensor Mirror(Tensor batch, Generator rng) => batch.flip(3).mul(0.8);
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[CustomEncoder(typeof(NoBatchStatisticsEncoder), OutputDim = 16)]
[Projector(Output = 8, Layers = 1)]
[MoCo(QueueSize = 256, Momentum = 0.9, Temperature = 0.2)]
[Sgd(LearningRate = 1, Momentum = 0, WeightDecay = 0)]
[Training(BatchSize = 64, Epochs = 1)]
public partial class FullMoCo
{
    [Augmentation(View = 1)]
    private static Tensor Mirror(Tensor batch, Generator rng) => batch.flip(3).mul(0.8);
}

/// <summary>SimCLR with random augmentations, a ConvNet (BatchNorm) and GradCache, for resume.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 16 })]
[Projector(Hidden = 16, Output = 8)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[SimClr(Temperature = 0.5)]
[AdamW(LearningRate = 3e-3)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 8, AccumulationSteps = 2, Epochs = 2)]
public partial class CachedAugmentedSimClr
{
}

/// <summary>Multi-crop (two encoder passes per batch, view-specific solarize) and BYOL's predictor and target with GradCache.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 16 })]
[Projector(Hidden = 16, Output = 8)]
[Predictor(Hidden = 16)]
[MultiCrop(GlobalCount = 2, LocalCount = 2, LocalSize = 8)]
[Solarize(View = 1, Probability = 0.5)]
[Byol(MomentumStart = 0.9)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 8, AccumulationSteps = 2, Epochs = 1)]
public partial class CachedMultiCropByol
{
}

/// <summary>SimSiam with GradCache: the loss stops the gradient at the projections, so only the predictions carry one.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 16 })]
[Projector(Hidden = 16, Output = 8)]
[Predictor(Hidden = 16)]
[RandomResizedCrop(MinScale = 0.5)]
[SimSiam]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 8, AccumulationSteps = 3, Epochs = 1)]
public partial class CachedSimSiam
{
}
