using System;

namespace SslDsl
{
    /// <summary>Base of augmentations of multichannel time series ([SequenceInput], batches [B, C, T]).</summary>
    public abstract class SequenceAugmentationAttribute : ViewAugmentationAttribute
    {
    }

    /// <summary>Base of augmentations of token sequences ([TokenInput], int64 batches [B, L]).</summary>
    public abstract class TokenAugmentationAttribute : ViewAugmentationAttribute
    {
    }

    /// <summary>
    /// Adds N(0, Std²) noise to every value (jittering, Um et al. 2017, "Data augmentation of wearable sensor data for
    /// Parkinson's disease monitoring using convolutional neural networks"; Std 0.03 as in Iwana &amp; Uchida 2021).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class JitterAttribute : SequenceAugmentationAttribute
    {
        public double Std { get; set; } = SslDefaults.SensorJitterStd;
    }

    /// <summary>Multiplies each channel by a factor ~ N(1, Std²), one per sample and channel (scaling, Um et al. 2017).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ScalingAttribute : SequenceAugmentationAttribute
    {
        public double Std { get; set; } = SslDefaults.SensorScalingStd;
    }

    /// <summary>
    /// Multiplies each channel by a smooth random curve: a cubic spline through Knots + 2 values ~ N(1, Std²) at evenly
    /// spaced times (magnitude warping, Um et al. 2017; Std 0.2, 4 knots as in Iwana &amp; Uchida 2021).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MagnitudeWarpAttribute : SequenceAugmentationAttribute
    {
        public double Std { get; set; } = SslDefaults.MagnitudeWarpStd;
        public int Knots { get; set; } = SslDefaults.MagnitudeWarpKnots;
    }

    /// <summary>
    /// Distorts time smoothly and monotonically per sample: speeds ~ N(1, Std²) at Knots + 2 evenly spaced times, joined
    /// by a cubic spline and integrated, give where each output step reads the input (time warping, Um et al. 2017).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class TimeWarpAttribute : SequenceAugmentationAttribute
    {
        public double Std { get; set; } = SslDefaults.TimeWarpStd;
        public int Knots { get; set; } = SslDefaults.TimeWarpKnots;
    }

    /// <summary>
    /// Zeroes each channel of a sample independently with probability Rate, for all time steps (a missing sensor;
    /// whole-channel dropout as SpatialDropout, Tompson et al. 2015).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ChannelDropoutAttribute : SequenceAugmentationAttribute
    {
        public double Rate { get; set; } = SslDefaults.ChannelDropoutRate;
    }

    /// <summary>
    /// Zeroes one contiguous span of 1 to floor(MaxFraction T) steps at a random start (time masking, SpecAugment,
    /// Park et al. 2019).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class TimeMaskAttribute : SequenceAugmentationAttribute
    {
        public double MaxFraction { get; set; } = SslDefaults.TimeMaskMaxFraction;
    }

    /// <summary>
    /// Crops Length consecutive steps at a random start (window slicing, Le Guennec et al. 2016) and, with ResizeBack,
    /// stretches them back to the input length by linear interpolation. Length is required (0 = not set). Without
    /// ResizeBack the views have Length steps and a sample not selected by Probability gets the centred window.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class WindowCropAttribute : SequenceAugmentationAttribute
    {
        public int Length { get; set; }
        public bool ResizeBack { get; set; } = SslDefaults.WindowCropResizeBack;
    }

    /// <summary>
    /// Replaces each token not in ProtectedIds with ReplacementId with probability Rate (word dropout, Bowman et al.
    /// 2016). ProtectedIds default to the special ids 0..3 ([PAD], [MASK], [UNK], [CLS]).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class TokenDropoutAttribute : TokenAugmentationAttribute
    {
        public double Rate { get; set; } = SslDefaults.TokenDropoutRate;
        public int ReplacementId { get; set; } = SslDefaults.TokenDropoutReplacementId;
        public int[] ProtectedIds { get; set; } = (int[])SslDefaults.TokenDropoutProtectedIds.Clone();
    }
}
