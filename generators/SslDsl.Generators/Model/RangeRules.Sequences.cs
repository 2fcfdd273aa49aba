namespace SslDsl.Generators.Model
{
    internal static partial class RangeRules
    {
        /// <summary>SSL0006 ranges of the sensor (sequence) and token augmentations.</summary>
        private static readonly Range[] SequenceRanges =
        {
            new("Jitter", "Std", v => v >= 0, "must be >= 0"),
            new("Scaling", "Std", v => v >= 0, "must be >= 0"),
            new("MagnitudeWarp", "Std", v => v >= 0, "must be >= 0"),
            new("MagnitudeWarp", "Knots", v => v >= 0, "must be >= 0"),
            new("TimeWarp", "Std", v => v >= 0, "must be >= 0"),
            new("TimeWarp", "Knots", v => v >= 0, "must be >= 0"),
            new("ChannelDropout", "Rate", v => v >= 0 && v <= 1, "must be in [0, 1]"),
            new("TimeMask", "MaxFraction", v => v >= 0 && v <= 1, "must be in [0, 1]"),
            new("WindowCrop", "Length", v => v >= 1, "must be >= 1 (and at most the input Length)"),
            new("TokenDropout", "Rate", v => v >= 0 && v <= 1, "must be in [0, 1]"),
            new("TokenDropout", "ReplacementId", v => v >= 0, "must be >= 0"),
        };
    }
}
