using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class MaskedAutoencoderSyntax
    {
        public static void Plan(MaskedAutoencoderSpec spec, TrainerPlan plan)
        {
            plan.HeadType = Objectives + "MaeDecoder";
            plan.HeadNew = $"new {plan.HeadType}(Encoder.OutputDim, decoderDim: {Literal(spec.DecoderDim)}, depth: {Literal(spec.DecoderDepth)}, heads: {Literal(spec.DecoderHeads)}, patches: Encoder.PatchCount, patchDim: Encoder.PatchDim, clsToken: true)";
            plan.HeadComment = $"[MaskedAutoencoder] decoder {Literal(spec.DecoderDim)} wide, {Literal(spec.DecoderDepth)} blocks, {Literal(spec.DecoderHeads)} heads";
            plan.ObjectiveComment = $"[MaskedAutoencoder] hide {Literal(spec.MaskRatio)} of the patches, MSE on hidden patches{(spec.NormalizePixels ? " of per-patch normalised pixels" : "")}";
            plan.SingleViewStep.Add($"var mask = {Objectives}MaeMasking.Sample((int)inputs.shape[0], Encoder.PatchCount, {Literal(spec.MaskRatio)}, Generator, Device);");
            plan.SingleViewStep.Add($"{Tensor} latent = Encoder.ForwardVisible(inputs, mask.KeepIndices); // the encoder sees the visible patches only");
            plan.SingleViewStep.Add($"{Tensor} predicted = Head.call(latent, mask.RestoreIndices);");
            plan.SingleViewStep.Add($"{Tensor} loss = {Objectives}MaeLoss.Compute(predicted, {Objectives}MaePatches.Patchify(inputs, Encoder.PatchSize), mask.Mask, normalizePixels: {Literal(spec.NormalizePixels)});");
        }
    }
}
