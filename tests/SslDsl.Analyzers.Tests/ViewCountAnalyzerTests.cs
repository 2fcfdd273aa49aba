using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.ViewCountAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class ViewCountAnalyzerTests
    {
        private static DiagnosticResult Diagnostic(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.TooFewViews).WithLocation(location).WithMessage(message);

        [Fact]
        public Task One_view_for_SimClr_is_reported_at_the_count() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[Views({|#0:1|})]"),
                Diagnostic(0, "[SimClr] compares views of each sample and needs at least 2 views, but [Views(1)] declares 1"));

        [Fact]
        public Task Count_written_by_parameter_name_is_reported_at_that_argument() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[Views({|#0:count: 1|})]"),
                Diagnostic(0, "[SimClr] compares views of each sample and needs at least 2 views, but [Views(1)] declares 1"));

        [Fact]
        public Task Multi_crop_of_one_view_is_reported_at_GlobalCount() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[MultiCrop({|#0:GlobalCount = 1|}, LocalCount = 0)]"),
                Diagnostic(0, "[SimClr] compares views of each sample and needs at least 2 views, but [MultiCrop] makes 1 (GlobalCount = 1, LocalCount = 0)"));

        [Theory]
        [InlineData("[Views(2)]")]
        [InlineData("[Views(3)]")]
        [InlineData("")]
        [InlineData("[MultiCrop(GlobalCount = 1, LocalCount = 1)]")]
        [InlineData("[MultiCrop(GlobalCount = 2, LocalCount = 0)]")]
        public Task Enough_views_are_not_reported(string views) =>
            Verify.VerifyAsync(Sources.Valid("[Views(2)]", views));
    }
}
