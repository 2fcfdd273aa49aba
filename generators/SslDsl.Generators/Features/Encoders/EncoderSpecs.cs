using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>The backbone: one record per encoder attribute, with defaults applied.</summary>
    internal abstract record EncoderSpec;

    internal sealed record ResNetSpec(int Depth, bool SmallInputs, double WidthMultiplier) : EncoderSpec
    {
        public static ResNetSpec Resolve(AttributeModel a) =>
            new(a.Int("Depth", SslDefaults.ResNetDepth), a.Bool("SmallInputs", false), a.Number("WidthMultiplier", SslDefaults.ResNetWidthMultiplier));
    }

    internal sealed record ConvNetSpec(EquatableArray<int> Widths) : EncoderSpec
    {
        public static ConvNetSpec Resolve(AttributeModel a) => new(new EquatableArray<int>(a.Ints("Widths", SslDefaults.ConvNetWidths)));
    }

    internal sealed record VisionTransformerSpec(int PatchSize, int Dim, int Depth, int Heads, double MlpRatio) : EncoderSpec
    {
        public static VisionTransformerSpec Resolve(AttributeModel a) => new(
            a.Int("PatchSize", SslDefaults.VitPatchSize), a.Int("Dim", SslDefaults.VitDim), a.Int("Depth", SslDefaults.VitDepth),
            a.Int("Heads", SslDefaults.VitHeads), a.Number("MlpRatio", SslDefaults.VitMlpRatio));
    }

    internal sealed record MlpSpec(EquatableArray<int> Hidden) : EncoderSpec
    {
        public static MlpSpec Resolve(AttributeModel a) => new(new EquatableArray<int>(a.Ints("Hidden", SslDefaults.MlpHidden)));
    }

    internal sealed record TemporalConvNetSpec(EquatableArray<int> Widths, int KernelSize) : EncoderSpec
    {
        public static TemporalConvNetSpec Resolve(AttributeModel a) =>
            new(new EquatableArray<int>(a.Ints("Widths", SslDefaults.TcnWidths)), a.Int("KernelSize", SslDefaults.TcnKernelSize));
    }

    /// <param name="AttentionWindow">Longformer's window W (W/2 positions on each side); 0 = full attention.</param>
    /// <param name="GlobalTokens">Leading positions with global attention (only with a window).</param>
    internal sealed record TransformerEncoderSpec(int Dim, int Depth, int Heads, int AttentionWindow, int GlobalTokens) : EncoderSpec
    {
        public static TransformerEncoderSpec Resolve(AttributeModel a) => new(
            a.Int("Dim", SslDefaults.TransformerDim), a.Int("Depth", SslDefaults.TransformerDepth), a.Int("Heads", SslDefaults.TransformerHeads),
            a.Int("AttentionWindow", SslDefaults.TransformerAttentionWindow), a.Int("GlobalTokens", SslDefaults.TransformerGlobalTokens));

        /// <summary>Whether the blocks attend in a sliding window rather than to the whole sequence.</summary>
        public bool IsWindowed => AttentionWindow != 0;
    }

    /// <param name="Type">The user's module type, fully qualified with <c>global::</c>; empty when not written (SSL0016 reports it).</param>
    internal sealed record CustomEncoderSpec(string Type, int OutputDim) : EncoderSpec
    {
        public static CustomEncoderSpec Resolve(AttributeModel a) => new(a.Text("Type", ""), a.Int("OutputDim", 0));
    }
}
