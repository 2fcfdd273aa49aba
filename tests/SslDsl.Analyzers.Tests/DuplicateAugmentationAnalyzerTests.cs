using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.DuplicateAugmentationAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class DuplicateAugmentationAnalyzerTests
    {
        private static string WithAugmentations(string augmentations) => Sources.Valid("[Views(2)]", "[Views(2)]\n" + augmentations);

        [Theory]
        [InlineData("[HorizontalFlip]\n[{|#0:HorizontalFlip(Probability = 0.2)|}]",
            "[HorizontalFlip] is declared twice for every view: the second applies the same augmentation again; remove it, or give the two different View indices")]
        [InlineData("[Solarize(View = 1)]\n[{|#0:Solarize(View = 1, Threshold = 0.3)|}]",
            "[Solarize] is declared twice for view 1: the second applies the same augmentation again; remove it, or give the two different View indices")]
        [InlineData("[GaussianBlur(View = 0)]\n[HorizontalFlip]\n[{|#0:GaussianBlur|}]",
            "[GaussianBlur] is declared twice for view 0 (View = -1 applies to every view): the second applies the same augmentation again; remove it, or give the two different View indices")]
        public Task Same_augmentation_twice_for_the_same_view_is_a_warning_at_the_second(string augmentations, string message) =>
            Verify.VerifyAsync(
                WithAugmentations(augmentations),
                new DiagnosticResult(DiagnosticDescriptors.DuplicateAugmentation).WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithMessage(message));

        [Fact]
        public Task Every_repetition_is_reported_once() =>
            Verify.VerifyAsync(
                WithAugmentations("[HorizontalFlip]\n[{|#0:HorizontalFlip|}]\n[{|#1:HorizontalFlip|}]"),
                new DiagnosticResult(DiagnosticIds.DuplicateAugmentation, DiagnosticSeverity.Warning).WithLocation(0),
                new DiagnosticResult(DiagnosticIds.DuplicateAugmentation, DiagnosticSeverity.Warning).WithLocation(1));

        [Theory]
        [InlineData("[GaussianBlur(View = 0, Probability = 1.0)]\n[GaussianBlur(View = 1, Probability = 0.1)]")]
        [InlineData("[Solarize(View = 1)]\n[HorizontalFlip]\n[ColorJitter]")]
        public Task Different_views_or_different_augmentations_are_not_reported(string augmentations) =>
            Verify.VerifyAsync(WithAugmentations(augmentations));
    }
}
