using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class FutureWindowPredictionSyntax
    {
        public static void Plan(FutureWindowPredictionSpec spec, TrainerPlan plan)
        {
            plan.HeadType = Objectives + "LinearDecoder";
            plan.HeadNew = $"new {plan.HeadType}({plan.EncoderOutputDim}, new[] {{ InputChannels, Horizon }})";
            plan.HeadComment = $"[FutureWindowPrediction] linear head to the next {Literal(spec.Horizon)} steps of every channel";
            plan.ObjectiveComment = $"[FutureWindowPrediction] encode {Literal(plan.EncoderLength)} steps, predict the next {Literal(spec.Horizon)}, MSE";
            plan.Horizon = spec.Horizon;
            plan.SingleViewStep.Add($"var (context, future) = {Objectives}FutureWindowSplit.Split(inputs.narrow(2, 0, EncoderLength + Horizon), Horizon);");
            plan.SingleViewStep.Add($"{Tensor} loss = {Objectives}FutureWindowLoss.Compute(Head.call(Encoder.call(context)), future);");
        }
    }
}
