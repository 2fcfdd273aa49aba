using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.CodeFixVerifier<SslDsl.Analyzers.DuplicateAugmentationAnalyzer, SslDsl.CodeFixes.DuplicateAugmentationCodeFixProvider>;

namespace SslDsl.Analyzers.Tests
{
    public class DuplicateAugmentationCodeFixTests
    {
        private static DiagnosticResult At(int location) =>
            new DiagnosticResult(DiagnosticIds.DuplicateAugmentation, DiagnosticSeverity.Warning).WithLocation(location);

        private static string WithAugmentations(string augmentations) => Sources.Valid("[Views(2)]", "[Views(2)]\n" + augmentations);

        [Fact]
        public Task Removes_the_repeated_attribute_and_its_line() =>
            Verify.VerifyAsync(
                WithAugmentations("[HorizontalFlip]\n[{|#0:HorizontalFlip(Probability = 0.2)|}]"),
                new[] { At(0) },
                WithAugmentations("[HorizontalFlip]"));

        [Fact]
        public Task Removes_the_repeated_attribute_from_a_shared_list() =>
            Verify.VerifyAsync(
                WithAugmentations("[HorizontalFlip, Solarize, {|#0:HorizontalFlip|}]"),
                new[] { At(0) },
                WithAugmentations("[HorizontalFlip, Solarize]"));

        [Fact]
        public Task Removes_every_repetition() =>
            Verify.VerifyAsync(
                WithAugmentations("[Solarize(View = 1)]\n[{|#0:Solarize(View = 1)|}]\n[HorizontalFlip]\n[{|#1:Solarize|}]"),
                new[] { At(0), At(1) },
                WithAugmentations("[Solarize(View = 1)]\n[HorizontalFlip]"));
    }
}
