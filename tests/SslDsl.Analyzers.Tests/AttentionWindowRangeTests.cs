using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.Analyzers.Tests.Infrastructure;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.HyperparameterRangeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>SSL0006 for [TransformerEncoder(AttentionWindow, GlobalTokens)]: Longformer's even window and its global tokens.</summary>
    public class AttentionWindowRangeTests
    {
        private const string Encoder = "[TransformerEncoder(Dim = 64, Depth = 2, Heads = 4)]";

        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.OutOfRange).WithLocation(location).WithMessage(message);

        private static string Token(string encoder) => Sources.Edit(Sources.ValidTokenExperiment, Encoder, encoder);

        [Theory]
        [InlineData("{|#0:AttentionWindow = 7|}", "[TransformerEncoder] AttentionWindow = 7 is out of range: AttentionWindow must be 0 (full attention) or an even number >= 2 (AttentionWindow / 2 positions on each side)")]
        [InlineData("{|#0:AttentionWindow = -2|}", "[TransformerEncoder] AttentionWindow = -2 is out of range: AttentionWindow must be 0 (full attention) or an even number >= 2 (AttentionWindow / 2 positions on each side)")]
        [InlineData("AttentionWindow = 16, {|#0:GlobalTokens = -1|}", "[TransformerEncoder] GlobalTokens = -1 is out of range: GlobalTokens must be >= 0")]
        public Task Odd_or_negative_windows_and_negative_global_tokens_are_reported(string arguments, string message) =>
            Verify.VerifyAsync(Token($"[TransformerEncoder(Dim = 64, Depth = 2, Heads = 4, {arguments})]"), At(0, message));

        [Fact]
        public Task Global_tokens_without_a_window_are_reported() =>
            Verify.VerifyAsync(
                Token("[TransformerEncoder(Dim = 64, Depth = 2, Heads = 4, {|#0:GlobalTokens = 1|})]"),
                At(0, "[TransformerEncoder] GlobalTokens = 1 needs an AttentionWindow: with full attention (AttentionWindow = 0) every position attends to every other already; "
                    + "set AttentionWindow to an even number >= 2 or remove GlobalTokens"));

        [Theory]
        [InlineData("{|#0:GlobalTokens = 64|}", "64")]
        [InlineData("{|#0:GlobalTokens = 100|}", "100")]
        public Task Global_tokens_as_many_as_the_token_length_are_reported(string globalTokens, string count) =>
            Verify.VerifyAsync(
                Token($"[TransformerEncoder(Dim = 64, Depth = 2, Heads = 4, AttentionWindow = 16, {globalTokens})]"),
                At(0, $"[TransformerEncoder] GlobalTokens = {count} is not below the Length = 64 of [TokenInput]: every position would be global, which is full attention; GlobalTokens must be < 64"));

        [Fact]
        public Task Global_tokens_are_counted_against_the_forecast_context_the_encoder_sees() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidForecastExperiment, "[TemporalConvNet(Widths = new[] { 16, 16 })]",
                    "[TransformerEncoder(Dim = 32, Depth = 1, Heads = 2, AttentionWindow = 8, {|#0:GlobalTokens = 24|})]"),
                At(0, "[TransformerEncoder] GlobalTokens = 24 is not below the 24 context steps [FutureWindowPrediction] gives the encoder: every position would be global, "
                    + "which is full attention; GlobalTokens must be < 24"));

        [Theory]
        [InlineData("AttentionWindow = 16")]
        [InlineData("AttentionWindow = 16, GlobalTokens = 1")]
        [InlineData("AttentionWindow = 2, GlobalTokens = 63")]
        [InlineData("AttentionWindow = 128")]   // covers the 64 tokens: full attention, with the same outputs
        [InlineData("AttentionWindow = 4096, GlobalTokens = 2")]
        [InlineData("AttentionWindow = 0")]
        public Task Valid_windows_are_not_reported_by_any_analyzer(string arguments) =>
            AllAnalyzersVerifier.VerifyAsync(Token($"[TransformerEncoder(Dim = 64, Depth = 2, Heads = 4, {arguments})]"));

        [Fact]
        public Task A_window_on_sequence_input_with_fewer_global_tokens_than_the_context_is_not_reported() =>
            AllAnalyzersVerifier.VerifyAsync(
                Sources.Edit(Sources.ValidForecastExperiment, "[TemporalConvNet(Widths = new[] { 16, 16 })]",
                    "[TransformerEncoder(Dim = 32, Depth = 1, Heads = 2, AttentionWindow = 8, GlobalTokens = 23)]"));
    }
}
