using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.WarmupLengthAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class WarmupLengthAnalyzerTests
    {
        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.WarmupTooLong).WithLocation(location).WithSeverity(DiagnosticSeverity.Warning).WithMessage(message);

        [Fact]
        public Task Warm_up_as_long_as_the_run_is_reported_at_WarmupEpochs() =>
            Verify.VerifyAsync(
                Sources.Valid("[WarmupCosine(WarmupEpochs = 10)]", "[WarmupCosine({|#0:WarmupEpochs = 100|})]"),
                At(0, "[WarmupCosine] WarmupEpochs = 100 is not shorter than [Training] Epochs = 100: the learning rate rises to the last step and never decays; use fewer warm-up epochs, e.g. WarmupEpochs = 10"));

        [Fact]
        public Task Default_warm_up_longer_than_a_short_run_is_reported_at_the_attribute() =>
            Verify.VerifyAsync(
                Sources.Valid("[WarmupCosine(WarmupEpochs = 10)]", "[{|#0:WarmupCosine|}]").Replace("Epochs = 100", "Epochs = 5"),
                At(0, "[WarmupCosine] WarmupEpochs = 10 is not shorter than [Training] Epochs = 5: the learning rate rises to the last step and never decays; use fewer warm-up epochs, e.g. WarmupEpochs = 0"));

        [Theory]
        [InlineData("[WarmupCosine(WarmupEpochs = 10)]")]
        [InlineData("[WarmupCosine(WarmupEpochs = 99)]")]
        [InlineData("[WarmupCosine(WarmupEpochs = 0)]")]
        [InlineData("[WarmupCosine(WarmupEpochs = 100, WarmupSteps = 500)]")] // steps replace the epochs; the runtime caps them at half the run
        public Task Warm_up_shorter_than_the_run_is_not_reported(string schedule) =>
            Verify.VerifyAsync(Sources.Valid("[WarmupCosine(WarmupEpochs = 10)]", schedule));
    }
}
