using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class SimSiamSyntax
    {
        public static void Plan(TrainerPlan plan)
        {
            plan.ObjectiveComment = "[SimSiam] negative cosine, stop-gradient on the projections";
            plan.Loss = new LossCall(Objectives + "SimSiamLoss.Compute", "predictions", "projections");
            plan.TwoViewLoss = true;
        }
    }
}
