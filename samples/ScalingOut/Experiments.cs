using SslDsl;

namespace ScalingOut;

/// <summary>
/// SimCLR on Fashion-MNIST with a small ViT and a one-layer projector: LayerNorm only (BatchNorm's statistics would stay
/// per rank) and no augmentation (each rank would draw its own crops), so that N ranks must train exactly what one
/// process trains on the same global batches — the check that data parallel is correct, not a recipe for accuracy.
/// A gentle learning rate: at 0.05 this augmentation-free run turns unstable after ~20 steps and magnifies the ranks'
/// float roundoff (1e-7) to 3e-2 by step 32, in one process as much as in two.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[VisionTransformer(PatchSize = 7, Dim = 64, Depth = 2, Heads = 4)]
[Projector(Hidden = 64, Output = 32, Layers = 1)]
[SimClr(Temperature = 0.2)]
[Sgd(LearningRate = 0.01, Momentum = 0.9)]
[Training(BatchSize = 128, Epochs = 2, LogEverySteps = 8)]
[DataParallel(TimeoutSeconds = 60)]
public partial class ScalingCheck
{
}
