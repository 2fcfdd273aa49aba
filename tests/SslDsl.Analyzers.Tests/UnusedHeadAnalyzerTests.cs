using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.UnusedHeadAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class UnusedHeadAnalyzerTests
    {
        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.UnusedHead).WithLocation(location).WithSeverity(DiagnosticSeverity.Warning).WithMessage(message);

        [Fact]
        public Task Heads_of_a_single_view_objective_are_warnings_at_each_head() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidMaeExperiment, "[HorizontalFlip]", "[{|#0:Projector|}]\n[{|#1:Predictor(Hidden = 64)|}]\n[HorizontalFlip]"),
                At(0, "[Projector] is not used: [MaskedAutoencoder] trains its own head on the encoder output and compares no views; remove [Projector]"),
                At(1, "[Predictor] is not used: [MaskedAutoencoder] trains its own head on the encoder output and compares no views; remove [Predictor]"));

        [Theory]
        [InlineData("[SimClr(Temperature = 0.5)]", "[SimClr]")]
        [InlineData("[MoCo(QueueSize = 1024)]", "[MoCo(Version = 2)]")]
        [InlineData("[Vicreg]", "[Vicreg]")]
        public Task Predictor_of_an_objective_without_one_is_a_warning(string objective, string name) =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[{|#0:Predictor|}]\n" + objective),
                At(0, $"[Predictor] is not used: only [Byol], [SimSiam], [Nnclr] and [MoCo(Version = 3)] have a predictor head, not {name}; remove [Predictor]"));

        [Theory]
        [InlineData("[Predictor]\n[Byol]")]
        [InlineData("[Predictor]\n[MoCo(Version = 3)]")]
        [InlineData("[SimClr(Temperature = 0.5)]")]
        public Task Heads_the_objective_uses_are_not_reported(string objective) =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", objective));

        [Fact]
        public Task Single_view_objective_without_heads_is_not_reported() =>
            Verify.VerifyAsync(Sources.ValidMaeExperiment);
    }
}
