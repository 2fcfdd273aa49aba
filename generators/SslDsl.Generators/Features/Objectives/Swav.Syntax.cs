using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class SwavSyntax
    {
        public static void Plan(SwavSpec spec, TrainerPlan plan)
        {
            // The SwAV head (projection MLP, L2 norm, prototypes) takes the projector's place: its outputs are the scores.
            plan.ProjectorType = Heads + "SwavHead";
            plan.ProjectorNew = $"new {plan.ProjectorType}({plan.EncoderOutputDim}, {Literal(spec.Hidden)}, {Literal(spec.Output)}, {Literal(spec.Prototypes)})";
            plan.ProjectorComment = $"[Swav] head: projection MLP (hidden {Literal(spec.Hidden)}, output {Literal(spec.Output)}), L2 norm, {Literal(spec.Prototypes)} unit prototypes";
            int globalViews = plan.Spec.MultiCrop?.GlobalCount ?? plan.Spec.ViewCount;
            plan.ObjectiveType = Objectives + "SwavLoss";
            plan.ObjectiveNew = $"new {plan.ObjectiveType}(ViewCount, {Literal(globalViews)}, temperature: {Literal(spec.Temperature)}, epsilon: {Literal(spec.Epsilon)}, sinkhornIterations: {Literal(spec.SinkhornIterations)})";
            plan.ObjectiveComment = $"[Swav] swapped prediction of Sinkhorn codes (ε {Literal(spec.Epsilon)}, {Literal(spec.SinkhornIterations)} iterations) of {Literal(globalViews)} global views, temperature {Literal(spec.Temperature)}";
            if (spec.FreezePrototypesSteps > 0)
            {
                plan.ObjectiveSetup.Add($"FreezeForSteps(new[] {{ Projector.Prototypes }}, {Literal(spec.FreezePrototypesSteps)}); // the prototypes stay fixed for the first optimizer steps, as the official code's");
            }

            plan.Loss = new LossCall("objective.Compute", "projections") { Trailing = new[] { "ProcessGroup" } }; // codes of the global batch
        }
    }
}
