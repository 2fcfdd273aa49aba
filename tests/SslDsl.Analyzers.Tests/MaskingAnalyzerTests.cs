using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.MaskingAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class MaskingAnalyzerTests
    {
        private const string Forecast = "[FutureWindowPrediction(Horizon = 8)]";

        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.Masking).WithLocation(location).WithMessage(message);

        [Fact]
        public Task Mask_ratio_that_hides_every_patch_is_reported_at_MaskRatio() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidMaeExperiment, "MaskRatio = 0.75", "{|#0:MaskRatio = 0.9|}").Replace("PatchSize = 4", "PatchSize = 16"),
                At(0, "[MaskedAutoencoder] MaskRatio = 0.9 keeps int(4 × (1 - 0.9)) = 0 of the 4 patches (32x32 image, PatchSize = 16), so it hides every patch; at least one must stay visible"));

        [Fact]
        public Task Image_of_one_patch_is_reported_at_the_objective() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidMaeExperiment, "[MaskedAutoencoder(MaskRatio = 0.75, DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 4)]", "[{|#0:MaskedAutoencoder|}]")
                    .Replace("PatchSize = 4", "PatchSize = 32"),
                At(0, "[MaskedAutoencoder] MaskRatio = 0.75 keeps int(1 × (1 - 0.75)) = 0 of the 1 patches (32x32 image, PatchSize = 32), so it hides every patch; at least one must stay visible"));

        [Theory]
        [InlineData("[MaskedStreamReconstruction({|#0:SpanLength = 32|})]", "[MaskedStreamReconstruction] SpanLength = 32 hides the whole window of [SequenceInput] (Length = 32); SpanLength must be < 32 so that one step stays visible")]
        [InlineData("[MaskedStreamReconstruction({|#0:SpanLength = 0|})]", "[MaskedStreamReconstruction] hides nothing: SpanLength = 0 turns time spans off and MaskChannels is false; use SpanLength >= 1, MaskChannels = true, or both")]
        public Task Stream_masking_that_hides_all_or_nothing_is_reported_at_SpanLength(string objective, string message) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidForecastExperiment, Forecast, objective), At(0, message));

        [Fact]
        public Task Channel_masking_of_one_channel_is_reported_at_MaskChannels() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidForecastExperiment, Forecast, "[MaskedStreamReconstruction({|#0:MaskChannels = true|})]").Replace("Channels = 3", "Channels = 1"),
                At(0, "[MaskedStreamReconstruction] MaskChannels = true hides whole channels but keeps one visible, which needs at least 2 channels; [SequenceInput] has Channels = 1"));

        [Theory]
        [InlineData("[MaskedStreamReconstruction(SpanLength = 31)]")]
        [InlineData("[MaskedStreamReconstruction(SpanLength = 0, MaskChannels = true)]")]
        [InlineData("[MaskedStreamReconstruction(MaskRatio = 0.5, MaskChannels = true)]")]
        [InlineData("[MaskedStreamReconstruction]")]
        public Task Stream_masking_that_hides_part_of_the_window_is_not_reported(string objective) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidForecastExperiment, Forecast, objective));

        [Theory]
        [InlineData("MaskRatio = 0.75", "MaskRatio = 0.9")]
        [InlineData("MaskRatio = 0.75", "MaskRatio = 0.001")]
        [InlineData("PatchSize = 4", "PatchSize = 16")]
        public Task Mask_ratio_that_keeps_a_patch_is_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidMaeExperiment, replace, with));
    }
}
