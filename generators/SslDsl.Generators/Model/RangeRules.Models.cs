namespace SslDsl.Generators.Model
{
    internal static partial class RangeRules
    {
        /// <summary>SSL0006 ranges of the sequence/token inputs, the non-CNN encoders and the reconstruction-style objectives.</summary>
        /// <remarks>
        /// Array arguments (Mlp Hidden, TemporalConvNet Widths, Normalize Mean/Std) are checked in <c>ArrayRequirement</c>;
        /// ranges that depend on another argument (heads dividing the width, scale order) in <c>CheckPairs</c>; the
        /// MaskedLanguageModel token ids against the vocabulary under SSL0023.
        /// </remarks>
        private static readonly Range[] ModelRanges =
        {
            new("SequenceInput", "Channels", v => v >= 1, "must be >= 1"),
            new("SequenceInput", "Length", v => v >= 1, "must be >= 1"),
            new("TokenInput", "VocabSize", v => v >= 1, "must be >= 1"),
            new("TokenInput", "Length", v => v >= 1, "must be >= 1"),
            new("VisionTransformer", "PatchSize", v => v >= 1, "must be >= 1"),
            new("VisionTransformer", "Dim", v => v >= 4 && v % 4 == 0, "must be a positive multiple of 4 (the 2-D sine-cosine position embedding splits it in four)"),
            new("VisionTransformer", "Depth", v => v >= 1, "must be >= 1"),
            new("VisionTransformer", "Heads", v => v >= 1, "must be >= 1"),
            new("VisionTransformer", "MlpRatio", v => v > 0, "must be > 0"),
            new("TemporalConvNet", "KernelSize", v => v >= 2, "must be >= 2"),
            new("TransformerEncoder", "Dim", v => v >= 1, "must be >= 1"),
            new("TransformerEncoder", "Depth", v => v >= 1, "must be >= 1"),
            new("TransformerEncoder", "Heads", v => v >= 1, "must be >= 1"),
            new("CustomEncoder", "OutputDim", v => v >= 1, "must be >= 1"),
            new("MultiCrop", "GlobalCount", v => v >= 1, "must be >= 1"),
            new("MultiCrop", "GlobalSize", v => v >= 0, "must be >= 0 (0 = the input size)"),
            new("MultiCrop", "LocalCount", v => v >= 0, "must be >= 0"),
            new("MultiCrop", "LocalSize", v => v >= 0, "must be >= 0 (0 = 3/7 of the input size)"),
            new("MultiCrop", "GlobalMinScale", v => v > 0 && v <= 1, "must be in (0, 1]"),
            new("MultiCrop", "LocalMinScale", v => v > 0 && v <= 1, "must be in (0, 1]"),
            new("MaskedAutoencoder", "MaskRatio", v => v > 0 && v < 1, "must be in (0, 1)"),
            new("MaskedAutoencoder", "DecoderDim", v => v >= 1, "must be >= 1"),
            new("MaskedAutoencoder", "DecoderDepth", v => v >= 0, "must be >= 0 (0 = a linear decoder)"),
            new("MaskedAutoencoder", "DecoderHeads", v => v >= 1, "must be >= 1"),
            new("MaskedLanguageModel", "MaskProbability", v => v > 0 && v < 1, "must be in (0, 1)"),
            new("FutureWindowPrediction", "Context", v => v >= 0, "must be >= 0 (0 = Length - Horizon)"),
            new("FutureWindowPrediction", "Horizon", v => v >= 1, "must be >= 1"),
            new("MaskedStreamReconstruction", "MaskRatio", v => v > 0 && v < 1, "must be in (0, 1)"),
            new("MaskedStreamReconstruction", "SpanLength", v => v >= 0, "must be >= 0 (0 = no time spans)"),
            new("FineTune", "LearningRate", v => v > 0, "must be > 0"),
            new("FineTune", "HeadLearningRateMultiplier", v => v > 0, "must be > 0"),
            new("FineTune", "BackboneLearningRateMultiplier", v => v >= 0, "must be >= 0 (0 freezes the encoder)"),
            new("FineTune", "Epochs", v => v >= 1, "must be >= 1"),
            new("FineTune", "Patience", v => v >= 1, "must be >= 1"),
        };
    }
}
