using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.ObjectiveCompatibilityAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class ObjectiveCompatibilityAnalyzerTests
    {
        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.ObjectiveIncompatible).WithLocation(location).WithMessage(message);

        [Fact]
        public Task Masked_autoencoder_without_a_vision_transformer_is_reported_at_the_objective() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[{|#0:MaskedAutoencoder|}]").Replace("[Projector(Hidden = 256, Output = 64)]\n[Views(2)]\n", ""),
                At(0, "[MaskedAutoencoder] needs [ImageInput] and a [VisionTransformer] encoder, but the experiment declares [ConvNet]"));

        [Fact]
        public Task Masked_language_model_on_sequences_is_reported() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidSequenceExperiment, "[SimClr(Temperature = 0.5)]", "[{|#0:MaskedLanguageModel|}]"),
                At(0, "[MaskedLanguageModel] needs [TokenInput] and a [TransformerEncoder] encoder, but the experiment declares [SequenceInput] and [TemporalConvNet]"));

        [Theory]
        [InlineData("[{|#0:FutureWindowPrediction(Horizon = 4)|}]", "[FutureWindowPrediction] needs [SequenceInput], but the experiment declares [ImageInput]")]
        [InlineData("[{|#0:MaskedStreamReconstruction|}]", "[MaskedStreamReconstruction] needs [SequenceInput], but the experiment declares [ImageInput]")]
        public Task Sequence_objective_on_images_is_reported(string objective, string message) =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", objective), At(0, message));

        [Theory]
        [InlineData("[{|#0:Autoencoder|}]", "[Autoencoder] needs [ImageInput] or [SequenceInput], but the experiment declares [TokenInput]")]
        [InlineData("[{|#0:RotationPrediction|}]", "[RotationPrediction] needs [ImageInput], but the experiment declares [TokenInput]")]
        public Task Image_objective_on_tokens_is_reported(string objective, string message) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidTokenExperiment, "[MaskedLanguageModel(MaskProbability = 0.15)]", objective), At(0, message));

        [Fact]
        public Task Rotation_prediction_on_non_square_images_is_reported() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[{|#0:RotationPrediction|}]").Replace("Width = 28", "Width = 32")
                    .Replace("[RandomResizedCrop(Size = 28, MinScale = 0.2)]\n", ""),
                At(0, "[RotationPrediction] needs square images (a quarter turn of a 28x32 image is 32x28), but the images of [ImageInput] are 28x32; "
                    + "declare square images or crop them square with [RandomResizedCrop(Size = n)]"));

        [Fact]
        public Task Rotation_prediction_on_non_square_images_cropped_square_is_not_reported() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[RotationPrediction]").Replace("Width = 28", "Width = 32").Replace("[Views(2)]\n", ""));

        [Fact]
        public Task Multi_crop_on_sequences_is_reported_at_MultiCrop() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidSequenceExperiment, "[Jitter]", "[{|#0:MultiCrop|}]"),
                At(0, "[MultiCrop] crops images and needs [ImageInput], but the experiment declares [SequenceInput]"));

        [Fact]
        public Task Multi_crop_of_two_sizes_for_a_vision_transformer_is_reported_at_MultiCrop() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]\n[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[{|#0:MultiCrop(LocalSize = 14)|}]").Replace("[ConvNet]", "[VisionTransformer(PatchSize = 7)]"),
                At(0, "[MultiCrop] makes 28x28 and 14x14 views, but [VisionTransformer] encodes only the 28x28 images of [ImageInput]; "
                    + "use an encoder that takes any image size ([ResNet], [ConvNet] or [CustomEncoder])"));

        [Fact]
        public Task Multi_crop_of_the_input_size_only_suits_a_vision_transformer() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]\n[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[MultiCrop(LocalSize = 28)]").Replace("[ConvNet]", "[VisionTransformer(PatchSize = 7)]"));

        [Fact]
        public Task Normalised_pixels_of_one_value_per_patch_are_reported() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidMaeExperiment,
                        "[MaskedAutoencoder(MaskRatio = 0.75, DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 4)]",
                        "[{|#0:MaskedAutoencoder(MaskRatio = 0.75, DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 4)|}]")
                    .Replace("Channels = 3", "Channels = 1").Replace("PatchSize = 4", "PatchSize = 1"),
                At(0, "[MaskedAutoencoder] NormalizePixels = true standardises each patch by its own variance, which needs at least 2 values per patch, "
                    + "but [VisionTransformer] PatchSize = 1 on 1-channel images gives 1; set NormalizePixels = false or use a larger PatchSize"));

        [Fact]
        public Task Stream_reconstruction_of_shortened_windows_is_reported_at_ResizeBack() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidForecastExperiment, "[Scaling]\n[FutureWindowPrediction(Horizon = 8)]", "[WindowCrop(Length = 24, {|#0:ResizeBack = false|})]\n[MaskedStreamReconstruction]"),
                At(0, "[MaskedStreamReconstruction] reconstructs the whole 32-step windows of [SequenceInput], but [WindowCrop] without ResizeBack makes 24-step views; set ResizeBack = true"));

        [Theory]
        [InlineData("[Scaling]\n[FutureWindowPrediction(Horizon = 8)]", "[WindowCrop(Length = 24)]\n[MaskedStreamReconstruction(SpanLength = 4)]")]
        [InlineData("[Scaling]\n[FutureWindowPrediction(Horizon = 8)]", "[Autoencoder]")]
        [InlineData("[Scaling]\n[FutureWindowPrediction(Horizon = 8)]", "[WindowCrop(Length = 24, ResizeBack = false)]\n[Autoencoder]")]
        public Task Sequence_objectives_on_sequences_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidForecastExperiment, replace, with));

        [Fact]
        public Task Masked_autoencoder_with_a_vision_transformer_is_not_reported() =>
            Verify.VerifyAsync(Sources.ValidMaeExperiment);

        [Fact]
        public Task Masked_language_model_with_tokens_and_a_transformer_is_not_reported() =>
            Verify.VerifyAsync(Sources.ValidTokenExperiment);

        [Fact]
        public Task Rotation_prediction_on_square_images_is_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[Views(2)]\n", "").Replace("[SimClr(Temperature = 0.5)]", "[RotationPrediction]"));
    }
}
