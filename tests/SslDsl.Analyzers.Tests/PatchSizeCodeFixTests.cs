using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.CodeFixVerifier<SslDsl.Analyzers.PatchSizeAnalyzer, SslDsl.CodeFixes.PatchSizeCodeFixProvider>;

namespace SslDsl.Analyzers.Tests
{
    public class PatchSizeCodeFixTests
    {
        private static DiagnosticResult At(int location) =>
            new DiagnosticResult(DiagnosticIds.PatchSizeDoesNotDivideImage, DiagnosticSeverity.Error).WithLocation(location);

        private static string Mae(string size, string vit) =>
            Sources.Edit(Sources.ValidMaeExperiment, "Height = 32, Width = 32", size)
                .Replace("[VisionTransformer(PatchSize = 4, Dim = 64, Depth = 2, Heads = 4)]", vit);

        [Theory]
        [InlineData("Height = 32, Width = 32", "5", "4")]   // divisors 4 and 8: 4 is nearer
        [InlineData("Height = 32, Width = 32", "6", "4")]   // 4 and 8 are as near: the smaller
        [InlineData("Height = 32, Width = 32", "7", "8")]
        [InlineData("Height = 32, Width = 32", "40", "32")]
        [InlineData("Height = 24, Width = 36", "5", "4")]   // common divisors of 24 and 36: 4 and 6 tie
        [InlineData("Height = 24, Width = 36", "8", "6")]   // 8 divides 24 but not 36
        [InlineData("Height = 28, Width = 42", "16", "14")]
        public Task Sets_the_nearest_patch_size_that_divides_both_sides(string size, string patch, string expected) =>
            Verify.VerifyAsync(
                Mae(size, $"[VisionTransformer({{|#0:PatchSize = {patch}|}}, Dim = 64, Depth = 2, Heads = 4)]"),
                new[] { At(0) },
                Mae(size, $"[VisionTransformer(PatchSize = {expected}, Dim = 64, Depth = 2, Heads = 4)]"));

        [Fact]
        public Task Adds_PatchSize_when_the_default_does_not_divide_the_image() =>
            Verify.VerifyAsync(
                Mae("Height = 28, Width = 28", "[{|#0:VisionTransformer(Dim = 64, Depth = 2, Heads = 4)|}]"),
                new[] { At(0) },
                Mae("Height = 28, Width = 28", "[VisionTransformer(Dim = 64, Depth = 2, Heads = 4, PatchSize = 14)]"));

        [Fact]
        public Task Adds_an_argument_list_to_a_bare_attribute() =>
            Verify.VerifyAsync(
                Mae("Height = 28, Width = 28", "[{|#0:VisionTransformer|}]"),
                new[] { At(0) },
                Mae("Height = 28, Width = 28", "[VisionTransformer(PatchSize = 14)]"));
    }
}
