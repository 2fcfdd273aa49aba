using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class AutoencoderSyntax
    {
        public static void Plan(TrainerPlan plan)
        {
            plan.HeadType = Objectives + "LinearDecoder";
            plan.HeadNew = $"new {plan.HeadType}({plan.EncoderOutputDim}, {ObjectiveSyntax.InputShape(plan)})";
            plan.HeadComment = "[Autoencoder] linear decoder from the embedding to the whole input";
            plan.ObjectiveComment = "[Autoencoder] MSE between the decoded embedding of the augmented input and the input before augmentation";
            plan.SingleViewStep.Add($"{Tensor} loss = {Objectives}AutoencoderLoss.Compute(Head.call(Encoder.call(inputs)), batch);");
        }
    }
}
