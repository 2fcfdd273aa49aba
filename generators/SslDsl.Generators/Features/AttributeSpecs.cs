using System.Collections.Generic;
using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>
    /// Every SslDsl attribute and how it resolves into its spec: the one place where argument names meet the typed
    /// model. A spec is named for its attribute (<c>SimClrAttribute</c> → <c>SimClrSpec</c>) and has a property of the
    /// same name for each of the attribute's, which a test checks against the runtime's attributes.
    /// </summary>
    internal static class AttributeSpecs
    {
        private static readonly Dictionary<string, System.Func<AttributeModel, object>> Resolvers = new()
        {
            ["ImageInput"] = ImageInputSpec.Resolve,
            ["SequenceInput"] = SequenceInputSpec.Resolve,
            ["TokenInput"] = TokenInputSpec.Resolve,
            ["Views"] = ViewsSpec.Resolve,
            ["MultiCrop"] = MultiCropSpec.Resolve,

            ["ResNet"] = ResNetSpec.Resolve,
            ["ConvNet"] = ConvNetSpec.Resolve,
            ["VisionTransformer"] = VisionTransformerSpec.Resolve,
            ["Mlp"] = MlpSpec.Resolve,
            ["TemporalConvNet"] = TemporalConvNetSpec.Resolve,
            ["TransformerEncoder"] = TransformerEncoderSpec.Resolve,
            ["CustomEncoder"] = CustomEncoderSpec.Resolve,
            ["Projector"] = ProjectorSpec.Resolve,
            ["Predictor"] = PredictorSpec.Resolve,

            ["RandomResizedCrop"] = RandomResizedCropSpec.Resolve,
            ["HorizontalFlip"] = HorizontalFlipSpec.Resolve,
            ["ColorJitter"] = ColorJitterSpec.Resolve,
            ["Grayscale"] = GrayscaleSpec.Resolve,
            ["GaussianBlur"] = GaussianBlurSpec.Resolve,
            ["Solarize"] = SolarizeSpec.Resolve,
            ["Normalize"] = NormalizeSpec.Resolve,
            ["GammaContrast"] = GammaContrastSpec.Resolve,
            ["IntensityWindow"] = IntensityWindowSpec.Resolve,
            ["BiasField"] = BiasFieldSpec.Resolve,
            ["GaussianNoise"] = GaussianNoiseSpec.Resolve,
            ["RicianNoise"] = RicianNoiseSpec.Resolve,
            ["MotionBlur"] = MotionBlurSpec.Resolve,
            ["Jitter"] = JitterSpec.Resolve,
            ["Scaling"] = ScalingSpec.Resolve,
            ["MagnitudeWarp"] = MagnitudeWarpSpec.Resolve,
            ["TimeWarp"] = TimeWarpSpec.Resolve,
            ["ChannelDropout"] = ChannelDropoutSpec.Resolve,
            ["TimeMask"] = TimeMaskSpec.Resolve,
            ["WindowCrop"] = WindowCropSpec.Resolve,
            ["TokenDropout"] = TokenDropoutSpec.Resolve,

            ["SimClr"] = SimClrSpec.Resolve,
            ["MoCo"] = MoCoSpec.Resolve,
            ["Byol"] = ByolSpec.Resolve,
            ["SimSiam"] = SimSiamSpec.Resolve,
            ["Nnclr"] = NnclrSpec.Resolve,
            ["Dino"] = DinoSpec.Resolve,
            ["Swav"] = SwavSpec.Resolve,
            ["BarlowTwins"] = BarlowTwinsSpec.Resolve,
            ["Vicreg"] = VicregSpec.Resolve,
            ["MaskedAutoencoder"] = MaskedAutoencoderSpec.Resolve,
            ["Autoencoder"] = AutoencoderSpec.Resolve,
            ["RotationPrediction"] = RotationPredictionSpec.Resolve,
            ["MaskedLanguageModel"] = MaskedLanguageModelSpec.Resolve,
            ["FutureWindowPrediction"] = FutureWindowPredictionSpec.Resolve,
            ["MaskedStreamReconstruction"] = MaskedStreamReconstructionSpec.Resolve,
            ["Distill"] = DistillSpec.Resolve,

            ["Sgd"] = SgdSpec.Resolve,
            ["Lars"] = LarsSpec.Resolve,
            ["AdamW"] = AdamWSpec.Resolve,
            ["WarmupCosine"] = WarmupCosineSpec.Resolve,
            ["Training"] = TrainingSpec.Resolve,
            ["Checkpoint"] = CheckpointSpec.Resolve,
            ["DataParallel"] = DataParallelSpec.Resolve,
            ["LinearProbe"] = LinearProbeSpec.Resolve,
            ["KnnMonitor"] = KnnMonitorSpec.Resolve,
            ["HealthMonitor"] = HealthMonitorSpec.Resolve,
            ["OnlineProbe"] = OnlineProbeSpec.Resolve,
            ["FineTune"] = FineTuneSpec.Resolve,
        };

        /// <summary>Names of the attributes that resolve into a spec.</summary>
        public static IEnumerable<string> Names => Resolvers.Keys;

        /// <summary>The spec of <paramref name="attribute"/>, or null for an attribute without one (<c>[SslExperiment]</c>).</summary>
        public static object? Resolve(AttributeModel attribute) =>
            Resolvers.TryGetValue(attribute.Name, out System.Func<AttributeModel, object>? resolve) ? resolve(attribute) : null;

        /// <summary>The spec of <paramref name="attribute"/> as <typeparamref name="T"/>; an unknown name is a generator bug.</summary>
        public static T Resolve<T>(AttributeModel attribute)
            where T : class =>
            Resolve(attribute) as T ?? throw new System.NotSupportedException($"[{attribute.Name}] is not supported by this version of the generator");
    }
}
