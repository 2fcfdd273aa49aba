using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.PatchSizeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class PatchSizeAnalyzerTests
    {
        private const string Vit = "[VisionTransformer(PatchSize = 4, Dim = 64, Depth = 2, Heads = 4)]";

        [Fact]
        public Task Patch_size_that_does_not_divide_the_image_is_reported_at_PatchSize() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidMaeExperiment, Vit, "[VisionTransformer({|#0:PatchSize = 5|}, Dim = 64, Depth = 2, Heads = 4)]"),
                new DiagnosticResult(DiagnosticDescriptors.PatchSizeDoesNotDivideImage).WithLocation(0).WithMessage(
                    "[VisionTransformer] PatchSize = 5 does not divide the 32x32 image of [ImageInput]: Height and Width must both be multiples of PatchSize, e.g. PatchSize = 4"));

        [Fact]
        public Task Default_patch_size_is_reported_at_the_attribute() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.Valid("[ConvNet]", "[{|#0:VisionTransformer|}]"), "Height = 28, Width = 28", "Height = 28, Width = 42"),
                new DiagnosticResult(DiagnosticDescriptors.PatchSizeDoesNotDivideImage).WithLocation(0).WithMessage(
                    "[VisionTransformer] PatchSize = 16 does not divide the 28x42 image of [ImageInput]: Height and Width must both be multiples of PatchSize, e.g. PatchSize = 14"));

        [Fact]
        public Task Patch_size_that_divides_only_the_height_is_reported() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidMaeExperiment, "Height = 32, Width = 32", "Height = 32, Width = 36")
                    .Replace("PatchSize = 4", "{|#0:PatchSize = 8|}"),
                new DiagnosticResult(DiagnosticDescriptors.PatchSizeDoesNotDivideImage).WithLocation(0).WithMessage(
                    "[VisionTransformer] PatchSize = 8 does not divide the 32x36 image of [ImageInput]: Height and Width must both be multiples of PatchSize, e.g. PatchSize = 4"));

        [Theory]
        [InlineData("Height = 32, Width = 32", "PatchSize = 4")]
        [InlineData("Height = 32, Width = 32", "PatchSize = 32")]
        [InlineData("Height = 32, Width = 48", "PatchSize = 16")]
        [InlineData("Height = 28, Width = 28", "PatchSize = 7")]
        public Task Patch_size_that_divides_both_sides_is_not_reported(string size, string patch) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidMaeExperiment, "Height = 32, Width = 32", size).Replace("PatchSize = 4", patch));

        [Fact]
        public Task Patch_size_is_not_checked_against_an_input_of_another_kind() =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, "[TemporalConvNet(Widths = new[] { 16, 16 })]", "[VisionTransformer(PatchSize = 5)]"));
    }
}
