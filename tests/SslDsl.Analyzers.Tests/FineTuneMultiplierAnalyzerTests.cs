using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.FineTuneMultiplierAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class FineTuneMultiplierAnalyzerTests
    {
        private static string WithFineTune(string fineTune) =>
            Sources.Valid("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n" + fineTune);

        [Theory]
        [InlineData("[FineTune({|#0:HeadLearningRateMultiplier = 1|}, BackboneLearningRateMultiplier = 10)]",
            "[FineTune] HeadLearningRateMultiplier = 1 is not above BackboneLearningRateMultiplier = 10: the new head starts from random weights and should learn faster than the pretrained encoder, e.g. 10 and 1")]
        [InlineData("[FineTune({|#0:HeadLearningRateMultiplier = 2|}, BackboneLearningRateMultiplier = 2)]",
            "[FineTune] HeadLearningRateMultiplier = 2 is not above BackboneLearningRateMultiplier = 2: the new head starts from random weights and should learn faster than the pretrained encoder, e.g. 10 and 1")]
        [InlineData("[FineTune(LearningRate = 1e-4, {|#0:BackboneLearningRateMultiplier = 20|})]",
            "[FineTune] HeadLearningRateMultiplier = 10 is not above BackboneLearningRateMultiplier = 20: the new head starts from random weights and should learn faster than the pretrained encoder, e.g. 10 and 1")]
        public Task Head_not_above_backbone_is_a_warning(string fineTune, string message) =>
            Verify.VerifyAsync(
                WithFineTune(fineTune),
                new DiagnosticResult(DiagnosticDescriptors.FineTuneMultipliers).WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithMessage(message));

        [Theory]
        [InlineData("[FineTune]")]
        [InlineData("[FineTune(HeadLearningRateMultiplier = 5, BackboneLearningRateMultiplier = 1)]")]
        [InlineData("[FineTune(HeadLearningRateMultiplier = 1, BackboneLearningRateMultiplier = 0)]")]
        [InlineData("[FineTune(BackboneLearningRateMultiplier = 9.9)]")]
        public Task Head_above_backbone_is_not_reported(string fineTune) =>
            Verify.VerifyAsync(WithFineTune(fineTune));
    }
}
