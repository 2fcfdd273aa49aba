using SslDsl;

namespace FashionMnistSimClr;

// The methods side by side (--methods): the quick start's encoder, views, optimizer and precision, one objective each,
// so that the table compares objectives and not recipes. MAE needs a ViT: 7×7 patches of the 28×28 image (16 tokens).

/// <summary>MoCo v2: a queue of 4,096 keys (32 batches) from a momentum encoder.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = 512, Output = 128)]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]
[MoCo(Version = 2, QueueSize = 4096, Momentum = 0.99, Temperature = 0.2)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 30, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
public partial class ConvNetMoCo
{
}

/// <summary>BYOL: predictor on the online branch, EMA target from 0.99 to 1.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = 512, Output = 128)]
[Predictor(Hidden = 512)]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]
[Byol(MomentumStart = 0.99, MomentumEnd = 1.0)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 30, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
public partial class ConvNetByol
{
}

/// <summary>Barlow Twins: cross-correlation of 512-wide projections towards the identity.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = 512, Output = 512)]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]
[BarlowTwins]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 30, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
public partial class ConvNetBarlowTwins
{
}

/// <summary>VICReg: invariance, variance and covariance terms on 512-wide projections.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = 512, Output = 512)]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]
[Vicreg]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 30, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
public partial class ConvNetVicreg
{
}

/// <summary>MAE: a ViT on 7×7 patches (dim 128, 4 blocks), 75 % of the patches masked, a 2-block decoder.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[VisionTransformer(PatchSize = 7, Dim = 128, Depth = 4, Heads = 4)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[MaskedAutoencoder(MaskRatio = 0.75, DecoderDim = 64, DecoderDepth = 2, DecoderHeads = 4)]
[AdamW(LearningRate = 1.5e-3, WeightDecay = 0.05)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 30, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
public partial class VitMae
{
}

/// <summary>NNCLR: nearest neighbours from a support set of 8,192 past projections as positives, with a predictor.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = 512, Output = 128)]
[Predictor(Hidden = 512)]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]
[Nnclr(SupportSize = 8192, Temperature = 0.1)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 30, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
public partial class ConvNetNnclr
{
}

/// <summary>DINO: a 4,096-prototype head, teacher EMA from 0.99, teacher temperature 0.04 against the student's 0.1.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]
[Dino(OutDim = 4096, Hidden = 512, Bottleneck = 128, MomentumStart = 0.99)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 30, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
public partial class ConvNetDino
{
}

/// <summary>SwAV: 300 prototypes (a tenth of ImageNet's 3,000 for 10 classes), frozen for the first 50 steps.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]
[Swav(Prototypes = 300, Hidden = 512, Output = 128, FreezePrototypesSteps = 50)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 30, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
public partial class ConvNetSwav
{
}
