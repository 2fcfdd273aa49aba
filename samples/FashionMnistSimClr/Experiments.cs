using SslDsl;

namespace FashionMnistSimClr;

/// <summary>
/// SimCLR on Fashion-MNIST with a 4-stage CNN (32-64-128-256, 0.39M parameters) that pretrains in minutes on a
/// laptop CPU. Views: random resized crop, flip, brightness/contrast jitter (saturation and hue do nothing on
/// one channel). AdamW as in the PyTorch reference run this sample is compared with. BFloat16 mixed precision: the
/// sample falls back to Float32 where the device would emulate it (--precision).
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
[Training(BatchSize = 128, Epochs = 30, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
[KnnMonitor(K = 200, EveryEpochs = 1, Target = 0.8)]
[OnlineProbe(LearningRate = 5e-3)]
[FineTune(Patience = 8, LabelSmoothing = 0.1)] // 1% of the labels leaves 120 for validation: a noisy curve wants patience
public partial class ConvNetSimClr
{
}

/// <summary>The same recipe on a narrow ResNet-18 with the small-input stem (selected by <c>--encoder resnet18</c>).</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 28, Width = 28)]
[ResNet(Depth = 18, SmallInputs = true, WidthMultiplier = 0.5)]
[Projector(Hidden = 512, Output = 128)]
[Views(2)]
[RandomResizedCrop(MinScale = 0.2)]
[HorizontalFlip]
[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]
[SimClr(Temperature = 0.2)]
[Lars(LearningRate = 1.2, WeightDecay = 1e-6)]
[WarmupCosine(WarmupEpochs = 2)]
[Training(BatchSize = 256, Epochs = 100, Precision = Precision.BFloat16)]
[LinearProbe(Iterations = 300)]
[KnnMonitor(K = 200, EveryEpochs = 5, Target = 0.8)]
[HealthMonitor(EverySteps = 500)]
[OnlineProbe(LearningRate = 5e-3)]
public partial class ResNet18SimClr
{
}
