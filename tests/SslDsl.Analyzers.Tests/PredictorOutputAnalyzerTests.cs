using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.PredictorOutputAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class PredictorOutputAnalyzerTests
    {
        [Theory]
        [InlineData("[Projector(Hidden = 256, Output = 64)]", "[Predictor(Hidden = 128, {|#0:Output = 32|})]\n[Byol]", "[Predictor] Output = 32 differs from [Projector] Output = 64: [Byol] compares each prediction with a projection, so both must have the same size; use Output = 64 or leave it at 0 (the projector's size)")]
        [InlineData("[Projector]", "[Predictor({|#0:Output = 64|})]\n[SimSiam]", "[Predictor] Output = 64 differs from [Projector] Output = 128: [SimSiam] compares each prediction with a projection, so both must have the same size; use Output = 128 or leave it at 0 (the projector's size)")]
        public Task Predictor_output_other_than_the_projector_output_is_reported_at_Output(string projector, string objective, string message) =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", objective).Replace("[Projector(Hidden = 256, Output = 64)]", projector),
                new DiagnosticResult(DiagnosticDescriptors.PredictorOutput).WithLocation(0).WithMessage(message));

        [Theory]
        [InlineData("[Predictor(Hidden = 128, Output = 64)]\n[Byol]")]
        [InlineData("[Predictor(Output = 0)]\n[MoCo(Version = 3)]")]
        [InlineData("[Predictor]\n[SimSiam]")]
        [InlineData("[Predictor(Output = 32)]\n[SimClr]")]
        public Task Predictor_output_of_the_projector_size_is_not_reported(string objective) =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", objective));
    }
}
