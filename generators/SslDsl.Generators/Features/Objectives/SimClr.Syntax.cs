using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class SimClrSyntax
    {
        public static void Plan(SimClrSpec spec, TrainerPlan plan)
        {
            plan.ObjectiveType = Objectives + "NtXentLoss";
            plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(spec.Temperature)}, ViewCount)";
            plan.ObjectiveComment = $"[SimClr] NT-Xent, temperature {Literal(spec.Temperature)}";
            plan.ObjectiveDisposable = true;
            plan.Loss = new LossCall("objective.Compute", "projections") { Trailing = new[] { "ProcessGroup" } }; // negatives from every rank
        }
    }
}
