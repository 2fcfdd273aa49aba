using System.Linq;
using SslDsl.Generators.Model;
using static SslDsl.Generators.Emit.CodeWriter;

namespace SslDsl.Generators.Emit
{
    internal static partial class TrainerEmitter
    {
        /// <summary>Runtime type and constructor arguments of a sensor (sequence) or token augmentation; false for other names.</summary>
        private static bool TryPlanSequenceAugmentation(AttributeModel a, TrainerPlan plan, out string type, out string args)
        {
            string augmentations = Runtime + ".Augmentations.";
            string probability = Literal(a.Number("Probability", 1.0));
            switch (a.Name)
            {
                case "Jitter":
                    type = augmentations + "Jitter";
                    args = $"{Literal(a.Number("Std", SslDefaults.SensorJitterStd))}, {probability}";
                    return true;
                case "Scaling":
                    type = augmentations + "Scaling";
                    args = $"{Literal(a.Number("Std", SslDefaults.SensorScalingStd))}, {probability}";
                    return true;
                case "MagnitudeWarp":
                    type = augmentations + "MagnitudeWarp";
                    args = $"{Literal(a.Number("Std", SslDefaults.MagnitudeWarpStd))}, {Literal(a.Int("Knots", SslDefaults.MagnitudeWarpKnots))}, {probability}";
                    return true;
                case "TimeWarp":
                    type = augmentations + "TimeWarp";
                    args = $"{Literal(a.Number("Std", SslDefaults.TimeWarpStd))}, {Literal(a.Int("Knots", SslDefaults.TimeWarpKnots))}, {probability}";
                    return true;
                case "ChannelDropout":
                    type = augmentations + "ChannelDropout";
                    args = $"{Literal(a.Number("Rate", SslDefaults.ChannelDropoutRate))}, {probability}";
                    return true;
                case "TimeMask":
                    type = augmentations + "TimeMask";
                    args = $"{Literal(a.Number("MaxFraction", SslDefaults.TimeMaskMaxFraction))}, {probability}";
                    return true;
                case "WindowCrop":
                    // Length has no default: 0 (not written) reaches the runtime constructor, which rejects it by name.
                    type = augmentations + "WindowCrop";
                    args = $"{Literal(plan.Length)}, {Literal(a.Int("Length", 0))}, {Literal(a.Bool("ResizeBack", SslDefaults.WindowCropResizeBack))}, {probability}";
                    return true;
                case "TokenDropout":
                    int[] protectedIds = a.Ints("ProtectedIds", SslDefaults.TokenDropoutProtectedIds);
                    type = augmentations + "TokenDropout";
                    args = $"{Literal(a.Number("Rate", SslDefaults.TokenDropoutRate))}, {Literal(a.Int("ReplacementId", SslDefaults.TokenDropoutReplacementId))}, "
                         + $"new long[] {{ {string.Join(", ", protectedIds.Select(Literal))} }}, {probability}";
                    return true;
                default:
                    type = "";
                    args = "";
                    return false;
            }
        }
    }
}
