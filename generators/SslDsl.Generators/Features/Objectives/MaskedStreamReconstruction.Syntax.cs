using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class MaskedStreamReconstructionSyntax
    {
        public static void Plan(MaskedStreamReconstructionSpec spec, TrainerPlan plan)
        {
            plan.HeadType = Objectives + "LinearDecoder";
            plan.HeadNew = $"new {plan.HeadType}({plan.EncoderOutputDim}, {ObjectiveSyntax.InputShape(plan)})";
            plan.HeadComment = "[MaskedStreamReconstruction] linear decoder from the embedding of the masked window to the whole window";
            plan.ObjectiveType = Objectives + "StreamMasking";
            plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(spec.MaskRatio)}, maskChannels: {Literal(spec.MaskChannels)}, spanLength: {Literal(spec.SpanLength)})";
            plan.ObjectiveComment = $"[MaskedStreamReconstruction] hide {Literal(spec.MaskRatio)}{(spec.SpanLength > 0 ? $" as spans of {Literal(spec.SpanLength)} steps" : "")}{(spec.MaskChannels ? ", whole channels" : "")}; MSE on hidden entries";
            plan.SingleViewStep.Add($"{Tensor} hidden = objective.Sample(inputs, Generator); // 1 where hidden");
            plan.SingleViewStep.Add($"{Tensor} reconstruction = Head.call(Encoder.call({Objectives}StreamMasking.Apply(inputs, hidden)));");
            plan.SingleViewStep.Add($"{Tensor} loss = {Objectives}MaskedReconstructionLoss.Compute(reconstruction, inputs, hidden, ProcessGroup); // divided by every rank's hidden entries");
        }
    }
}
