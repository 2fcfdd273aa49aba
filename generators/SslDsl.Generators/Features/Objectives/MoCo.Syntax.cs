using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class MoCoSyntax
    {
        public static void Plan(MoCoSpec spec, TrainerPlan plan)
        {
            string temperature = Literal(spec.Temperature);
            plan.HasTargetNetwork = true;
            plan.ConstantMomentum = spec.Momentum;
            if (spec.UsesQueue)
            {
                plan.ObjectiveType = Objectives + "MoCoLoss";
                plan.ObjectiveNew = $"new {plan.ObjectiveType}({plan.ProjectionDim}, queueSize: {Literal(spec.QueueSize)}, temperature: {temperature}, device: device)";
                plan.ObjectiveComment = $"[MoCo] v2: InfoNCE against a queue of {Literal(spec.QueueSize)} keys, temperature {temperature}, momentum {Literal(spec.Momentum)}";
                plan.ObjectiveDisposable = true;
                plan.ObjectiveState = "objective.Queue";
                plan.ObjectiveStateComment = "the negatives, so that a resumed run continues with them";
                plan.Loss = new LossCall("objective.Compute", "projections", "targets") { Trailing = new[] { "ProcessGroup" } }; // the queue takes every rank's keys
            }
            else
            {
                plan.ObjectiveType = Objectives + "MoCoV3Loss";
                plan.ObjectiveNew = $"new {plan.ObjectiveType}({temperature})";
                plan.ObjectiveComment = $"[MoCo] v3: in-batch InfoNCE x 2*temperature ({temperature}), momentum {Literal(spec.Momentum)}";
                plan.Loss = new LossCall("objective.Compute", "predictions", "targets") { Trailing = new[] { "ProcessGroup" } }; // keys from every rank
                plan.TwoViewLoss = true;
            }
        }
    }
}
