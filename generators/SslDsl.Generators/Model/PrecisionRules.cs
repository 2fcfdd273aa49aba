using System.Collections.Generic;
using SslDsl.Generators.Features;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// SSL0030: <c>[Training(Precision = …)]</c> that names no <c>Precision</c> member (a cast such as
    /// <c>(Precision)7</c>). Float32, BFloat16 and Float16 all run; anything else would fail only when the trainer is
    /// built, so it is refused at compile time.
    /// </summary>
    internal static class PrecisionRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("Training") is not { } attribute
                || WrittenSpec.Of(attribute) is not { Spec: TrainingSpec spec } training
                || !training.Wrote(nameof(spec.Precision))
                || System.Enum.IsDefined(typeof(Precision), spec.Precision))
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.UnsupportedPrecision, training.Index, nameof(spec.Precision),
                $"[Training] Precision = (Precision){ExperimentRules.Format((int)spec.Precision)} is not a Precision: use Precision.Float32, Precision.BFloat16 or Precision.Float16"));
        }
    }
}
