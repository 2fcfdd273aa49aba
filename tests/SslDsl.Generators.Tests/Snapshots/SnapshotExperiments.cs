namespace SslDsl.Generators.Tests.Snapshots;

/// <summary>
/// One experiment per attribute family, as source text for the in-process generator (not compiled into this project).
/// Each sets most arguments of its family away from the defaults, so that a dropped argument shows in the snapshot.
/// </summary>
internal static class SnapshotExperiments
{
    private const string Header = "using SslDsl;\nnamespace Snapshots;\n";

    private const string ImageJoint = """
        [SslExperiment]
        [ImageInput(Channels = 3, Height = 16, Width = 16)]
        [ConvNet(Widths = new[] { 16, 32 })]
        [Projector(Hidden = 32, Output = 16, Layers = 3)]
        [RandomResizedCrop(MinScale = 0.3, MaxScale = 0.9, MinRatio = 0.8, MaxRatio = 1.2)]
        [HorizontalFlip(Probability = 0.4)]
        """;

    private const string Training = "[AdamW(LearningRate = 3e-3, WeightDecay = 0.02, Beta1 = 0.85, Beta2 = 0.98)]\n[Training(BatchSize = 32, Epochs = 4)]\n";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["SimClr"] = ImageJoint + """

            [ColorJitter(Brightness = 0.3, Contrast = 0.2, Saturation = 0.1, Hue = 0.05, Probability = 0.7)]
            [Grayscale(Probability = 0.1)]
            [GaussianBlur(KernelSize = 5, MinSigma = 0.2, MaxSigma = 1.5, Probability = 0.4)]
            [Solarize(Threshold = 0.6, Probability = 0.3, View = 1)]
            [SimClr(Temperature = 0.3)]
            [Lars(LearningRate = 0.4, Momentum = 0.8, WeightDecay = 1e-5, TrustCoefficient = 0.002)]
            [WarmupCosine(WarmupEpochs = 1, FinalLearningRate = 1e-4)]
            [Training(BatchSize = 32, Epochs = 3, AccumulationSteps = 2, Seed = 7, LogEverySteps = 5, Precision = Precision.BFloat16)]
            [LinearProbe(Iterations = 20, WeightDecay = 1e-3, WeightDecaySweep = true)]
            [KnnMonitor(K = 5, Temperature = 0.2, EveryEpochs = 1)]
            public partial class SimClrExperiment { }
            """,
        ["MoCoV2"] = ImageJoint + "\n[MoCo(QueueSize = 128, Momentum = 0.98, Temperature = 0.3)]\n" + Training + "public partial class MoCoV2Experiment { }",
        ["MoCoV3"] = ImageJoint + "\n[Predictor(Hidden = 24, Output = 16)]\n[MoCo(Version = 3, Momentum = 0.98, Temperature = 0.4)]\n" + Training
            + "public partial class MoCoV3Experiment { }",
        ["Byol"] = ImageJoint + "\n[Predictor(Hidden = 24)]\n[Byol(MomentumStart = 0.9, MomentumEnd = 0.999)]\n" + Training + "public partial class ByolExperiment { }",
        ["Nnclr"] = ImageJoint + "\n[Predictor(Hidden = 24)]\n[Nnclr(SupportSize = 256, Temperature = 0.2)]\n" + Training + "public partial class NnclrExperiment { }",
        ["SimSiam"] = ImageJoint + "\n[Predictor(Hidden = 24)]\n[SimSiam]\n[Sgd(LearningRate = 0.05, Momentum = 0.8, WeightDecay = 1e-4)]\n[Training(BatchSize = 32)]\n"
            + "public partial class SimSiamExperiment { }",
        ["BarlowTwins"] = ImageJoint + "\n[Views(3)]\n[BarlowTwins(Lambda = 0.01)]\n" + Training + "public partial class BarlowTwinsExperiment { }",
        ["Vicreg"] = ImageJoint + "\n[Vicreg(Invariance = 20, Variance = 15, Covariance = 2)]\n" + Training + "public partial class VicregExperiment { }",
        ["MaskedAutoencoder"] = """
            [SslExperiment]
            [ImageInput(Channels = 3, Height = 16, Width = 16)]
            [VisionTransformer(PatchSize = 4, Dim = 32, Depth = 2, Heads = 2, MlpRatio = 2)]
            [HorizontalFlip]
            [MaskedAutoencoder(MaskRatio = 0.6, NormalizePixels = false, DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 2)]
            """ + "\n" + Training + "public partial class MaeExperiment { }",
        ["Autoencoder"] = """
            [SslExperiment]
            [ImageInput(Channels = 1, Height = 12, Width = 12)]
            [ResNet(Depth = 18, SmallInputs = true, WidthMultiplier = 0.25)]
            [IntensityWindow(MinLevel = 0.45, MaxLevel = 0.55, MinWidth = 0.8, MaxWidth = 1.0, Probability = 0.9)]
            [GammaContrast(MinGamma = 0.8, MaxGamma = 1.25, Probability = 0.5)]
            [BiasField(Order = 2, Strength = 0.2, Probability = 0.6)]
            [MotionBlur(KernelSize = 5, Probability = 0.3)]
            [GaussianNoise(MinStd = 0.01, MaxStd = 0.03, Probability = 0.8)]
            [RicianNoise(MinStd = 0.01, MaxStd = 0.02, Probability = 0.5)]
            [Normalize(Mean = new[] { 0.5 }, Std = new[] { 0.25 })]
            [Autoencoder]
            """ + "\n" + Training + "public partial class AutoencoderExperiment { }",
        ["RotationPrediction"] = "[SslExperiment]\n[ImageInput(Channels = 3, Height = 12, Width = 12)]\n[ConvNet(Widths = new[] { 16, 32 })]\n[RotationPrediction]\n" + Training
            + "public partial class RotationExperiment { }",
        ["MaskedLanguageModel"] = """
            [SslExperiment]
            [TokenInput(VocabSize = 40, Length = 16)]
            [TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
            [TokenDropout(Rate = 0.05, ReplacementId = 1, ProtectedIds = new[] { 0, 2 }, Probability = 0.5)]
            [MaskedLanguageModel(MaskProbability = 0.2, MaskTokenId = 3, SpecialTokenIds = new[] { 0, 1, 2, 3 })]
            """ + "\n" + Training + "public partial class MlmExperiment { }",
        ["FutureWindowPrediction"] = """
            [SslExperiment]
            [SequenceInput(Channels = 3, Length = 32)]
            [TemporalConvNet(Widths = new[] { 16, 16 }, KernelSize = 5)]
            [Jitter(Std = 0.02, Probability = 0.9)]
            [FutureWindowPrediction(Context = 20, Horizon = 8)]
            """ + "\n" + Training + "public partial class FutureWindowExperiment { }",
        ["MaskedStreamReconstruction"] = """
            [SslExperiment]
            [SequenceInput(Channels = 3, Length = 32)]
            [TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
            [MaskedStreamReconstruction(MaskRatio = 0.25, MaskChannels = true, SpanLength = 4)]
            """ + "\n" + Training + "public partial class MaskedStreamExperiment { }",
        ["Dino"] = """
            [SslExperiment]
            [ImageInput(Channels = 3, Height = 16, Width = 16)]
            [ConvNet(Widths = new[] { 16, 32 })]
            [MultiCrop(GlobalCount = 2, GlobalSize = 16, LocalCount = 2, LocalSize = 8, GlobalMinScale = 0.3, LocalMinScale = 0.1)]
            [HorizontalFlip]
            [Dino(OutDim = 128, Hidden = 64, Bottleneck = 32, TeacherTemperature = 0.07, WarmupTeacherTemperature = 0.04, WarmupTeacherEpochs = 2)]
            """ + "\n" + Training + "public partial class DinoExperiment { }",
        ["Swav"] = """
            [SslExperiment]
            [ImageInput(Channels = 3, Height = 16, Width = 16)]
            [ConvNet(Widths = new[] { 16, 32 })]
            [MultiCrop(GlobalCount = 2, GlobalSize = 16, LocalCount = 2, LocalSize = 8, GlobalMinScale = 0.3, LocalMinScale = 0.1)]
            [HorizontalFlip]
            [Swav(Prototypes = 64, Hidden = 64, Output = 32, FreezePrototypesSteps = 100)]
            """ + "\n" + Training + "public partial class SwavExperiment { }",
        ["SwavQueue"] = """
            [SslExperiment]
            [ImageInput(Channels = 3, Height = 16, Width = 16)]
            [ConvNet(Widths = new[] { 16, 32 })]
            [Views(2)]
            [RandomResizedCrop(MinScale = 0.3)]
            [Swav(Prototypes = 64, Hidden = 64, Output = 32, Epsilon = 0.03, QueueLength = 256, QueueStartEpoch = 2)]
            """ + "\n" + Training + "public partial class SwavQueueExperiment { }",
        ["MultiCrop"] = """
            [SslExperiment]
            [ImageInput(Channels = 3, Height = 16, Width = 16)]
            [ConvNet(Widths = new[] { 16, 32 })]
            [Projector(Hidden = 32, Output = 16)]
            [Predictor(Hidden = 32)]
            [MultiCrop(GlobalCount = 2, GlobalSize = 16, LocalCount = 2, LocalSize = 8, GlobalMinScale = 0.3, LocalMinScale = 0.1)]
            [HorizontalFlip]
            [Solarize(View = 1, Probability = 0.5)]
            [Byol(MomentumStart = 0.9)]
            """ + "\n" + Training + "public partial class MultiCropExperiment { }",
        ["SequenceInput"] = """
            [SslExperiment]
            [SequenceInput(Channels = 2, Length = 24)]
            [Mlp(Hidden = new[] { 64, 32 })]
            [Projector(Hidden = 32, Output = 16)]
            [WindowCrop(Length = 20, ResizeBack = true)]
            [Scaling(Std = 0.2, Probability = 0.8)]
            [MagnitudeWarp(Std = 0.3, Knots = 5)]
            [TimeWarp(Std = 0.1, Knots = 3)]
            [ChannelDropout(Rate = 0.3)]
            [TimeMask(MaxFraction = 0.2, View = 0)]
            [SimClr(Temperature = 0.2)]
            """ + "\n" + Training + """
            public partial class SequenceExperiment
            {
                [Augmentation(Order = 1, Probability = 0.8, View = 1)]
                static TorchSharp.torch.Tensor Flip(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => batch.flip(2);
            }
            """,
        ["CustomEncoder"] = """
            [SslExperiment]
            [ImageInput(Channels = 3, Height = 12, Width = 12)]
            [CustomEncoder(typeof(UserEncoder), OutputDim = 16)]
            [Projector(Hidden = 32, Output = 16)]
            [RandomResizedCrop(Size = 10, MinScale = 0.5)]
            [SimClr]
            """ + "\n" + Training + """
            public partial class CustomEncoderExperiment { }

            public sealed class UserEncoder : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
            {
                private readonly TorchSharp.Modules.Linear linear = TorchSharp.torch.nn.Linear(3 * 12 * 12, 16);
                public UserEncoder() : base(nameof(UserEncoder)) => RegisterComponents();
                public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input) => linear.call(input.flatten(1));
            }
            """,
        ["Checkpoint"] = "[SslExperiment]\n[ImageInput(Channels = 1, Height = 8, Width = 8)]\n[ConvNet(Widths = new[] { 16 })]\n[SimClr]\n"
            + "[Checkpoint(EveryEpochs = 2, EverySteps = 50, Directory = \"runs/tiny\", Keep = 3)]\n" + Training + "public partial class CheckpointExperiment { }",
        ["FineTune"] = "[SslExperiment]\n[ImageInput(Channels = 3, Height = 12, Width = 12)]\n[ConvNet(Widths = new[] { 16, 32 })]\n[RotationPrediction]\n" + Training
            + "[FineTune(LearningRate = 3e-3, HeadLearningRateMultiplier = 5, BackboneLearningRateMultiplier = 0, Epochs = 6, Patience = 2, LayerDecay = 0.75, WarmupEpochs = 1, LabelSmoothing = 0.1)]\n"
            + "public partial class FineTuneExperiment { }",
        ["Distill"] = """
            [SslExperiment]
            [TokenInput(VocabSize = 40, Length = 16)]
            [TransformerEncoder(Dim = 32, Depth = 4, Heads = 2)]
            [MaskedLanguageModel]
            """ + "\n" + Training + """
            public partial class TeacherMlm { }

            [SslExperiment]
            [TokenInput(VocabSize = 40, Length = 16)]
            [TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
            [MaskedLanguageModel(MaskProbability = 0.2)]
            [Distill(typeof(TeacherMlm), Temperature = 3, SoftTargetWeight = 4, MlmWeight = 1.5, HiddenCosineWeight = 0.5)]
            """ + "\n" + Training + "public partial class DistilledMlm { }",
    }.ToDictionary(e => e.Key, e => Header + e.Value);

    /// <summary>The experiment whose file a snapshot holds, where its source declares several (the [Distill] student, not its teacher).</summary>
    public static string? ExperimentOf(string name) => name == "Distill" ? "Snapshots.DistilledMlm" : null;
}
