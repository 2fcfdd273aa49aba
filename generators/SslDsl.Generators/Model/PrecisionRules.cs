using System.Collections.Generic;
using SslDsl.Generators.Features;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// SSL0030: <c>[Training(Precision = …)]</c> other than Float32. The generated step runs in Float32 (mixed precision
    /// is still to come), and a public option the trainer ignores must not compile silently.
    /// </summary>
    internal static class PrecisionRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("Training") is not { } attribute
                || WrittenSpec.Of(attribute) is not { Spec: TrainingSpec spec } training
                || !training.Wrote(nameof(spec.Precision))
                || spec.Precision == Precision.Float32)
            {
                return;
            }

            // A value that names no member is shown as the cast the user wrote.
            string value = System.Enum.IsDefined(typeof(Precision), spec.Precision)
                ? "Precision." + spec.Precision
                : "(Precision)" + ExperimentRules.Format((int)spec.Precision);
            found.Add(new RuleViolation(DiagnosticIds.UnsupportedPrecision, training.Index, nameof(spec.Precision),
                $"[Training] Precision = {value} is not supported yet: the generated step runs in Float32; remove Precision or set Precision.Float32"));
        }
    }
}
