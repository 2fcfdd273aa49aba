using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.HyperparameterRangeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>SSL0006 for the sequence and token inputs, the non-CNN encoders, multi-crop, the single-view objectives and fine-tuning.</summary>
    public class ModelRangeTests
    {
        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.OutOfRange).WithLocation(location).WithMessage(message);

        [Theory]
        [InlineData("PatchSize = 4", "{|#0:PatchSize = 0|}", "[VisionTransformer] PatchSize = 0 is out of range: PatchSize must be >= 1")]
        [InlineData("Dim = 64", "{|#0:Dim = 30|}", "[VisionTransformer] Dim = 30 is out of range: Dim must be a positive multiple of 4 (the 2-D sine-cosine position embedding splits it in four)")]
        [InlineData("Depth = 2, Heads = 4)]", "Depth = 2, {|#0:Heads = 0|})]", "[VisionTransformer] Heads = 0 is out of range: Heads must be >= 1")]
        [InlineData("Depth = 2, Heads = 4)]", "Depth = 2, {|#0:Heads = 3|})]", "[VisionTransformer] Heads = 3 does not divide Dim = 64: attention splits the width into equal heads, so Dim must be a multiple of Heads")]
        [InlineData("Depth = 2, Heads = 4)]", "Depth = 2, Heads = 4, {|#0:MlpRatio = 0.01|})]", "[VisionTransformer] MlpRatio = 0.01 gives blocks an MLP of (int)(64 × 0.01) = 0 units; Dim × MlpRatio must be >= 1")]
        [InlineData("Depth = 2, Heads = 4)]", "Depth = 2, Heads = 4, {|#0:MlpRatio = -1|})]", "[VisionTransformer] MlpRatio = -1 is out of range: MlpRatio must be > 0")]
        [InlineData("MaskRatio = 0.75", "{|#0:MaskRatio = 1|}", "[MaskedAutoencoder] MaskRatio = 1 is out of range: MaskRatio must be in (0, 1)")]
        [InlineData("DecoderDepth = 1", "{|#0:DecoderDepth = -1|}", "[MaskedAutoencoder] DecoderDepth = -1 is out of range: DecoderDepth must be >= 0 (0 = a linear decoder)")]
        [InlineData("DecoderHeads = 4", "{|#0:DecoderHeads = 5|}", "[MaskedAutoencoder] DecoderHeads = 5 does not divide DecoderDim = 32: attention splits the width into equal heads, so DecoderDim must be a multiple of DecoderHeads")]
        public Task Vision_transformer_and_masked_autoencoder_ranges(string replace, string with, string message) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidMaeExperiment, replace, with), At(0, message));

        [Fact]
        public Task Default_decoder_heads_that_do_not_divide_the_width_are_reported_at_DecoderDim() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidMaeExperiment, "DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 4", "{|#0:DecoderDim = 40|}"),
                At(0, "[MaskedAutoencoder] DecoderHeads = 16 does not divide DecoderDim = 40: attention splits the width into equal heads, so DecoderDim must be a multiple of DecoderHeads"));

        [Theory]
        [InlineData("Length = 32", "{|#0:Length = 0|}", "[SequenceInput] Length = 0 is out of range: Length must be >= 1")]
        [InlineData("[TemporalConvNet(Widths = new[] { 16, 16 })]", "[TemporalConvNet(Widths = new[] { 16, 16 }, {|#0:KernelSize = 1|})]", "[TemporalConvNet] KernelSize = 1 is out of range: KernelSize must be >= 2")]
        [InlineData("[TemporalConvNet(Widths = new[] { 16, 16 })]", "[TemporalConvNet({|#0:Widths = new[] { 16, 0 }|})]", "[TemporalConvNet] Widths = { 16, 0 } is out of range: Widths must list 1 to 24 level widths (dilation 2^level), each >= 1")]
        [InlineData("[TemporalConvNet(Widths = new[] { 16, 16 })]", "[Mlp({|#0:Hidden = new int[0]|})]", "[Mlp] Hidden = {  } is out of range: Hidden must list at least one hidden width, each >= 1")]
        [InlineData("[TemporalConvNet(Widths = new[] { 16, 16 })]", "[TransformerEncoder(Dim = 64, {|#0:Heads = 6|})]", "[TransformerEncoder] Heads = 6 does not divide Dim = 64: attention splits the width into equal heads, so Dim must be a multiple of Heads")]
        [InlineData("[TemporalConvNet(Widths = new[] { 16, 16 })]", "[TransformerEncoder({|#0:Depth = 0|})]", "[TransformerEncoder] Depth = 0 is out of range: Depth must be >= 1")]
        public Task Sequence_input_and_encoder_ranges(string replace, string with, string message) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, replace, with), At(0, message));

        [Fact]
        public Task Too_many_temporal_levels_are_reported() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidSequenceExperiment, "Widths = new[] { 16, 16 }", "{|#0:Widths = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }|}"),
                At(0, "[TemporalConvNet] Widths = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 } is out of range: Widths must list 1 to 24 level widths (dilation 2^level), each >= 1"));

        [Theory]
        [InlineData("[SequenceInput(Channels = 3, Length = 32)]", "[{|#0:SequenceInput(Channels = 3)|}]", "[SequenceInput] Length is not set: Length must be >= 1")]
        [InlineData("[Jitter]", "[{|#0:WindowCrop|}]", "[WindowCrop] Length is not set: Length must be >= 1")]
        public Task Required_sequence_arguments_are_reported_at_the_attribute(string replace, string with, string message) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, replace, with), At(0, message));

        [Theory]
        [InlineData("[FutureWindowPrediction(Horizon = 8)]", "[{|#0:FutureWindowPrediction(Context = 8)|}]", "[FutureWindowPrediction] Horizon is not set: Horizon must be >= 1")]
        [InlineData("[FutureWindowPrediction(Horizon = 8)]", "[FutureWindowPrediction({|#0:Context = -1|}, Horizon = 8)]", "[FutureWindowPrediction] Context = -1 is out of range: Context must be >= 0 (0 = Length - Horizon)")]
        [InlineData("[FutureWindowPrediction(Horizon = 8)]", "[MaskedStreamReconstruction({|#0:MaskRatio = 0|})]", "[MaskedStreamReconstruction] MaskRatio = 0 is out of range: MaskRatio must be in (0, 1)")]
        [InlineData("[FutureWindowPrediction(Horizon = 8)]", "[MaskedStreamReconstruction({|#0:SpanLength = -2|})]", "[MaskedStreamReconstruction] SpanLength = -2 is out of range: SpanLength must be >= 0 (0 = no time spans)")]
        public Task Sequence_objective_ranges(string replace, string with, string message) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidForecastExperiment, replace, with), At(0, message));

        [Theory]
        [InlineData("[TokenInput(VocabSize = 1000, Length = 64)]", "[{|#0:TokenInput(Length = 64)|}]", "[TokenInput] VocabSize is not set: VocabSize must be >= 1")]
        [InlineData("[TokenInput(VocabSize = 1000, Length = 64)]", "[{|#0:TokenInput(VocabSize = 1000)|}]", "[TokenInput] Length is not set: Length must be >= 1")]
        [InlineData("MaskProbability = 0.15", "{|#0:MaskProbability = 0|}", "[MaskedLanguageModel] MaskProbability = 0 is out of range: MaskProbability must be in (0, 1)")]
        public Task Token_ranges(string replace, string with, string message) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidTokenExperiment, replace, with), At(0, message));

        [Theory]
        [InlineData("[Views(2)]", "[MultiCrop({|#0:GlobalCount = 0|})]", "[MultiCrop] GlobalCount = 0 is out of range: GlobalCount must be >= 1")]
        [InlineData("[Views(2)]", "[MultiCrop({|#0:LocalCount = -1|})]", "[MultiCrop] LocalCount = -1 is out of range: LocalCount must be >= 0")]
        [InlineData("[Views(2)]", "[MultiCrop({|#0:LocalMinScale = 0|})]", "[MultiCrop] LocalMinScale = 0 is out of range: LocalMinScale must be in (0, 1]")]
        [InlineData("[Views(2)]", "[MultiCrop(LocalMinScale = 0.3, {|#0:GlobalMinScale = 0.2|})]", "[MultiCrop] GlobalMinScale = 0.2 is below LocalMinScale = 0.3; GlobalMinScale must be >= LocalMinScale")]
        [InlineData("[Views(2)]", "[MultiCrop({|#0:LocalMinScale = 0.5|})]", "[MultiCrop] GlobalMinScale = 0.14 is below LocalMinScale = 0.5; GlobalMinScale must be >= LocalMinScale")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:LearningRate = 0|})]", "[FineTune] LearningRate = 0 is out of range: LearningRate must be > 0")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:BackboneLearningRateMultiplier = -1|})]", "[FineTune] BackboneLearningRateMultiplier = -1 is out of range: BackboneLearningRateMultiplier must be >= 0 (0 freezes the encoder)")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:Patience = 0|})]", "[FineTune] Patience = 0 is out of range: Patience must be >= 1")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:LayerDecay = 0|})]", "[FineTune] LayerDecay = 0 is out of range: LayerDecay must be in (0, 1] (1 = no layer decay)")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:LayerDecay = 1.25|})]", "[FineTune] LayerDecay = 1.25 is out of range: LayerDecay must be in (0, 1] (1 = no layer decay)")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:LayerDecay = double.NaN|})]", "[FineTune] LayerDecay = NaN is out of range: LayerDecay must be in (0, 1] (1 = no layer decay)")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:LabelSmoothing = 1|})]", "[FineTune] LabelSmoothing = 1 is out of range: LabelSmoothing must be in [0, 1)")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:LabelSmoothing = -0.1|})]", "[FineTune] LabelSmoothing = -0.1 is out of range: LabelSmoothing must be in [0, 1)")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:WarmupEpochs = -1|})]", "[FineTune] WarmupEpochs = -1 is out of range: WarmupEpochs must be >= 0")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune(Epochs = 2, {|#0:WarmupEpochs = 3|})]", "[FineTune] WarmupEpochs = 3 is not below Epochs = 2: the learning rate would still be warming up at the end; WarmupEpochs must be < Epochs")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune({|#0:WarmupEpochs = 30|})]", "[FineTune] WarmupEpochs = 30 is not below Epochs = 30: the learning rate would still be warming up at the end; WarmupEpochs must be < Epochs")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[LinearProbe({|#0:Iterations = 0|}, WeightDecaySweep = true)]", "[LinearProbe] Iterations = 0 is out of range: Iterations must be >= 1")]
        [InlineData("[ConvNet]", "[{|#0:CustomEncoder(typeof(object))|}]", "[CustomEncoder] OutputDim is not set: OutputDim must be >= 1")]
        [InlineData("[ConvNet]", "[CustomEncoder(typeof(object), {|#0:OutputDim = 0|})]", "[CustomEncoder] OutputDim = 0 is out of range: OutputDim must be >= 1")]
        public Task Image_experiment_ranges(string replace, string with, string message) =>
            Verify.VerifyAsync(Sources.Valid(replace, with), At(0, message));

        [Theory]
        [InlineData("[Normalize({|#0:Mean = new[] { 0.5, 0.5 }|})]", "[Normalize] Mean = { 0.5, 0.5 } is out of range: Mean must have 1 value (for every channel) or 3 (one per channel of [ImageInput]), each finite")]
        [InlineData("[Normalize(Mean = new[] { 0.5, 0.5, 0.5 }, {|#0:Std = new[] { 0.2, 0, 0.2 }|})]", "[Normalize] Std = { 0.2, 0, 0.2 } is out of range: Std must have 1 value (for every channel) or 3 (one per channel of [ImageInput]), each finite and > 0")]
        [InlineData("[Normalize({|#0:Std = new double[0]|})]", "[Normalize] Std = {  } is out of range: Std must have 1 value (for every channel) or 3 (one per channel of [ImageInput]), each finite and > 0")]
        public Task Normalize_needs_one_value_or_one_per_channel(string normalize, string message) =>
            Verify.VerifyAsync(Sources.Valid("[Views(2)]", "[Views(2)]\n" + normalize).Replace("Channels = 1", "Channels = 3"), At(0, message));

        [Fact]
        public Task Normalize_on_one_channel_takes_one_value() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[Views(2)]\n[Normalize({|#0:Mean = new[] { 0.5, 0.5, 0.5 }|})]"),
                At(0, "[Normalize] Mean = { 0.5, 0.5, 0.5 } is out of range: Mean must have 1 value (the images of [ImageInput] have 1 channel), each finite"));

        [Theory]
        [InlineData("[Augmentation({|#0:Probability = 1.5|})]", "[Augmentation] method 'Noise': Probability = 1.5 is out of range: Probability must be in [0, 1]")]
        [InlineData("[Augmentation(Order = 2, {|#0:View = 2|})]", "[Augmentation] method 'Noise': View = 2 is out of range: View must be -1 (every view) or a view index in [0, 1]")]
        public Task Augmentation_method_arguments_are_reported_at_the_argument(string attribute, string message) =>
            Verify.VerifyAsync(
                Sources.Valid("public partial class Exp\n{\n}", "public partial class Exp\n{\n    " + attribute
                    + "\n    private static TorchSharp.torch.Tensor Noise(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => batch;\n}"),
                At(0, message));

        [Theory]
        [InlineData("[Views(2)]", "[Views(2)]\n[Normalize(Mean = new[] { 0.5 }, Std = new[] { 0.25 })]")]
        [InlineData("[Views(2)]", "[MultiCrop(GlobalCount = 2, LocalCount = 0, GlobalMinScale = 0.3, LocalMinScale = 0.3)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune(LearningRate = 1e-4, BackboneLearningRateMultiplier = 0, Epochs = 1, Patience = 1)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune(LayerDecay = 1, WarmupEpochs = 0, LabelSmoothing = 0, Epochs = 1)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[FineTune(LayerDecay = 0.01, WarmupEpochs = 29, LabelSmoothing = 0.99)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[LinearProbe(Iterations = 1, WeightDecay = 0, WeightDecaySweep = false)]")]
        public Task Image_experiment_edges_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Valid(replace, with));

        [Fact]
        public Task Normalize_with_one_value_per_channel_is_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[Views(2)]", "[Views(2)]\n[Normalize(Mean = new[] { 0.485, 0.456, 0.406 }, Std = new[] { 0.229, 0.224, 0.225 })]").Replace("Channels = 1", "Channels = 3"));

        [Theory]
        [InlineData("PatchSize = 4, Dim = 64, Depth = 2, Heads = 4", "PatchSize = 1, Dim = 4, Depth = 1, Heads = 1, MlpRatio = 0.25")]
        [InlineData("DecoderDepth = 1", "DecoderDepth = 0")]
        [InlineData("MaskRatio = 0.75", "MaskRatio = 0.99")]
        public Task Vision_transformer_and_masked_autoencoder_edges_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidMaeExperiment, replace, with));

        [Theory]
        [InlineData("[TemporalConvNet(Widths = new[] { 16, 16 })]", "[TemporalConvNet(Widths = new[] { 1 }, KernelSize = 2)]")]
        [InlineData("[TemporalConvNet(Widths = new[] { 16, 16 })]", "[TransformerEncoder(Dim = 6, Depth = 1, Heads = 3)]")]
        [InlineData("[TemporalConvNet(Widths = new[] { 16, 16 })]", "[Mlp(Hidden = new[] { 1 })]")]
        [InlineData("Length = 32", "Length = 1")]
        public Task Sequence_edges_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, replace, with));
    }
}
