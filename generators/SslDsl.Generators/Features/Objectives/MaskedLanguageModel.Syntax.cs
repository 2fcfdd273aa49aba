using System.Linq;
using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class MaskedLanguageModelSyntax
    {
        public static void Plan(MaskedLanguageModelSpec spec, TrainerPlan plan)
        {
            plan.HeadType = "global::TorchSharp.Modules.Linear";
            plan.HeadNew = $"{Torch}.nn.Linear(Encoder.OutputDim, VocabSize)";
            plan.HeadComment = "[MaskedLanguageModel] linear head from each position's output to the vocabulary";
            plan.ObjectiveType = Objectives + "MlmMasking";
            plan.ObjectiveNew = $"new {plan.ObjectiveType}(VocabSize, maskTokenId: {Literal(spec.MaskTokenId)}, specialTokenIds: new long[] {{ {string.Join(", ", spec.SpecialTokenIds.Select(Literal))} }}, maskProbability: {Literal(spec.MaskProbability)})";
            plan.ObjectiveComment = $"[MaskedLanguageModel] select {Literal(spec.MaskProbability)} of the ordinary tokens: 80 % [MASK] (id {Literal(spec.MaskTokenId)}), 10 % random, 10 % kept";
            plan.ObjectiveDisposable = true;
            if (plan.Spec.Distill is not null)
            {
                DistillSyntax.PlanStep(plan);
                return;
            }

            plan.SingleViewStep.Add("var (corrupted, labels) = objective.Apply(inputs, Generator);");
            plan.SingleViewStep.Add($"{Tensor} loss = {Objectives}MlmLoss.Compute(Head, Encoder.ForwardTokens(corrupted), labels, ProcessGroup); // the head and the loss at the selected positions only; every rank's positions count");
        }
    }
}
