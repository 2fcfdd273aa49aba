using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.InputSizeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class InputSizeAnalyzerTests
    {
        [Fact]
        public Task Crop_larger_than_the_image_is_reported_at_Size() =>
            Verify.VerifyAsync(
                Sources.Valid("[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[RandomResizedCrop({|#0:Size = 32|}, MinScale = 0.2)]"),
                new DiagnosticResult(DiagnosticDescriptors.LargerThanInput).WithLocation(0)
                    .WithMessage("[RandomResizedCrop] Size = 32 is larger than the 28x28 images of [ImageInput]; Size must be <= 28 (0 keeps the input size)"));

        [Fact]
        public Task Crop_larger_than_the_shorter_side_is_reported() =>
            Verify.VerifyAsync(
                Sources.Valid("[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[RandomResizedCrop({|#0:Size = 30|})]").Replace("Width = 28", "Width = 32"),
                new DiagnosticResult(DiagnosticDescriptors.LargerThanInput).WithLocation(0)
                    .WithMessage("[RandomResizedCrop] Size = 30 is larger than the 28x32 images of [ImageInput]; Size must be <= 28 (0 keeps the input size)"));

        [Fact]
        public Task Window_longer_than_the_input_is_reported_at_Length() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidSequenceExperiment, "[Jitter]", "[WindowCrop({|#0:Length = 40|})]"),
                new DiagnosticResult(DiagnosticDescriptors.LargerThanInput).WithLocation(0)
                    .WithMessage("[WindowCrop] Length = 40 is longer than the windows of [SequenceInput] (Length = 32); Length must be <= 32"));

        [Theory]
        [InlineData("[MultiCrop({|#0:GlobalSize = 32|})]", "[MultiCrop] GlobalSize = 32 is larger than the 28x28 images of [ImageInput]; GlobalSize must be <= 28 (0 keeps the input size)")]
        [InlineData("[MultiCrop(GlobalSize = 24, {|#0:LocalSize = 29|})]", "[MultiCrop] LocalSize = 29 is larger than the 28x28 images of [ImageInput]; LocalSize must be <= 28 (0 is 3/7 of the input size)")]
        public Task Multi_crop_larger_than_the_image_is_reported(string crop, string message) =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", crop).Replace("[RandomResizedCrop(Size = 28, MinScale = 0.2)]\n", ""),
                new DiagnosticResult(DiagnosticDescriptors.LargerThanInput).WithLocation(0).WithMessage(message));

        [Theory]
        [InlineData("[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[RandomResizedCrop(Size = 28)]")]
        [InlineData("[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[RandomResizedCrop(Size = 16)]")]
        [InlineData("[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[RandomResizedCrop]")]
        [InlineData("[Views(2)]\n[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[MultiCrop(GlobalSize = 28, LocalSize = 12)]")]
        public Task Crops_that_fit_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Valid(replace, with));

        [Theory]
        [InlineData("[WindowCrop(Length = 32)]")]
        [InlineData("[WindowCrop(Length = 8, ResizeBack = false)]")]
        public Task Windows_that_fit_are_not_reported(string crop) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, "[Jitter]", crop));
    }
}
