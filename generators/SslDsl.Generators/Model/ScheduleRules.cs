using System.Collections.Generic;
using System.Globalization;
using SslDsl.Generators.Features;

namespace SslDsl.Generators.Model
{
    /// <summary>Rules of the learning-rate schedule against the length of the run (SSL0026).</summary>
    internal static class ScheduleRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("WarmupCosine") is not { } schedule)
            {
                return;
            }

            WrittenSpec written = WrittenSpec.Of(schedule)!;
            var spec = (WarmupCosineSpec)written.Spec;
            if (spec.WarmupSteps > 0)
            {
                return; // warm-up in steps replaces WarmupEpochs; the runtime caps it at half the run (epochs × steps are known only there)
            }

            int warmup = spec.WarmupEpochs;
            int epochs = TrainingSpec.Resolve(model.Named("Training") ?? AttributeModel.Unwritten("Training")).Epochs;
            if (warmup >= 1 && epochs >= 1 && warmup >= epochs)
            {
                found.Add(new RuleViolation(DiagnosticIds.WarmupTooLong, schedule.Index, written.FirstWritten(nameof(WarmupCosineSpec.WarmupEpochs)),
                    $"[WarmupCosine] WarmupEpochs = {Format(warmup)} is not shorter than [Training] Epochs = {Format(epochs)}: the learning rate rises to the last step and never decays; "
                    + $"use fewer warm-up epochs, e.g. WarmupEpochs = {Format(System.Math.Max(0, epochs / 10))}"));
            }
        }

        private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
