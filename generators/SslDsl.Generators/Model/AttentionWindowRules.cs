using System.Collections.Generic;
using SslDsl.Generators.Features;
using static SslDsl.Generators.Model.ExperimentRules;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// SSL0006 for Longformer attention in [TransformerEncoder] (the window's own range is in the range table): global
    /// tokens need a window, and must be fewer than the positions the encoder sees. The runtime encoder refuses both.
    /// </summary>
    /// <remarks>
    /// A window as wide as the sequence or wider is valid: it is full attention (the runtime then runs full attention,
    /// with the same outputs), which lets one experiment keep its window when it is tried on shorter inputs.
    /// </remarks>
    internal static class AttentionWindowRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            // A negative GlobalTokens or an odd or negative window is out of range already.
            if (model.Single(AttributeFamily.Encoder) is not { } encoder
                || WrittenSpec.Of(encoder) is not { Spec: TransformerEncoderSpec transformer } written
                || AtLeast(transformer.GlobalTokens, 1) is not { } global
                || transformer.AttentionWindow < 0 || transformer.AttentionWindow % 2 != 0)
            {
                return;
            }

            string at = written.FirstWritten(nameof(transformer.GlobalTokens), nameof(transformer.AttentionWindow))!;
            if (!transformer.IsWindowed)
            {
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, written.Index, at,
                    $"[TransformerEncoder] GlobalTokens = {Format(global)} needs an AttentionWindow: with full attention (AttentionWindow = 0) every position "
                    + "attends to every other already; set AttentionWindow to an even number >= 2 or remove GlobalTokens"));
                return;
            }

            if (EncoderLength(model) is { } length && global >= length.Steps)
            {
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, written.Index, at,
                    $"[TransformerEncoder] GlobalTokens = {Format(global)} is not below {length.Described}: every position would be global, "
                    + $"which is full attention; GlobalTokens must be < {Format(length.Steps)}"));
            }
        }

        /// <summary>The positions the encoder sees (the input length, or the forecast context) and how to name them; null when unknown or invalid.</summary>
        private static (int Steps, string Described)? EncoderLength(ExperimentModel model)
        {
            var input = InputShape.Of(model);
            if (input.Kind is not (InputKind.Token or InputKind.Sequence) || input.Length is not { } length)
            {
                return null;
            }

            if (input.Kind == InputKind.Sequence
                && model.Single(AttributeFamily.Objective) is { } objective
                && AttributeSpecs.Resolve(objective) is FutureWindowPredictionSpec forecast)
            {
                // An impossible context is SSL0022's or SSL0006's to report.
                int context = forecast.ContextFor(length);
                return context >= 1 && context <= length
                    ? (context, $"the {Format(context)} context steps [FutureWindowPrediction] gives the encoder")
                    : null;
            }

            return (length, $"the Length = {Format(length)} of {InputRules.Describe(input.Kind)}");
        }
    }
}
