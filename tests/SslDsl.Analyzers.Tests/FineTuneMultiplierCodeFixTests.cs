using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.CodeFixVerifier<SslDsl.Analyzers.FineTuneMultiplierAnalyzer, SslDsl.CodeFixes.FineTuneMultiplierCodeFixProvider>;

namespace SslDsl.Analyzers.Tests
{
    public class FineTuneMultiplierCodeFixTests
    {
        private static DiagnosticResult At(int location) =>
            new DiagnosticResult(DiagnosticIds.FineTuneMultipliers, DiagnosticSeverity.Warning).WithLocation(location);

        private static string WithFineTune(string fineTune) =>
            Sources.Valid("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n" + fineTune);

        [Fact]
        public Task Swaps_the_two_multipliers() =>
            Verify.VerifyAsync(
                WithFineTune("[FineTune(LearningRate = 1e-4, {|#0:HeadLearningRateMultiplier = 1|}, BackboneLearningRateMultiplier = 10.0, Patience = 3)]"),
                new[] { At(0) },
                WithFineTune("[FineTune(LearningRate = 1e-4, HeadLearningRateMultiplier = 10.0, BackboneLearningRateMultiplier = 1, Patience = 3)]"));

        [Fact]
        public Task Writes_out_the_multiplier_left_at_its_default() =>
            Verify.VerifyAsync(
                WithFineTune("[FineTune({|#0:BackboneLearningRateMultiplier = 20|})]"),
                new[] { At(0) },
                WithFineTune("[FineTune(BackboneLearningRateMultiplier = 10, HeadLearningRateMultiplier = 20)]"));

        [Fact]
        public Task Writes_out_the_backbone_multiplier_left_at_its_default() =>
            Verify.VerifyAsync(
                WithFineTune("[FineTune({|#0:HeadLearningRateMultiplier = 0.5|})]"),
                new[] { At(0) },
                WithFineTune("[FineTune(HeadLearningRateMultiplier = 1, BackboneLearningRateMultiplier = 0.5)]"));

        [Fact]
        public Task Offers_no_fix_when_the_multipliers_are_equal() =>
            Verify.VerifyAsync(
                WithFineTune("[FineTune({|#0:HeadLearningRateMultiplier = 2|}, BackboneLearningRateMultiplier = 2)]"),
                new[] { At(0) },
                WithFineTune("[FineTune({|#0:HeadLearningRateMultiplier = 2|}, BackboneLearningRateMultiplier = 2)]"));
    }
}
