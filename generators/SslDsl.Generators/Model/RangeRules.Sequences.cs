using SslDsl.Generators.Features;

namespace SslDsl.Generators.Model
{
    internal static partial class RangeRules
    {
        /// <summary>SSL0006 ranges of the sensor (sequence) and token augmentations.</summary>
        private static readonly Range[] SequenceRanges =
        {
            Range.Of<JitterSpec>(nameof(JitterSpec.Std), s => s.Std, v => v >= 0, "must be >= 0"),
            Range.Of<ScalingSpec>(nameof(ScalingSpec.Std), s => s.Std, v => v >= 0, "must be >= 0"),
            Range.Of<MagnitudeWarpSpec>(nameof(MagnitudeWarpSpec.Std), s => s.Std, v => v >= 0, "must be >= 0"),
            Range.Of<MagnitudeWarpSpec>(nameof(MagnitudeWarpSpec.Knots), s => s.Knots, v => v >= 0, "must be >= 0"),
            Range.Of<TimeWarpSpec>(nameof(TimeWarpSpec.Std), s => s.Std, v => v >= 0, "must be >= 0"),
            Range.Of<TimeWarpSpec>(nameof(TimeWarpSpec.Knots), s => s.Knots, v => v >= 0, "must be >= 0"),
            Range.Of<ChannelDropoutSpec>(nameof(ChannelDropoutSpec.Rate), s => s.Rate, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<TimeMaskSpec>(nameof(TimeMaskSpec.MaxFraction), s => s.MaxFraction, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<WindowCropSpec>(nameof(WindowCropSpec.Length), s => s.Length, v => v >= 1, "must be >= 1 (and at most the input Length)"),
            Range.Of<TokenDropoutSpec>(nameof(TokenDropoutSpec.Rate), s => s.Rate, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<TokenDropoutSpec>(nameof(TokenDropoutSpec.ReplacementId), s => s.ReplacementId, v => v >= 0, "must be >= 0"),
        };
    }
}
