using System;
using System.Linq;
using SslDsl.Generators.Model;
using static SslDsl.Generators.Emit.CodeWriter;

namespace SslDsl.Generators.Emit
{
    internal static partial class TrainerEmitter
    {
        /// <summary>The encoder's runtime type and construction for the experiment's input.</summary>
        private static void PlanEncoder(AttributeModel encoder, TrainerPlan plan)
        {
            string encoders = Runtime + ".Encoders.";
            switch (encoder.Name)
            {
                case "ConvNet":
                    int[] widths = encoder.Ints("Widths", SslDefaults.ConvNetWidths);
                    plan.EncoderType = encoders + "ConvNetEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(plan.Channels)}, {IntArray(widths)})";
                    plan.EncoderComment = $"[ConvNet] widths {string.Join("-", widths.Select(Literal))}";
                    break;
                case "ResNet":
                    int depth = encoder.Int("Depth", SslDefaults.ResNetDepth);
                    bool small = encoder.Bool("SmallInputs", false);
                    double width = encoder.Number("WidthMultiplier", SslDefaults.ResNetWidthMultiplier);
                    plan.EncoderType = encoders + "ResNetEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(plan.Channels)}, depth: {Literal(depth)}, smallInputs: {Literal(small)}, widthMultiplier: {Literal(width)})";
                    plan.EncoderComment = $"[ResNet] ResNet-{Literal(depth)}{(small ? ", small-input stem" : "")}, width x{Literal(width)}";
                    break;
                case "VisionTransformer":
                    int patch = encoder.Int("PatchSize", SslDefaults.VitPatchSize);
                    int dim = encoder.Int("Dim", SslDefaults.VitDim);
                    int vitDepth = encoder.Int("Depth", SslDefaults.VitDepth);
                    int heads = encoder.Int("Heads", SslDefaults.VitHeads);
                    double ratio = encoder.Number("MlpRatio", SslDefaults.VitMlpRatio);
                    plan.EncoderType = encoders + "VisionTransformerEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(plan.Channels)}, {Literal(plan.Height)}, {Literal(plan.Width)}, patchSize: {Literal(patch)}, dim: {Literal(dim)}, depth: {Literal(vitDepth)}, heads: {Literal(heads)}, mlpRatio: {Literal(ratio)})";
                    plan.EncoderComment = $"[VisionTransformer] patch {Literal(patch)}, width {Literal(dim)}, {Literal(vitDepth)} blocks, {Literal(heads)} heads";
                    break;
                case "Mlp":
                    int[] hidden = encoder.Ints("Hidden", SslDefaults.MlpHidden);
                    int inputs = plan.Kind == InputKind.Image ? plan.Channels * plan.Height * plan.Width : plan.Channels * plan.EncoderLength;
                    plan.EncoderType = encoders + "MlpEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(inputs)}, {IntArray(hidden)})";
                    plan.EncoderComment = $"[Mlp] {Literal(inputs)} inputs, hidden {string.Join("-", hidden.Select(Literal))}";
                    break;
                case "TemporalConvNet":
                    int[] levels = encoder.Ints("Widths", SslDefaults.TcnWidths);
                    int kernel = encoder.Int("KernelSize", SslDefaults.TcnKernelSize);
                    plan.EncoderType = encoders + "TemporalConvNetEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(plan.Channels)}, {IntArray(levels)}, kernelSize: {Literal(kernel)})";
                    plan.EncoderComment = $"[TemporalConvNet] widths {string.Join("-", levels.Select(Literal))}, kernel {Literal(kernel)}";
                    break;
                case "TransformerEncoder":
                    int tDim = encoder.Int("Dim", SslDefaults.TransformerDim);
                    int tDepth = encoder.Int("Depth", SslDefaults.TransformerDepth);
                    int tHeads = encoder.Int("Heads", SslDefaults.TransformerHeads);
                    plan.EncoderType = encoders + "TransformerSequenceEncoder";
                    plan.EncoderNew = plan.Kind == InputKind.Token
                        ? $"{plan.EncoderType}.ForTokens({Literal(plan.VocabSize)}, {Literal(plan.Length)}, dim: {Literal(tDim)}, depth: {Literal(tDepth)}, heads: {Literal(tHeads)})"
                        : $"{plan.EncoderType}.ForChannels({Literal(plan.Channels)}, {Literal(plan.EncoderLength)}, dim: {Literal(tDim)}, depth: {Literal(tDepth)}, heads: {Literal(tHeads)})";
                    plan.EncoderComment = $"[TransformerEncoder] {(plan.Kind == InputKind.Token ? "tokens" : "channels")}, width {Literal(tDim)}, {Literal(tDepth)} blocks, {Literal(tHeads)} heads";
                    break;
                case "CustomEncoder":
                    string type = encoder.Argument("Type")?.Value.Text ?? throw new InvalidOperationException("[CustomEncoder] needs typeof(T)");
                    int outputDim = encoder.Int("OutputDim", 0);
                    plan.EncoderType = type;
                    plan.EncoderNew = $"new {type}()";
                    plan.EncoderOutputDim = "EncoderOutputDim";
                    plan.EncoderComment = $"[CustomEncoder] {type.Replace("global::", "")}, {Literal(outputDim)}-d embeddings";
                    plan.CustomEncoderOutputDim = outputDim;
                    break;
                default:
                    throw new NotSupportedException($"encoder [{encoder.Name}] is not supported by this version of the generator");
            }
        }

        private static void PlanMultiCrop(ExperimentModel model, TrainerPlan plan)
        {
            if (Modality.MultiCrop(model) is not { } crop || model.Named("MultiCrop") is not { } attribute)
            {
                return;
            }

            plan.MultiCrop = new MultiCropPlan(
                crop.GlobalCount,
                crop.GlobalSize,
                crop.LocalCount,
                crop.LocalSize,
                attribute.Number("GlobalMinScale", SslDefaults.MultiCropGlobalMinScale),
                attribute.Number("LocalMinScale", SslDefaults.MultiCropLocalMinScale));
        }

        private static string IntArray(int[] values) => $"new[] {{ {string.Join(", ", values.Select(Literal))} }}";
    }
}
