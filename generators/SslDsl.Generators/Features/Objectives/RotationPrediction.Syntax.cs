using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class RotationPredictionSyntax
    {
        public static void Plan(TrainerPlan plan)
        {
            plan.HeadType = "global::TorchSharp.Modules.Linear";
            plan.HeadNew = $"{Torch}.nn.Linear({plan.EncoderOutputDim}, {Objectives}RotationPrediction.Classes)";
            plan.HeadComment = "[RotationPrediction] linear classifier of the rotation (0, 90, 180, 270 degrees)";
            plan.ObjectiveComment = "[RotationPrediction] every image in four rotations, cross-entropy on the rotation";
            plan.SingleViewStep.Add($"var (rotated, labels) = {Objectives}RotationPrediction.Rotate(inputs);");
            plan.SingleViewStep.Add($"{Tensor} loss = {Objectives}RotationPrediction.Loss(Head.call(Encoder.call(rotated)), labels);");
        }
    }
}
