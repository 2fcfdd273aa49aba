using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

// One small experiment per single-view pretext task and per new encoder or view arrangement, compiled by this
// project's generator run. Widths are multiples of 16 (docs/known-issues.md).

[SslExperiment]
[ImageInput(Channels = 3, Height = 16, Width = 16)]
[VisionTransformer(PatchSize = 4, Dim = 32, Depth = 2, Heads = 2)]
[HorizontalFlip]
[MaskedAutoencoder(DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 2)]
[AdamW(LearningRate = 2e-3)]
[Training(BatchSize = 32)]
public partial class TinyMae
{
}

[SslExperiment]
[ImageInput(Channels = 1, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[GaussianNoise(MinStd = 0.05, MaxStd = 0.1)]
[Autoencoder]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyDenoisingAutoencoder
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[RotationPrediction]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyRotation
{
}

[SslExperiment]
[TokenInput(VocabSize = 40, Length = 16)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[MaskedLanguageModel(MaskProbability = 0.2)]
[AdamW(LearningRate = 3e-3, WeightDecay = 0.01)]
[Training(BatchSize = 32)]
public partial class TinyMlm
{
}

[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TemporalConvNet(Widths = new[] { 16, 16 })]
[FutureWindowPrediction(Horizon = 8)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyFutureWindow
{
}

[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[MaskedStreamReconstruction(MaskRatio = 0.25, SpanLength = 4)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyMaskedStream
{
}

/// <summary>Joint embedding on sensor windows with an MLP and a user augmentation method.</summary>
[SslExperiment]
[SequenceInput(Channels = 2, Length = 24)]
[Mlp(Hidden = new[] { 64, 32 })]
[Projector(Hidden = 32, Output = 16)]
[SimClr(Temperature = 0.2)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinySequenceSimClr
{
    public static int NoiseCalls;

    [Augmentation(Order = 0, Probability = 0.8)]
    private static Tensor AddNoise(Tensor batch, Generator rng)
    {
        NoiseCalls++;
        return batch.add(randn(batch.shape, generator: rng, device: batch.device).mul_(0.1));
    }
}

/// <summary>A user encoder for [CustomEncoder].</summary>
public sealed class SmallUserEncoder : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Sequential layers;

    public SmallUserEncoder() : base(nameof(SmallUserEncoder))
    {
        layers = nn.Sequential(nn.Flatten(), nn.Linear(3 * 12 * 12, 64), nn.ReLU(), nn.Linear(64, 16));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.call(input);
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[CustomEncoder(typeof(SmallUserEncoder), OutputDim = 16)]
[Projector(Hidden = 32, Output = 16)]
[RandomResizedCrop(MinScale = 0.5)]
[SimClr(Temperature = 0.2)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyCustomEncoder
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 16, Width = 16)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 16)]
[Predictor(Hidden = 32)]
[MultiCrop(GlobalCount = 2, LocalCount = 2, LocalSize = 8)]
[HorizontalFlip]
[Solarize(View = 1, Probability = 0.5)]
[Byol(MomentumStart = 0.9)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyMultiCropByol
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 32)]
[Views(3)]
[RandomResizedCrop(MinScale = 0.5)]
[BarlowTwins]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
public partial class TinyThreeViewBarlowTwins
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 16, Width = 16)]
[VisionTransformer(PatchSize = 4, Dim = 32, Depth = 2, Heads = 2)]
[Projector(Hidden = 32, Output = 16)]
[Predictor(Hidden = 32)]
[RandomResizedCrop(MinScale = 0.5)]
[MoCo(Version = 3, Momentum = 0.99)]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 32)]
public partial class TinyVitMoCoV3
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[RotationPrediction]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
[FineTune(LearningRate = 3e-3, BackboneLearningRateMultiplier = 0, Epochs = 6, Patience = 2)]
public partial class TinyFrozenFineTune
{
}

[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 16, 32 })]
[RotationPrediction]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 32)]
[LinearProbe(Iterations = 30, WeightDecay = 1e-2, WeightDecaySweep = true)]
[FineTune(LearningRate = 2e-3, Epochs = 3, Patience = 3, LayerDecay = 0.75, WarmupEpochs = 1, LabelSmoothing = 0.1)]
public partial class TinyLayerDecayFineTune
{
}
