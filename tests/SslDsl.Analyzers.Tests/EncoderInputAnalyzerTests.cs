using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.EncoderInputAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class EncoderInputAnalyzerTests
    {
        private const string Tcn = "[TemporalConvNet(Widths = new[] { 16, 16 })]";

        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.EncoderInput).WithLocation(location).WithMessage(message);

        [Theory]
        [InlineData("[{|#0:ResNet|}]", "[ResNet] convolves images and needs [ImageInput], but the experiment declares [SequenceInput]")]
        [InlineData("[{|#0:VisionTransformer|}]", "[VisionTransformer] embeds image patches and needs [ImageInput], but the experiment declares [SequenceInput]")]
        public Task Image_encoder_on_sequences_is_reported_at_the_encoder(string encoder, string message) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, Tcn, encoder), At(0, message));

        [Theory]
        [InlineData("[{|#0:TemporalConvNet|}]", "[TemporalConvNet] convolves over time and needs [SequenceInput], but the experiment declares [ImageInput]")]
        [InlineData("[{|#0:TransformerEncoder|}]", "[TransformerEncoder] attends over time steps or tokens and needs [SequenceInput] or [TokenInput], but the experiment declares [ImageInput]")]
        public Task Sequence_encoder_on_images_is_reported(string encoder, string message) =>
            Verify.VerifyAsync(Sources.Valid("[ConvNet]", encoder), At(0, message));

        [Fact]
        public Task Mlp_on_tokens_is_reported() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidTokenExperiment, "[TransformerEncoder(Dim = 64, Depth = 2, Heads = 4)]", "[{|#0:Mlp|}]"),
                At(0, "[Mlp] flattens images or windows of floats and needs [ImageInput] or [SequenceInput], but the experiment declares [TokenInput]"));

        [Theory]
        [InlineData("[VisionTransformer(PatchSize = 4)]", "[VisionTransformer]")]
        [InlineData("[Mlp]", "[Mlp]")]
        public Task Resized_views_for_an_encoder_of_one_size_are_reported_at_Size(string encoder, string name) =>
            Verify.VerifyAsync(
                Sources.Valid("[ConvNet]", encoder).Replace("Size = 28, MinScale", "{|#0:Size = 24|}, MinScale"),
                At(0, $"[RandomResizedCrop] Size = 24 makes 24x24 views, but {name} encodes only the 28x28 images of [ImageInput]; use Size = 0 (the input size) or an encoder that takes any image size"));

        [Fact]
        public Task Shortened_windows_for_an_mlp_are_reported_at_ResizeBack() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidSequenceExperiment, Tcn, "[Mlp]").Replace("[Jitter]", "[WindowCrop(Length = 24, {|#0:ResizeBack = false|})]"),
                At(0, "[WindowCrop] Length = 24 without ResizeBack makes 24-step views, but [Mlp] takes only the 32-step windows of [SequenceInput]; set ResizeBack = true or use an encoder that takes any length"));

        [Fact]
        public Task Images_too_small_for_the_stages_of_a_ConvNet_are_reported_at_the_encoder() =>
            Verify.VerifyAsync(
                Sources.Valid("[ConvNet]", "[{|#0:ConvNet|}]").Replace("Height = 28, Width = 28", "Height = 6, Width = 6").Replace("[RandomResizedCrop(Size = 28, MinScale = 0.2)]\n", ""),
                At(0, "[ConvNet] with 4 stages halves its input 3 times and needs images of at least 8x8, but the images of [ImageInput] are 6x6; use fewer Widths or larger images"));

        [Fact]
        public Task Crops_too_small_for_the_stages_of_a_ConvNet_are_reported_at_Size() =>
            Verify.VerifyAsync(
                Sources.Valid("Size = 28, MinScale", "{|#0:Size = 3|}, MinScale").Replace("[ConvNet]", "[ConvNet(Widths = new[] { 16, 32, 64 })]"),
                At(0, "[RandomResizedCrop] Size = 3 makes 3x3 views, but [ConvNet] with 3 stages halves its input 2 times and needs images of at least 4x4; use a larger Size or fewer Widths"));

        [Fact]
        public Task Local_crops_too_small_for_the_stages_of_a_ConvNet_are_reported_at_MultiCrop() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]\n[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[{|#0:MultiCrop|}]").Replace("Height = 28, Width = 28", "Height = 16, Width = 16"),
                At(0, "[MultiCrop] makes 7x7 views, but [ConvNet] with 4 stages halves its input 3 times and needs images of at least 8x8; use larger crops or fewer Widths"));

        [Theory]
        [InlineData("[ConvNet]", "[ConvNet(Widths = new[] { 16, 32 })]")]
        [InlineData("Size = 28, MinScale", "Size = 8, MinScale")]
        [InlineData("[Views(2)]\n[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[MultiCrop(LocalSize = 8)]")]
        public Task Images_large_enough_for_the_ConvNet_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Valid(replace, with));

        [Theory]
        [InlineData("[ConvNet]", "[VisionTransformer(PatchSize = 4)]")]
        [InlineData("[ConvNet]", "[Mlp(Hidden = new[] { 64 })]")]
        [InlineData("Size = 28, MinScale", "Size = 16, MinScale")]
        [InlineData("[ConvNet]", "[ResNet(SmallInputs = true)]")]
        public Task Image_encoders_on_images_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Valid(replace, with));

        [Fact]
        public Task Vision_transformer_after_crops_that_end_at_the_input_size_is_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[ConvNet]", "[VisionTransformer(PatchSize = 4)]").Replace("[RandomResizedCrop(Size = 28, MinScale = 0.2)]", "[RandomResizedCrop(Size = 16)]\n[RandomResizedCrop]"));

        [Theory]
        [InlineData("[Mlp(Hidden = new[] { 64 })]")]
        [InlineData("[TransformerEncoder(Dim = 32, Heads = 4)]")]
        public Task Sequence_encoders_on_sequences_are_not_reported(string encoder) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, Tcn, encoder).Replace("[Jitter]", "[WindowCrop(Length = 24)]"));

        [Fact]
        public Task Transformer_on_shortened_windows_is_not_reported() =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, Tcn, "[TransformerEncoder]").Replace("[Jitter]", "[WindowCrop(Length = 24, ResizeBack = false)]"));

        [Fact]
        public Task Transformer_on_tokens_is_not_reported() =>
            Verify.VerifyAsync(Sources.ValidTokenExperiment);
    }
}
