using SslDsl.Generators.Features;

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
            Range.Of<SequenceInputSpec>(nameof(SequenceInputSpec.Channels), s => s.Channels, v => v >= 1, "must be >= 1"),
            Range.Of<SequenceInputSpec>(nameof(SequenceInputSpec.Length), s => s.Length, v => v >= 1, "must be >= 1"),
            Range.Of<TokenInputSpec>(nameof(TokenInputSpec.VocabSize), s => s.VocabSize, v => v >= 1, "must be >= 1"),
            Range.Of<TokenInputSpec>(nameof(TokenInputSpec.Length), s => s.Length, v => v >= 1, "must be >= 1"),
            Range.Of<VisionTransformerSpec>(nameof(VisionTransformerSpec.PatchSize), s => s.PatchSize, v => v >= 1, "must be >= 1"),
            Range.Of<VisionTransformerSpec>(nameof(VisionTransformerSpec.Dim), s => s.Dim, v => v >= 4 && v % 4 == 0, "must be a positive multiple of 4 (the 2-D sine-cosine position embedding splits it in four)"),
            Range.Of<VisionTransformerSpec>(nameof(VisionTransformerSpec.Depth), s => s.Depth, v => v >= 1, "must be >= 1"),
            Range.Of<VisionTransformerSpec>(nameof(VisionTransformerSpec.Heads), s => s.Heads, v => v >= 1, "must be >= 1"),
            Range.Of<VisionTransformerSpec>(nameof(VisionTransformerSpec.MlpRatio), s => s.MlpRatio, v => v > 0, "must be > 0"),
            Range.Of<TemporalConvNetSpec>(nameof(TemporalConvNetSpec.KernelSize), s => s.KernelSize, v => v >= 2, "must be >= 2"),
            Range.Of<TransformerEncoderSpec>(nameof(TransformerEncoderSpec.Dim), s => s.Dim, v => v >= 1, "must be >= 1"),
            Range.Of<TransformerEncoderSpec>(nameof(TransformerEncoderSpec.Depth), s => s.Depth, v => v >= 1, "must be >= 1"),
            Range.Of<TransformerEncoderSpec>(nameof(TransformerEncoderSpec.Heads), s => s.Heads, v => v >= 1, "must be >= 1"),
            Range.Of<TransformerEncoderSpec>(nameof(TransformerEncoderSpec.AttentionWindow), s => s.AttentionWindow, v => v >= 0 && v % 2 == 0,
                "must be 0 (full attention) or an even number >= 2 (AttentionWindow / 2 positions on each side)"),
            Range.Of<TransformerEncoderSpec>(nameof(TransformerEncoderSpec.GlobalTokens), s => s.GlobalTokens, v => v >= 0, "must be >= 0"),
            Range.Of<CustomEncoderSpec>(nameof(CustomEncoderSpec.OutputDim), s => s.OutputDim, v => v >= 1, "must be >= 1"),
            Range.Of<MultiCropSpec>(nameof(MultiCropSpec.GlobalCount), s => s.GlobalCount, v => v >= 1, "must be >= 1"),
            Range.Of<MultiCropSpec>(nameof(MultiCropSpec.GlobalSize), s => s.GlobalSize, v => v >= 0, "must be >= 0 (0 = the input size)"),
            Range.Of<MultiCropSpec>(nameof(MultiCropSpec.LocalCount), s => s.LocalCount, v => v >= 0, "must be >= 0"),
            Range.Of<MultiCropSpec>(nameof(MultiCropSpec.LocalSize), s => s.LocalSize, v => v >= 0, "must be >= 0 (0 = 3/7 of the input size)"),
            Range.Of<MultiCropSpec>(nameof(MultiCropSpec.GlobalMinScale), s => s.GlobalMinScale, v => v > 0 && v <= 1, "must be in (0, 1]"),
            Range.Of<MultiCropSpec>(nameof(MultiCropSpec.LocalMinScale), s => s.LocalMinScale, v => v > 0 && v <= 1, "must be in (0, 1]"),
            Range.Of<MaskedAutoencoderSpec>(nameof(MaskedAutoencoderSpec.MaskRatio), s => s.MaskRatio, v => v > 0 && v < 1, "must be in (0, 1)"),
            Range.Of<MaskedAutoencoderSpec>(nameof(MaskedAutoencoderSpec.DecoderDim), s => s.DecoderDim, v => v >= 1, "must be >= 1"),
            Range.Of<MaskedAutoencoderSpec>(nameof(MaskedAutoencoderSpec.DecoderDepth), s => s.DecoderDepth, v => v >= 0, "must be >= 0 (0 = a linear decoder)"),
            Range.Of<MaskedAutoencoderSpec>(nameof(MaskedAutoencoderSpec.DecoderHeads), s => s.DecoderHeads, v => v >= 1, "must be >= 1"),
            Range.Of<MaskedLanguageModelSpec>(nameof(MaskedLanguageModelSpec.MaskProbability), s => s.MaskProbability, v => v > 0 && v < 1, "must be in (0, 1)"),
            Range.Of<FutureWindowPredictionSpec>(nameof(FutureWindowPredictionSpec.Context), s => s.Context, v => v >= 0, "must be >= 0 (0 = Length - Horizon)"),
            Range.Of<FutureWindowPredictionSpec>(nameof(FutureWindowPredictionSpec.Horizon), s => s.Horizon, v => v >= 1, "must be >= 1"),
            Range.Of<MaskedStreamReconstructionSpec>(nameof(MaskedStreamReconstructionSpec.MaskRatio), s => s.MaskRatio, v => v > 0 && v < 1, "must be in (0, 1)"),
            Range.Of<MaskedStreamReconstructionSpec>(nameof(MaskedStreamReconstructionSpec.SpanLength), s => s.SpanLength, v => v >= 0, "must be >= 0 (0 = no time spans)"),
            Range.Of<DistillSpec>(nameof(DistillSpec.Temperature), s => s.Temperature, v => v > 0, "must be > 0"),
            Range.Of<DistillSpec>(nameof(DistillSpec.SoftTargetWeight), s => s.SoftTargetWeight, v => v >= 0, "must be >= 0 (0 drops the soft targets)"),
            Range.Of<DistillSpec>(nameof(DistillSpec.MlmWeight), s => s.MlmWeight, v => v >= 0, "must be >= 0 (0 drops the student's own MLM loss)"),
            Range.Of<DistillSpec>(nameof(DistillSpec.HiddenCosineWeight), s => s.HiddenCosineWeight, v => v >= 0, "must be >= 0 (0 drops the hidden-state cosine)"),
            Range.Of<FineTuneSpec>(nameof(FineTuneSpec.LearningRate), s => s.LearningRate, v => v > 0, "must be > 0"),
            Range.Of<FineTuneSpec>(nameof(FineTuneSpec.HeadLearningRateMultiplier), s => s.HeadLearningRateMultiplier, v => v > 0, "must be > 0"),
            Range.Of<FineTuneSpec>(nameof(FineTuneSpec.BackboneLearningRateMultiplier), s => s.BackboneLearningRateMultiplier, v => v >= 0, "must be >= 0 (0 freezes the encoder)"),
            Range.Of<FineTuneSpec>(nameof(FineTuneSpec.Epochs), s => s.Epochs, v => v >= 1, "must be >= 1"),
            Range.Of<FineTuneSpec>(nameof(FineTuneSpec.Patience), s => s.Patience, v => v >= 1, "must be >= 1"),
            Range.Of<FineTuneSpec>(nameof(FineTuneSpec.LayerDecay), s => s.LayerDecay, v => v > 0 && v <= 1, "must be in (0, 1] (1 = no layer decay)"),
            Range.Of<FineTuneSpec>(nameof(FineTuneSpec.WarmupEpochs), s => s.WarmupEpochs, v => v >= 0, "must be >= 0"),
            Range.Of<FineTuneSpec>(nameof(FineTuneSpec.LabelSmoothing), s => s.LabelSmoothing, v => v >= 0 && v < 1, "must be in [0, 1)"),
        };
    }
}
