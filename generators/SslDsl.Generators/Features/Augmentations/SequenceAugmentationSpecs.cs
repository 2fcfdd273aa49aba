using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    internal sealed record JitterSpec(double Std) : AugmentationSpec
    {
        public static JitterSpec Resolve(AttributeModel a) => new JitterSpec(a.Number("Std", SslDefaults.SensorJitterStd)).Placed(a);
    }

    internal sealed record ScalingSpec(double Std) : AugmentationSpec
    {
        public static ScalingSpec Resolve(AttributeModel a) => new ScalingSpec(a.Number("Std", SslDefaults.SensorScalingStd)).Placed(a);
    }

    internal sealed record MagnitudeWarpSpec(double Std, int Knots) : AugmentationSpec
    {
        public static MagnitudeWarpSpec Resolve(AttributeModel a) =>
            new MagnitudeWarpSpec(a.Number("Std", SslDefaults.MagnitudeWarpStd), a.Int("Knots", SslDefaults.MagnitudeWarpKnots)).Placed(a);
    }

    internal sealed record TimeWarpSpec(double Std, int Knots) : AugmentationSpec
    {
        public static TimeWarpSpec Resolve(AttributeModel a) =>
            new TimeWarpSpec(a.Number("Std", SslDefaults.TimeWarpStd), a.Int("Knots", SslDefaults.TimeWarpKnots)).Placed(a);
    }

    internal sealed record ChannelDropoutSpec(double Rate) : AugmentationSpec
    {
        public static ChannelDropoutSpec Resolve(AttributeModel a) =>
            new ChannelDropoutSpec(a.Number("Rate", SslDefaults.ChannelDropoutRate)).Placed(a);
    }

    internal sealed record TimeMaskSpec(double MaxFraction) : AugmentationSpec
    {
        public static TimeMaskSpec Resolve(AttributeModel a) =>
            new TimeMaskSpec(a.Number("MaxFraction", SslDefaults.TimeMaskMaxFraction)).Placed(a);
    }

    /// <summary>Length has no default: 0 (not written) reaches the runtime constructor, which rejects it by name.</summary>
    internal sealed record WindowCropSpec(int Length, bool ResizeBack) : AugmentationSpec
    {
        public static WindowCropSpec Resolve(AttributeModel a) =>
            new WindowCropSpec(a.Int("Length", 0), a.Bool("ResizeBack", SslDefaults.WindowCropResizeBack)).Placed(a);
    }

    internal sealed record TokenDropoutSpec(double Rate, int ReplacementId, EquatableArray<int> ProtectedIds) : AugmentationSpec
    {
        public static TokenDropoutSpec Resolve(AttributeModel a) => new TokenDropoutSpec(
            a.Number("Rate", SslDefaults.TokenDropoutRate), a.Int("ReplacementId", SslDefaults.TokenDropoutReplacementId),
            new EquatableArray<int>(a.Ints("ProtectedIds", SslDefaults.TokenDropoutProtectedIds))).Placed(a);
    }
}
