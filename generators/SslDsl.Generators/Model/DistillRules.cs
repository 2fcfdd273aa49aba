using System.Collections.Generic;
using SslDsl.Generators.Features;
using static SslDsl.Generators.Model.ExperimentRules;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// SSL0033: the [Distill] teacher must fit its student — an [SslExperiment] class other than the student, both
    /// masked language models over one vocabulary with Transformer encoders, the teacher able to read the student's
    /// sequences; the hidden-state cosine needs equal widths, initialisation from the teacher equal widths, heads and
    /// lengths and a student no deeper. SSL0006 covers the temperature and the weights.
    /// </summary>
    internal static class DistillRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("Distill") is not { } attribute || WrittenSpec.Of(attribute) is not { Spec: DistillSpec distill } written)
            {
                return;
            }

            void Report(string? argument, string message) => found.Add(new RuleViolation(DiagnosticIds.DistillTeacher, attribute.Index, argument, message));

            if (distill.SoftTargetWeight == 0 && distill.MlmWeight == 0 && distill.HiddenCosineWeight == 0)
            {
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, written.FirstWritten(nameof(distill.SoftTargetWeight), nameof(distill.MlmWeight)),
                    "[Distill] SoftTargetWeight, MlmWeight and HiddenCosineWeight are all 0: the student would learn nothing; keep at least one above 0"));
            }

            if (distill.TeacherModel is not { } teacher)
            {
                Report(nameof(distill.Teacher), $"[Distill] typeof({distill.TeacherName}) is not an [SslExperiment] class: the teacher must be a trained experiment with [MaskedLanguageModel]");
                return;
            }

            if (distill.TeacherName == model.FullName)
            {
                Report(nameof(distill.Teacher), $"[Distill] {model.ClassName} names itself as its teacher: distil from another, larger experiment");
                return;
            }

            string? objective = model.Single(AttributeFamily.Objective)?.Name;
            if (objective is not null && objective != "MaskedLanguageModel")
            {
                Report(null, $"[Distill] distils masked language models (DistilBERT's soft targets are the teacher's vocabulary distribution); this experiment's objective is [{objective}]: use [MaskedLanguageModel]");
                return;
            }

            if (teacher.Objective != "MaskedLanguageModel" || teacher.Input is null || teacher.Encoder is null)
            {
                Report(nameof(distill.Teacher), $"[Distill] the teacher {distill.TeacherName} must declare [MaskedLanguageModel], [TokenInput] and [TransformerEncoder]; it declares {Describe(teacher)}");
                return;
            }

            if (model.Single(AttributeFamily.Input) is not { Name: "TokenInput" } inputAttribute
                || model.Single(AttributeFamily.Encoder) is not { Name: "TransformerEncoder" } encoderAttribute)
            {
                return; // the MLM's own rules (SSL0012, SSL0018) report a student without them
            }

            var input = TokenInputSpec.Resolve(inputAttribute);
            var encoder = TransformerEncoderSpec.Resolve(encoderAttribute);
            if (input.VocabSize >= 1 && teacher.Input.VocabSize >= 1 && input.VocabSize != teacher.Input.VocabSize)
            {
                Report(nameof(distill.Teacher), $"[Distill] the teacher {distill.TeacherName} has a vocabulary of {Format(teacher.Input.VocabSize)} tokens and this experiment {Format(input.VocabSize)}: teacher and student must share one tokenizer");
            }

            if (input.Length >= 1 && teacher.Input.Length >= 1 && teacher.Input.Length < input.Length)
            {
                Report(nameof(distill.Teacher), $"[Distill] the teacher {distill.TeacherName} reads at most {Format(teacher.Input.Length)} tokens and this experiment's sequences have {Format(input.Length)}: give the teacher at least the student's [TokenInput] Length");
            }

            bool widthsKnown = encoder.Dim >= 1 && teacher.Encoder.Dim >= 1;
            if (distill.HiddenCosineWeight > 0 && widthsKnown && encoder.Dim != teacher.Encoder.Dim)
            {
                Report(written.FirstWritten(nameof(distill.HiddenCosineWeight)),
                    $"[Distill] HiddenCosineWeight = {Format(distill.HiddenCosineWeight)} compares hidden states of width {Format(encoder.Dim)} (student) and {Format(teacher.Encoder.Dim)} (teacher {distill.TeacherName}): give both one Dim, or set HiddenCosineWeight = 0");
            }

            if (!distill.InitializeFromTeacher)
            {
                return;
            }

            string? differs =
                widthsKnown && encoder.Dim != teacher.Encoder.Dim ? $"Dim {Format(encoder.Dim)} against the teacher's {Format(teacher.Encoder.Dim)}"
                : encoder.Heads >= 1 && teacher.Encoder.Heads >= 1 && encoder.Heads != teacher.Encoder.Heads ? $"Heads {Format(encoder.Heads)} against the teacher's {Format(teacher.Encoder.Heads)}"
                : input.Length >= 1 && teacher.Input.Length >= 1 && input.Length != teacher.Input.Length ? $"[TokenInput] Length {Format(input.Length)} against the teacher's {Format(teacher.Input.Length)}"
                : encoder.Depth >= 1 && teacher.Encoder.Depth >= 1 && encoder.Depth > teacher.Encoder.Depth ? $"Depth {Format(encoder.Depth)}, deeper than the teacher's {Format(teacher.Encoder.Depth)}"
                : null;
            if (differs is not null)
            {
                Report(written.FirstWritten(nameof(distill.InitializeFromTeacher)),
                    $"[Distill] InitializeFromTeacher copies the teacher {distill.TeacherName} into the student, which has {differs}: match the teacher's width, heads and length with at most its depth, or set InitializeFromTeacher = false");
            }
        }

        private static string Describe(TeacherSummary teacher)
        {
            var parts = new List<string>();
            parts.Add(teacher.Objective is null ? "no single objective" : "[" + teacher.Objective + "]");
            parts.Add(teacher.Input is null ? "no [TokenInput]" : "[TokenInput]");
            parts.Add(teacher.Encoder is null ? "no [TransformerEncoder]" : "[TransformerEncoder]");
            return string.Join(", ", parts);
        }
    }
}
