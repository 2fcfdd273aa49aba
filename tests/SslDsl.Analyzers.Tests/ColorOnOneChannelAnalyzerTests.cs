using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.ColorOnOneChannelAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class ColorOnOneChannelAnalyzerTests
    {
        [Theory]
        [InlineData("[ColorJitter(Brightness = 0.4, {|#0:Saturation = 0.4|}, Hue = 0)]",
            "[ColorJitter] Saturation = 0.4 does nothing on the 1-channel images of [ImageInput] (Channels = 1): only Brightness and Contrast apply; set Saturation = 0 and Hue = 0")]
        [InlineData("[ColorJitter(Saturation = 0, {|#0:Hue = 0.2|})]",
            "[ColorJitter] Hue = 0.2 does nothing on the 1-channel images of [ImageInput] (Channels = 1): only Brightness and Contrast apply; set Saturation = 0 and Hue = 0")]
        [InlineData("[{|#0:ColorJitter(Brightness = 0.4, Contrast = 0.4)|}]",
            "[ColorJitter] Saturation = 0.4 (the default) and Hue = 0.1 (the default) do nothing on the 1-channel images of [ImageInput] (Channels = 1): only Brightness and Contrast apply; set Saturation = 0 and Hue = 0")]
        [InlineData("[ColorJitter({|#0:Hue = 0.1|})]",
            "[ColorJitter] Saturation = 0.4 (the default) and Hue = 0.1 do nothing on the 1-channel images of [ImageInput] (Channels = 1): only Brightness and Contrast apply; set Saturation = 0 and Hue = 0")]
        [InlineData("[{|#0:Grayscale(Probability = 0.2)|}]",
            "[Grayscale] does nothing on the 1-channel images of [ImageInput] (Channels = 1); remove it")]
        public Task Colour_change_on_one_channel_is_a_warning(string augmentation, string message) =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[Views(2)]\n" + augmentation),
                new DiagnosticResult(DiagnosticDescriptors.ColorOnOneChannel).WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithMessage(message));

        [Fact]
        public Task Brightness_and_contrast_on_one_channel_are_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[Views(2)]", "[Views(2)]\n[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0, Hue = 0, Probability = 0.8)]"));

        [Fact]
        public Task Colour_changes_on_three_channels_are_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[Views(2)]", "[Views(2)]\n[ColorJitter]\n[Grayscale]").Replace("Channels = 1", "Channels = 3"));

        [Fact]
        public Task Colour_changes_on_images_of_default_channels_are_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[Views(2)]", "[Views(2)]\n[ColorJitter]\n[Grayscale]").Replace("Channels = 1, ", ""));
    }
}
