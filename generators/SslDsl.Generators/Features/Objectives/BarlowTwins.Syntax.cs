using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class BarlowTwinsSyntax
    {
        public static void Plan(BarlowTwinsSpec spec, TrainerPlan plan)
        {
            plan.ObjectiveType = Objectives + "BarlowTwinsLoss";
            plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(spec.Lambda)})";
            plan.ObjectiveComment = $"[BarlowTwins] lambda {Literal(spec.Lambda)}";
            plan.Loss = new LossCall("objective.Compute", "projections") { Trailing = new[] { "ProcessGroup" } }; // statistics of the global batch
            plan.TwoViewLoss = true;
        }
    }
}
