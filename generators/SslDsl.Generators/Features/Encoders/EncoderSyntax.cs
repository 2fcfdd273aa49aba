using System;
using System.Linq;
using SslDsl.Generators.Emit;
using SslDsl.Generators.Model;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    /// <summary>The encoder's runtime type and construction for the experiment's input.</summary>
    internal static class EncoderSyntax
    {
        public static void Plan(EncoderSpec encoder, TrainerPlan plan)
        {
            switch (encoder)
            {
                case ConvNetSpec s:
                    plan.EncoderType = Encoders + "ConvNetEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(plan.Channels)}, {IntArray(s.Widths)})";
                    plan.EncoderComment = $"[ConvNet] widths {string.Join("-", s.Widths.Select(Literal))}";
                    break;
                case ResNetSpec s:
                    plan.EncoderType = Encoders + "ResNetEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(plan.Channels)}, depth: {Literal(s.Depth)}, smallInputs: {Literal(s.SmallInputs)}, widthMultiplier: {Literal(s.WidthMultiplier)})";
                    plan.EncoderComment = $"[ResNet] ResNet-{Literal(s.Depth)}{(s.SmallInputs ? ", small-input stem" : "")}, width x{Literal(s.WidthMultiplier)}";
                    break;
                case VisionTransformerSpec s:
                    plan.EncoderType = Encoders + "VisionTransformerEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(plan.Channels)}, {Literal(plan.Height)}, {Literal(plan.Width)}, patchSize: {Literal(s.PatchSize)}, dim: {Literal(s.Dim)}, depth: {Literal(s.Depth)}, heads: {Literal(s.Heads)}, mlpRatio: {Literal(s.MlpRatio)})";
                    plan.EncoderComment = $"[VisionTransformer] patch {Literal(s.PatchSize)}, width {Literal(s.Dim)}, {Literal(s.Depth)} blocks, {Literal(s.Heads)} heads";
                    break;
                case MlpSpec s:
                    int inputs = plan.Kind == InputKind.Image ? plan.Channels * plan.Height * plan.Width : plan.Channels * plan.EncoderLength;
                    plan.EncoderType = Encoders + "MlpEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(inputs)}, {IntArray(s.Hidden)})";
                    plan.EncoderComment = $"[Mlp] {Literal(inputs)} inputs, hidden {string.Join("-", s.Hidden.Select(Literal))}";
                    break;
                case TemporalConvNetSpec s:
                    plan.EncoderType = Encoders + "TemporalConvNetEncoder";
                    plan.EncoderNew = $"new {plan.EncoderType}({Literal(plan.Channels)}, {IntArray(s.Widths)}, kernelSize: {Literal(s.KernelSize)})";
                    plan.EncoderComment = $"[TemporalConvNet] widths {string.Join("-", s.Widths.Select(Literal))}, kernel {Literal(s.KernelSize)}";
                    break;
                case TransformerEncoderSpec s:
                    plan.EncoderType = Encoders + "TransformerSequenceEncoder";
                    plan.EncoderNew = plan.Kind == InputKind.Token
                        ? $"{plan.EncoderType}.ForTokens({Literal(plan.VocabSize)}, {Literal(plan.Length)}, dim: {Literal(s.Dim)}, depth: {Literal(s.Depth)}, heads: {Literal(s.Heads)}{WindowArguments(s)})"
                        : $"{plan.EncoderType}.ForChannels({Literal(plan.Channels)}, {Literal(plan.EncoderLength)}, dim: {Literal(s.Dim)}, depth: {Literal(s.Depth)}, heads: {Literal(s.Heads)}{WindowArguments(s)})";
                    plan.EncoderComment = $"[TransformerEncoder] {(plan.Kind == InputKind.Token ? "tokens" : "channels")}, width {Literal(s.Dim)}, {Literal(s.Depth)} blocks, {Literal(s.Heads)} heads{WindowComment(s)}";
                    break;
                case CustomEncoderSpec s:
                    if (s.Type.Length == 0)
                    {
                        throw new InvalidOperationException("[CustomEncoder] needs typeof(T)");
                    }

                    plan.EncoderType = s.Type;
                    plan.EncoderNew = $"new {s.Type}()";
                    plan.EncoderOutputDim = "EncoderOutputDim";
                    plan.EncoderComment = $"[CustomEncoder] {s.Type.Replace("global::", "")}, {Literal(s.OutputDim)}-d embeddings";
                    plan.CustomEncoderOutputDim = s.OutputDim;
                    break;
                default:
                    throw new NotSupportedException($"encoder {encoder.GetType().Name} is not supported by this version of the generator");
            }
        }

        private static string IntArray(EquatableArray<int> values) => $"new[] {{ {string.Join(", ", values.Select(Literal))} }}";

        /// <summary>The sliding-window arguments, written only when a window is set: full attention reads as before.</summary>
        private static string WindowArguments(TransformerEncoderSpec s) =>
            s.IsWindowed ? $", attentionWindow: {Literal(s.AttentionWindow)}, globalTokens: {Literal(s.GlobalTokens)}" : "";

        /// <summary>The window in the encoder's doc comment, e.g. ", Longformer attention window 256 (±128), 1 global token".</summary>
        private static string WindowComment(TransformerEncoderSpec s) =>
            !s.IsWindowed ? ""
            : $", Longformer attention window {Literal(s.AttentionWindow)} (±{Literal(s.AttentionWindow / 2)}){(s.GlobalTokens == 0 ? "" : $", {Literal(s.GlobalTokens)} global token{(s.GlobalTokens == 1 ? "" : "s")}")}";
    }
}
