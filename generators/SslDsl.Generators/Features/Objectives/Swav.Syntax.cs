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

            if (!spec.UsesQueue)
            {
                plan.Loss = new LossCall("objective.Compute", "projections") { Trailing = new[] { "ProcessGroup" } }; // codes of the global batch
                return;
            }

            // The official --queue_length: the loss keeps the normalised projections of the global views, so the head runs in its two parts.
            plan.ObjectiveNew = $"new {plan.ObjectiveType}(ViewCount, {Literal(globalViews)}, temperature: {Literal(spec.Temperature)}, epsilon: {Literal(spec.Epsilon)}, sinkhornIterations: {Literal(spec.SinkhornIterations)}, "
                + $"queueLength: {Literal(spec.QueueLength)}, projectionDim: Projector.ProjectionDim, queueStartEpoch: {Literal(spec.QueueStartEpoch)}, device: device)";
            plan.ObjectiveComment += $"; a queue of the last {Literal(spec.QueueLength)} projections per global view joins Sinkhorn from epoch {Literal(spec.QueueStartEpoch)} on, once full";
            plan.ObjectiveDisposable = true;
            plan.ObjectiveState = "objective";
            plan.ObjectiveStateComment = "the queue of projections, so that a resumed run continues with it";
            plan.ProjectorSteps.Add($"{Tensor} normalised = Projector.Project(embeddings); // the L2-normalised projections, which the queue keeps");
            plan.ProjectorSteps.Add($"{Tensor} projections = Projector.Score(normalised); // their scores against the prototypes");
            plan.Memory = "normalised.detach()";
            // codes of the global batch and the queue (scored by the current prototypes; it starts in epoch QueueStartEpoch)
            plan.Loss = new LossCall("objective.Compute", "projections", "memory") { Trailing = new[] { "Projector.Prototypes", "CurrentEpoch", "ProcessGroup" } };
        }
    }
}
