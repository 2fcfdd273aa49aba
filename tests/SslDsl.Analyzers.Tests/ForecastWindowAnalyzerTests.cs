using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.ForecastWindowAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class ForecastWindowAnalyzerTests
    {
        private const string Objective = "[FutureWindowPrediction(Horizon = 8)]";

        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.ForecastWindow).WithLocation(location).WithMessage(message);

        [Fact]
        public Task Horizon_that_leaves_no_context_is_reported_at_Horizon() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidForecastExperiment, Objective, "[FutureWindowPrediction({|#0:Horizon = 32|})]"),
                At(0, "[FutureWindowPrediction] Horizon = 32 leaves no context in the windows of [SequenceInput] (Length = 32): Context = 0 means Length - Horizon steps, so Horizon must be < 32"));

        [Fact]
        public Task Context_and_horizon_longer_than_the_window_are_reported_at_Context() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidForecastExperiment, Objective, "[FutureWindowPrediction({|#0:Context = 24|}, Horizon = 16)]"),
                At(0, "[FutureWindowPrediction] Context = 24 and Horizon = 16 need 40 steps, but the windows of [SequenceInput] have Length = 32; Context + Horizon must be <= 32"));

        [Fact]
        public Task Windows_cropped_shorter_than_context_and_horizon_are_reported_at_ResizeBack() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidForecastExperiment, "[Scaling]", "[WindowCrop(Length = 16, {|#0:ResizeBack = false|})]"),
                At(0, "[FutureWindowPrediction] needs 32 steps per window (Context = Length - Horizon and Horizon = 8), but [WindowCrop] without ResizeBack makes 16-step views; "
                    + "set ResizeBack = true or shorten Context and Horizon"));

        [Theory]
        [InlineData(Objective, "[FutureWindowPrediction(Horizon = 31)]")]
        [InlineData(Objective, "[FutureWindowPrediction(Context = 24, Horizon = 8)]")]
        [InlineData(Objective, "[FutureWindowPrediction(Context = 1, Horizon = 1)]")]
        [InlineData("[Scaling]\n" + Objective, "[WindowCrop(Length = 20, ResizeBack = false)]\n[FutureWindowPrediction(Context = 12, Horizon = 8)]")]
        [InlineData("[Scaling]", "[WindowCrop(Length = 16)]")]
        public Task Context_and_horizon_that_fit_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidForecastExperiment, replace, with));
    }
}
