using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class ByolSyntax
    {
        public static void Plan(ByolSpec spec, TrainerPlan plan)
        {
            plan.ObjectiveComment = $"[Byol] normalised MSE to an EMA target, momentum {Literal(spec.MomentumStart)} -> {Literal(spec.MomentumEnd)} (cosine)";
            plan.Loss = new LossCall(Objectives + "ByolLoss.Compute", "predictions", "targets");
            plan.TwoViewLoss = true;
            plan.HasTargetNetwork = true;
            plan.MomentumSchedule = (spec.MomentumStart, spec.MomentumEnd);
        }
    }
}
