using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.AugmentationModalityAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class AugmentationModalityAnalyzerTests
    {
        [Theory]
        [InlineData("[{|#0:HorizontalFlip|}]", "[HorizontalFlip] is an image augmentation and does not apply to [SequenceInput]: it needs [ImageInput]")]
        [InlineData("[{|#0:GaussianNoise(MaxStd = 0.1)|}]", "[GaussianNoise] is an image augmentation and does not apply to [SequenceInput]: it needs [ImageInput]")]
        [InlineData("[{|#0:TokenDropout|}]", "[TokenDropout] is a token augmentation and does not apply to [SequenceInput]: it needs [TokenInput]")]
        public Task Augmentation_for_another_input_is_reported_on_sequences(string augmentation, string message) =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidSequenceExperiment, "[Jitter]", augmentation),
                new DiagnosticResult(DiagnosticDescriptors.AugmentationModality).WithLocation(0).WithMessage(message));

        [Fact]
        public Task Sequence_augmentation_on_images_is_reported() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[Views(2)]\n[{|#0:TimeWarp|}]"),
                new DiagnosticResult(DiagnosticDescriptors.AugmentationModality).WithLocation(0)
                    .WithMessage("[TimeWarp] is a sequence augmentation and does not apply to [ImageInput]: it needs [SequenceInput]"));

        [Fact]
        public Task Image_augmentation_on_tokens_is_reported() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidTokenExperiment, "[TokenDropout]", "[{|#0:Solarize|}]"),
                new DiagnosticResult(DiagnosticDescriptors.AugmentationModality).WithLocation(0)
                    .WithMessage("[Solarize] is an image augmentation and does not apply to [TokenInput]: it needs [ImageInput]"));

        [Theory]
        [InlineData("[{|#0:ColorJitter(Brightness = 0.4)|}]", "[ColorJitter] needs 1-channel (grayscale) or 3-channel (RGB) images, but [ImageInput] Channels = 4")]
        [InlineData("[{|#0:Grayscale|}]", "[Grayscale] needs 1-channel (grayscale) or 3-channel (RGB) images, but [ImageInput] Channels = 4")]
        public Task Colour_augmentation_on_four_channels_is_reported(string augmentation, string message) =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[Views(2)]\n" + augmentation).Replace("Channels = 1", "Channels = 4"),
                new DiagnosticResult(DiagnosticDescriptors.AugmentationModality).WithLocation(0).WithMessage(message));

        [Theory]
        [InlineData("[Jitter]", "[Jitter]\n[Scaling]\n[MagnitudeWarp]\n[TimeWarp]\n[ChannelDropout]\n[TimeMask]\n[WindowCrop(Length = 24)]")]
        [InlineData("[SimClr(Temperature = 0.5)]", "[SimClr(Temperature = 0.5)]")]
        public Task Sequence_augmentations_on_sequences_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, replace, with));

        [Fact]
        public Task Token_augmentation_on_tokens_is_not_reported() =>
            Verify.VerifyAsync(Sources.ValidTokenExperiment);

        [Fact]
        public Task Image_augmentations_on_images_are_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[Views(2)]",
                "[Views(2)]\n[HorizontalFlip]\n[ColorJitter]\n[Grayscale]\n[GaussianBlur]\n[Solarize]\n[Normalize]\n[GammaContrast]\n[IntensityWindow]\n[BiasField]\n[GaussianNoise]\n[RicianNoise]\n[MotionBlur]")
                .Replace("Channels = 1", "Channels = 3"));

        [Fact]
        public Task User_augmentation_method_applies_to_any_input() =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidTokenExperiment, "public partial class Exp\n{\n}", """
                public partial class Exp
                {
                    [Augmentation(Order = 0)]
                    private static TorchSharp.torch.Tensor Shuffle(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => batch;
                }
                """));
    }
}
