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

        [Fact]
        public Task Experiment_from_the_design_gets_no_diagnostic() =>
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
                    [ColorJitter(Brightness = 0.4, Contrast = 0.4, Probability = 0.8)]
                    [Grayscale(Probability = 0.2, View = 1)]
                    [SimClr(Temperature = 0.5)]
                    [Lars(LearningRate = 0.3, WeightDecay = 1e-6)]
                    [WarmupCosine(WarmupEpochs = 10)]
                    [Training(BatchSize = 256, Epochs = 100, Precision = Precision.BFloat16, AccumulationSteps = 1)]
                    [LinearProbe(Epochs = 100)]
                    [KnnMonitor(K = 200, EveryEpochs = 5)]
                    public partial class DigitsSimClr
                    {
                    }
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
