using SslDsl;

namespace ScalingOut;

/// <summary>
/// SimCLR on Fashion-MNIST with a small ViT and a one-layer projector, with random crops and flips: LayerNorm only (so
/// no BatchNorm statistics to synchronise), and each sample's crop and flip are drawn by its place in the global batch,
/// so that N ranks must train exactly what one process trains on the same global batches — the check that data
/// parallel is correct, not a recipe for accuracy. A gentle learning rate keeps the run from magnifying the ranks'
/// float roundoff (1e-7): at 0.05 it turns unstable after ~20 steps, in one process as much as in two.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[VisionTransformer(PatchSize = 7, Dim = 64, Depth = 2, Heads = 4)]
[Projector(Hidden = 64, Output = 32, Layers = 1)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[SimClr(Temperature = 0.2)]
[Sgd(LearningRate = 0.01, Momentum = 0.9)]
[Training(BatchSize = 128, Epochs = 2, LogEverySteps = 8)]
[DataParallel(TimeoutSeconds = 60)]
public partial class ScalingCheck
{
}

/// <summary>
/// The throughput case: SimCLR with the quick start's ConvNet (BatchNorm per rank, the default) and a two-layer
/// projector, to time steps per second on N ranks against one process, and the all-reduce per step.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = 256, Output = 128, Layers = 2)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[SimClr(Temperature = 0.2)]
[Sgd(LearningRate = 0.01, Momentum = 0.9)]
[Training(BatchSize = 128, Epochs = 3, LogEverySteps = 8)]
[DataParallel(TimeoutSeconds = 60)]
public partial class ScalingThroughput
{
}
