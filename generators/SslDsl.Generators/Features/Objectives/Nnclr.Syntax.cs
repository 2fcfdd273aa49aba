using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class NnclrSyntax
    {
        public static void Plan(NnclrSpec spec, TrainerPlan plan)
        {
            string temperature = Literal(spec.Temperature);
            plan.ObjectiveType = Objectives + "NnclrLoss";
            plan.ObjectiveNew = $"new {plan.ObjectiveType}({plan.ProjectionDim}, supportSize: {Literal(spec.SupportSize)}, temperature: {temperature}, device: device)";
            plan.ObjectiveComment = $"[Nnclr] InfoNCE of nearest neighbours from a support set of {Literal(spec.SupportSize)} projections, temperature {temperature}";
            plan.ObjectiveDisposable = true;
            plan.ObjectiveState = "objective.SupportSet";
            plan.ObjectiveStateComment = "the support set, so that a resumed run continues with its neighbours";
            plan.Loss = new LossCall("objective.Compute", "predictions", "projections") { Trailing = new[] { "ProcessGroup" } }; // predictions of every rank
            plan.TwoViewLoss = true;
        }
    }
}
