using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.CodeFixes;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.CodeFixVerifier<SslDsl.Analyzers.ViewCountAnalyzer, SslDsl.CodeFixes.ViewCountCodeFixProvider>;

namespace SslDsl.Analyzers.Tests
{
    public class ViewCountCodeFixTests
    {
        // The analyzer tests check the messages; here only where the fix starts matters.
        private static DiagnosticResult At(int location) =>
            new DiagnosticResult(DiagnosticIds.TooFewViews, DiagnosticSeverity.Error).WithLocation(location);

        [Fact]
        public Task Sets_the_count_to_what_the_objective_needs() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[Views({|#0:1|})]"),
                new[] { At(0) },
                Sources.ValidExperiment);

        [Fact]
        public Task Keeps_the_parameter_name() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[Views({|#0:count: 1|})]"),
                new[] { At(0) },
                Sources.Valid("[Views(2)]", "[Views(count: 2)]"));

        [Fact]
        public Task Replaces_a_constant_expression() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[Views({|#0:OneView|})]").Replace("{\n}", "{\n    private const int OneView = 1;\n}"),
                new[] { At(0) },
                Sources.Valid("[Views(2)]", "[Views(2)]").Replace("{\n}", "{\n    private const int OneView = 1;\n}"));

        [Fact]
        public Task Sets_the_global_crops_of_a_multi_crop_of_one_view() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[MultiCrop({|#0:GlobalCount = 1|}, LocalCount = 0)]"),
                new[] { At(0) },
                Sources.Valid("[Views(2)]", "[MultiCrop(GlobalCount = 2, LocalCount = 0)]"));

        [Fact]
        public void Fixes_SSL0005_with_the_batch_fixer()
        {
            var provider = new ViewCountCodeFixProvider();
            Assert.Equal(new[] { "SSL0005" }, provider.FixableDiagnosticIds);
            Assert.Same(Microsoft.CodeAnalysis.CodeFixes.WellKnownFixAllProviders.BatchFixer, provider.GetFixAllProvider());
        }
    }
}
