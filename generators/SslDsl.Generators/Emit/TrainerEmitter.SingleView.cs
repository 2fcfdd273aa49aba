using System;
using System.Linq;
using SslDsl.Generators.Model;
using static SslDsl.Generators.Emit.CodeWriter;

namespace SslDsl.Generators.Emit
{
    internal static partial class TrainerEmitter
    {
        /// <summary>
        /// Single-view objectives: the head each one trains with the encoder and the step lines that turn the augmented
        /// <c>inputs</c> (and the untouched <c>batch</c>) into <c>loss</c>.
        /// </summary>
        private static void PlanSingleViewObjective(AttributeModel objective, TrainerPlan plan)
        {
            string objectives = Runtime + ".Objectives.";
            string linear = "global::TorchSharp.Modules.Linear";
            switch (objective.Name)
            {
                case "MaskedAutoencoder":
                    double maskRatio = objective.Number("MaskRatio", SslDefaults.MaeMaskRatio);
                    bool normalize = objective.Bool("NormalizePixels", true);
                    int decoderDim = objective.Int("DecoderDim", SslDefaults.MaeDecoderDim);
                    int decoderDepth = objective.Int("DecoderDepth", SslDefaults.MaeDecoderDepth);
                    int decoderHeads = objective.Int("DecoderHeads", SslDefaults.MaeDecoderHeads);
                    plan.HeadType = objectives + "MaeDecoder";
                    plan.HeadNew = $"new {plan.HeadType}(Encoder.OutputDim, decoderDim: {Literal(decoderDim)}, depth: {Literal(decoderDepth)}, heads: {Literal(decoderHeads)}, patches: Encoder.PatchCount, patchDim: Encoder.PatchDim, clsToken: true)";
                    plan.HeadComment = $"[MaskedAutoencoder] decoder {Literal(decoderDim)} wide, {Literal(decoderDepth)} blocks, {Literal(decoderHeads)} heads";
                    plan.ObjectiveComment = $"[MaskedAutoencoder] hide {Literal(maskRatio)} of the patches, MSE on hidden patches{(normalize ? " of per-patch normalised pixels" : "")}";
                    plan.SingleViewStep.Add($"var mask = {objectives}MaeMasking.Sample(BatchSize, Encoder.PatchCount, {Literal(maskRatio)}, Generator, Device);");
                    plan.SingleViewStep.Add($"{Tensor} latent = Encoder.ForwardVisible(inputs, mask.KeepIndices); // the encoder sees the visible patches only");
                    plan.SingleViewStep.Add($"{Tensor} predicted = Head.call(latent, mask.RestoreIndices);");
                    plan.SingleViewStep.Add($"{Tensor} loss = {objectives}MaeLoss.Compute(predicted, {objectives}MaePatches.Patchify(inputs, Encoder.PatchSize), mask.Mask, normalizePixels: {Literal(normalize)});");
                    break;
                case "Autoencoder":
                    plan.HeadType = objectives + "LinearDecoder";
                    plan.HeadNew = $"new {plan.HeadType}({plan.EncoderOutputDim}, {InputShape(plan)})";
                    plan.HeadComment = "[Autoencoder] linear decoder from the embedding to the whole input";
                    plan.ObjectiveComment = "[Autoencoder] MSE between the decoded embedding of the augmented input and the input before augmentation";
                    plan.SingleViewStep.Add($"{Tensor} loss = {objectives}AutoencoderLoss.Compute(Head.call(Encoder.call(inputs)), batch);");
                    break;
                case "RotationPrediction":
                    plan.HeadType = linear;
                    plan.HeadNew = $"{Torch}.nn.Linear({plan.EncoderOutputDim}, {objectives}RotationPrediction.Classes)";
                    plan.HeadComment = "[RotationPrediction] linear classifier of the rotation (0, 90, 180, 270 degrees)";
                    plan.ObjectiveComment = "[RotationPrediction] every image in four rotations, cross-entropy on the rotation";
                    plan.SingleViewStep.Add($"var (rotated, labels) = {objectives}RotationPrediction.Rotate(inputs);");
                    plan.SingleViewStep.Add($"{Tensor} loss = {objectives}RotationPrediction.Loss(Head.call(Encoder.call(rotated)), labels);");
                    break;
                case "MaskedLanguageModel":
                    double probability = objective.Number("MaskProbability", SslDefaults.MlmMaskProbability);
                    int maskId = objective.Int("MaskTokenId", SslDefaults.MlmMaskTokenId);
                    int[] special = objective.Ints("SpecialTokenIds", SslDefaults.SpecialTokenIds);
                    plan.HeadType = linear;
                    plan.HeadNew = $"{Torch}.nn.Linear(Encoder.OutputDim, VocabSize)";
                    plan.HeadComment = "[MaskedLanguageModel] linear head from each position's output to the vocabulary";
                    plan.ObjectiveType = objectives + "MlmMasking";
                    plan.ObjectiveNew = $"new {plan.ObjectiveType}(VocabSize, maskTokenId: {Literal(maskId)}, specialTokenIds: new long[] {{ {string.Join(", ", special.Select(Literal))} }}, maskProbability: {Literal(probability)})";
                    plan.ObjectiveComment = $"[MaskedLanguageModel] select {Literal(probability)} of the ordinary tokens: 80 % [MASK] (id {Literal(maskId)}), 10 % random, 10 % kept";
                    plan.ObjectiveDisposable = true;
                    plan.SingleViewStep.Add("var (corrupted, labels) = objective.Apply(inputs, Generator);");
                    plan.SingleViewStep.Add($"{Tensor} loss = {objectives}MlmLoss.Compute(Head.call(Encoder.ForwardTokens(corrupted)), labels); // selected positions only");
                    break;
                case "FutureWindowPrediction":
                    int horizon = objective.Int("Horizon", 0);
                    plan.HeadType = objectives + "LinearDecoder";
                    plan.HeadNew = $"new {plan.HeadType}({plan.EncoderOutputDim}, new[] {{ InputChannels, Horizon }})";
                    plan.HeadComment = $"[FutureWindowPrediction] linear head to the next {Literal(horizon)} steps of every channel";
                    plan.ObjectiveComment = $"[FutureWindowPrediction] encode {Literal(plan.EncoderLength)} steps, predict the next {Literal(horizon)}, MSE";
                    plan.Horizon = horizon;
                    plan.SingleViewStep.Add($"var (context, future) = {objectives}FutureWindowSplit.Split(inputs.narrow(2, 0, EncoderLength + Horizon), Horizon);");
                    plan.SingleViewStep.Add($"{Tensor} loss = {objectives}FutureWindowLoss.Compute(Head.call(Encoder.call(context)), future);");
                    break;
                case "MaskedStreamReconstruction":
                    double ratio = objective.Number("MaskRatio", SslDefaults.StreamMaskRatio);
                    bool channels = objective.Bool("MaskChannels", false);
                    int span = objective.Int("SpanLength", SslDefaults.StreamSpanLength);
                    plan.HeadType = objectives + "LinearDecoder";
                    plan.HeadNew = $"new {plan.HeadType}({plan.EncoderOutputDim}, {InputShape(plan)})";
                    plan.HeadComment = "[MaskedStreamReconstruction] linear decoder from the embedding of the masked window to the whole window";
                    plan.ObjectiveType = objectives + "StreamMasking";
                    plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(ratio)}, maskChannels: {Literal(channels)}, spanLength: {Literal(span)})";
                    plan.ObjectiveComment = $"[MaskedStreamReconstruction] hide {Literal(ratio)}{(span > 0 ? $" as spans of {Literal(span)} steps" : "")}{(channels ? ", whole channels" : "")}; MSE on hidden entries";
                    plan.SingleViewStep.Add($"{Tensor} hidden = objective.Sample(inputs, Generator); // 1 where hidden");
                    plan.SingleViewStep.Add($"{Tensor} reconstruction = Head.call(Encoder.call({objectives}StreamMasking.Apply(inputs, hidden)));");
                    plan.SingleViewStep.Add($"{Tensor} loss = {objectives}MaskedReconstructionLoss.Compute(reconstruction, inputs, hidden);");
                    break;
                default:
                    throw new NotSupportedException($"objective [{objective.Name}] is not supported by this version of the generator");
            }
        }

        /// <summary>Per-sample input shape as a C# array expression.</summary>
        private static string InputShape(TrainerPlan plan) => plan.Kind switch
        {
            InputKind.Image => "new[] { InputChannels, InputHeight, InputWidth }",
            InputKind.Sequence => "new[] { InputChannels, InputLength }",
            _ => throw new NotSupportedException("token inputs cannot be reconstructed by a linear decoder"),
        };
    }
}
