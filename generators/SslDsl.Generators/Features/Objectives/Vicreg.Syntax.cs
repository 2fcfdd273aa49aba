using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class VicregSyntax
    {
        public static void Plan(VicregSpec spec, TrainerPlan plan)
        {
            plan.ObjectiveType = Objectives + "VicRegLoss";
            plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(spec.Invariance)}, {Literal(spec.Variance)}, {Literal(spec.Covariance)})";
            plan.ObjectiveComment = $"[Vicreg] invariance {Literal(spec.Invariance)}, variance {Literal(spec.Variance)}, covariance {Literal(spec.Covariance)}";
            plan.Loss = new LossCall("objective.Compute", "projections") { Trailing = new[] { "ProcessGroup" } }; // statistics of the global batch
            plan.TwoViewLoss = true;
        }
    }
}
