using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.MissingComponentAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class MissingComponentAnalyzerTests
    {
        [Theory]
        [InlineData("[{|#0:Byol|}]", "[Byol] needs a predictor head on the online branch; add [Predictor]")]
        [InlineData("[{|#0:SimSiam|}]", "[SimSiam] needs a predictor head on the online branch; add [Predictor]")]
        [InlineData("[{|#0:MoCo(Version = 3)|}]", "[MoCo(Version = 3)] needs a predictor head on the online branch; add [Predictor]")]
        [InlineData("[{|#0:Nnclr|}]", "[Nnclr] needs a predictor head on the online branch; add [Predictor]")]
        public Task Objective_without_predictor_is_reported_at_the_objective(string objective, string message) =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", objective),
                new DiagnosticResult(DiagnosticDescriptors.MissingComponent).WithLocation(0).WithMessage(message));

        [Fact]
        public Task Predictor_without_projector_is_reported() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Predictor]\n[{|#0:Byol|}]").Replace("[Projector(Hidden = 256, Output = 64)]", ""),
                new DiagnosticResult(DiagnosticDescriptors.MissingComponent).WithLocation(0).WithMessage("[Byol] needs a projector head before its predictor; add [Projector]"));

        [Theory]
        [InlineData("[Predictor]\n[Byol]")]
        [InlineData("[Predictor(Hidden = 512)]\n[SimSiam]")]
        [InlineData("[Predictor]\n[Nnclr]")]
        [InlineData("[MoCo(Version = 2, QueueSize = 1024)]")]
        [InlineData("[BarlowTwins]")]
        [InlineData("[Vicreg]")]
        public Task Objective_with_what_it_needs_is_not_reported(string objective) =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", objective));
    }
}
