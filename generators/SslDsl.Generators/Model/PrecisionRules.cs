using System.Collections.Generic;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// SSL0030: <c>[Training(Precision = …)]</c> other than Float32. The generated step runs in Float32 (mixed precision
    /// is still to come), and a public option the trainer ignores must not compile silently.
    /// </summary>
    internal static class PrecisionRules
    {
        /// <summary>The value of <c>SslDsl.Precision.Float32</c>, the only one the generated step supports.</summary>
        private const int Float32 = 0;

        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("Training") is not { } training || training.Argument("Precision") is not { } precision || precision.Value.Number == Float32)
            {
                return;
            }

            string value = precision.Value.Text is { } member ? "Precision." + member : "(Precision)" + ExperimentRules.Format(precision.Value.Number);
            found.Add(new RuleViolation(DiagnosticIds.UnsupportedPrecision, training.Index, "Precision",
                $"[Training] Precision = {value} is not supported yet: the generated step runs in Float32; remove Precision or set Precision.Float32"));
        }
    }
}
