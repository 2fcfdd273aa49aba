using System.Threading.Tasks;
using SslDsl.Analyzers.Tests.Infrastructure;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>Every analyzer at once, as in a user's build.</summary>
    public class AllAnalyzersTests
    {
        [Fact]
        public Task Valid_experiment_gets_no_diagnostic() =>
            AllAnalyzersVerifier.VerifyAsync(Sources.ValidExperiment);

        /// <summary>
        /// The design's example (with Precision = BFloat16) is valid; its 1-channel images make ColorJitter's default
        /// saturation and hue, and Grayscale, no-ops, which SSL0015 points out (warnings only).
        /// </summary>
        [Fact]
        public Task Experiment_from_the_design_gets_no_error() =>
            AllAnalyzersVerifier.VerifyAsync(
                """
                using SslDsl;

                namespace Samples
                {
                    [SslExperiment]
                    [ImageInput(Channels = 1, Height = 28, Width = 28)]
                    [ResNet(Depth = 18, SmallInputs = true)]
                    [Projector(Hidden = 2048, Output = 128)]
                    [Views(2)]
                    [RandomResizedCrop(Size = 28, MinScale = 0.2)]
                    [HorizontalFlip(Probability = 0.5)]
                    [{|SSL0015:ColorJitter(Brightness = 0.4, Contrast = 0.4, Probability = 0.8)|}]
                    [{|SSL0015:Grayscale(Probability = 0.2, View = 1)|}]
                    [SimClr(Temperature = 0.5)]
                    [Lars(LearningRate = 0.3, WeightDecay = 1e-6)]
                    [WarmupCosine(WarmupEpochs = 10)]
                    [Training(BatchSize = 256, Epochs = 100, Precision = Precision.BFloat16, AccumulationSteps = 1)]
                    [LinearProbe(Iterations = 100)]
                    [KnnMonitor(K = 200, EveryEpochs = 5)]
                    public partial class DigitsSimClr
                    {
                    }
                }
                """);

        [Fact]
        public Task Valid_sequence_experiment_gets_no_diagnostic() =>
            AllAnalyzersVerifier.VerifyAsync(Sources.ValidSequenceExperiment);

        [Fact]
        public Task Valid_forecast_experiment_gets_no_diagnostic() =>
            AllAnalyzersVerifier.VerifyAsync(Sources.ValidForecastExperiment);

        [Fact]
        public Task Valid_token_experiment_gets_no_diagnostic() =>
            AllAnalyzersVerifier.VerifyAsync(Sources.ValidTokenExperiment);

        [Fact]
        public Task Valid_masked_autoencoder_gets_no_diagnostic() =>
            AllAnalyzersVerifier.VerifyAsync(Sources.ValidMaeExperiment);

        /// <summary>One experiment per new encoder, objective and view arrangement, each valid: no error, and only the warnings shown.</summary>
        [Fact]
        public Task Experiments_of_the_whole_catalogue_get_no_error() =>
            AllAnalyzersVerifier.VerifyAsync(
                """
                using SslDsl;
                using TorchSharp;
                using static TorchSharp.torch;

                namespace Samples
                {
                    [SslExperiment]
                    [ImageInput(Channels = 1, Height = 12, Width = 12)]
                    [ConvNet(Widths = new[] { 16, 32 })]
                    [GaussianNoise(MinStd = 0.05, MaxStd = 0.1)]
                    [Autoencoder]
                    [AdamW(LearningRate = 3e-3)]
                    [Training(BatchSize = 32)]
                    public partial class DenoisingAutoencoder { }

                    [SslExperiment]
                    [ImageInput(Channels = 3, Height = 12, Width = 12)]
                    [ConvNet(Widths = new[] { 16, 32 })]
                    [RotationPrediction]
                    [Training(BatchSize = 32)]
                    public partial class Rotation { }

                    [SslExperiment]
                    [SequenceInput(Channels = 3, Length = 32)]
                    [TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
                    [TimeWarp]
                    [MaskedStreamReconstruction(MaskRatio = 0.25, SpanLength = 4, MaskChannels = true)]
                    [Training(BatchSize = 32)]
                    public partial class MaskedStream { }

                    [SslExperiment]
                    [SequenceInput(Channels = 2, Length = 24)]
                    [Mlp(Hidden = new[] { 64, 32 })]
                    [Projector(Hidden = 32, Output = 16)]
                    [Jitter(View = 0)]
                    [Scaling(View = 1)]
                    [SimClr(Temperature = 0.2)]
                    [Training({|SSL0013:BatchSize = 32|})]
                    public partial class SequenceSimClr
                    {
                        [Augmentation(Order = 0, Probability = 0.8)]
                        private static Tensor AddNoise(Tensor batch, Generator rng) => batch;
                    }

                    public sealed class SmallUserEncoder : nn.Module<Tensor, Tensor>
                    {
                        public SmallUserEncoder() : base(nameof(SmallUserEncoder)) { }
                        public override Tensor forward(Tensor input) => input;
                    }

                    [SslExperiment]
                    [ImageInput(Channels = 3, Height = 12, Width = 12)]
                    [CustomEncoder(typeof(SmallUserEncoder), OutputDim = 16)]
                    [Projector(Hidden = 32, Output = 16)]
                    [RandomResizedCrop(MinScale = 0.5)]
                    [SimClr(Temperature = 0.2)]
                    [Training(BatchSize = 256)]
                    public partial class CustomEncoder { }

                    [SslExperiment]
                    [ImageInput(Channels = 3, Height = 16, Width = 16)]
                    [ConvNet(Widths = new[] { 16, 32 })]
                    [Projector(Hidden = 32, Output = 16)]
                    [Predictor(Hidden = 32, Output = 16)]
                    [MultiCrop(GlobalCount = 2, LocalCount = 2, LocalSize = 8)]
                    [HorizontalFlip]
                    [Solarize(View = 1, Probability = 0.5)]
                    [Byol(MomentumStart = 0.9)]
                    [Training(BatchSize = 32)]
                    [FineTune(HeadLearningRateMultiplier = 20, Patience = 3)]
                    public partial class MultiCropByol { }

                    [SslExperiment]
                    [ImageInput(Channels = 3, Height = 16, Width = 16)]
                    [VisionTransformer(PatchSize = 4, Dim = 32, Depth = 2, Heads = 2)]
                    [Projector(Hidden = 32, Output = 16)]
                    [Predictor(Hidden = 32)]
                    [RandomResizedCrop(MinScale = 0.5)]
                    [MoCo(Version = 3, Momentum = 0.99)]
                    [Training(BatchSize = 256)]
                    public partial class VitMoCoV3 { }

                    [SslExperiment]
                    [TokenInput(VocabSize = 40, Length = 16)]
                    [TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
                    [TokenDropout(Rate = 0.05)]
                    [Projector(Hidden = 32, Output = 16)]
                    [BarlowTwins]
                    [Training(BatchSize = 32)]
                    public partial class TokenBarlowTwins { }
                }
                """);

        [Fact]
        public Task Each_analyzer_reports_its_own_rule_on_a_broken_experiment() =>
            AllAnalyzersVerifier.VerifyAsync(
                """
                using SslDsl;

                [SslExperiment]
                [Views({|SSL0005:1|})]
                [SimClr({|SSL0006:Temperature = 0|})]
                public class {|SSL0001:{|SSL0002:{|SSL0004:Exp|}|}|}
                {
                }
                """);

        [Fact]
        public Task Declaration_optimizer_precision_and_checkpoint_rules_report_together() =>
            AllAnalyzersVerifier.VerifyAsync(
                """
                using SslDsl;

                [SslExperiment]
                [ImageInput(Channels = 1, Height = 28, Width = 28)]
                [ConvNet]
                [Projector(Hidden = 256, Output = 64)]
                [SimClr(Temperature = 0.5)]
                [Lars]
                [{|SSL0027:AdamW|}]
                [Training(BatchSize = 256, {|SSL0030:Precision = (Precision)5|})]
                [Checkpoint({|SSL0006:Keep = 0|})]
                public partial class {|SSL0028:Exp|}<T>
                {
                    public static int {|SSL0029:CreateTrainer|}() => 0;
                }
                """);

        [Fact]
        public Task Classes_without_SslExperiment_are_ignored() =>
            AllAnalyzersVerifier.VerifyAsync(
                """
                using SslDsl;

                [Views(1), SimClr(Temperature = -1)]
                public class NotAnExperiment
                {
                }
                """);
    }
}
