using SslDsl;

namespace BrainMriSample;

// One encoder for the CNN variants — the quick start's ConvNet 32-64-128-256 on 28 × 28 × 1 — so that weights
// pretrained on Fashion-MNIST load into the MRI experiment unchanged (SslTrainer.LoadEncoderWeights). Float32: the
// sample targets CPUs, where bfloat16 autocast is emulated, and float32 gives the same numbers on every rerun.
// kNN (k = 20, cosine, τ = 0.1) on MRI patches after every epoch gives the convergence curves.

/// <summary>
/// SimCLR with the generic image pipeline of the Fashion-MNIST quick start (crop, flip, brightness/contrast): the
/// Fashion-MNIST pretraining, and the "generic pipeline on MRI patches" variant.
/// </summary>
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
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 4, Precision = Precision.Float32)]
[KnnMonitor(K = 20, EveryEpochs = 1)]
public partial class GenericSimClr
{
}

/// <summary>
/// SimCLR with MR-specific views: crop and flip (the lobes are bilateral, so a mirrored patch keeps its class), then
/// what differs between scanners and sessions — intensity window, gamma, a smooth multiplicative bias field, motion
/// blur — and Rician noise last, as magnitude images get it at acquisition.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = 512, Output = 128)]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[IntensityWindow(Probability = 0.5)]
[GammaContrast(Probability = 0.8)]
[BiasField(Probability = 0.5)]
[MotionBlur(Probability = 0.2)]
[RicianNoise(Probability = 0.5)]
[SimClr(Temperature = 0.2)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 4, Precision = Precision.Float32)]
[KnnMonitor(K = 20, EveryEpochs = 1)]
public partial class MedicalSimClr
{
}

/// <summary>MAE on MRI patches: the Fashion-MNIST sample's ViT (7 × 7 patches, 16 tokens, dim 128, 4 blocks), 75 % masked.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[VisionTransformer(PatchSize = 7, Dim = 128, Depth = 4, Heads = 4)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[MaskedAutoencoder(MaskRatio = 0.75, DecoderDim = 64, DecoderDepth = 2, DecoderHeads = 4)]
[AdamW(LearningRate = 1.5e-3, WeightDecay = 0.05)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 4, Precision = Precision.Float32)]
[KnnMonitor(K = 20, EveryEpochs = 1)]
public partial class VitMae
{
}
