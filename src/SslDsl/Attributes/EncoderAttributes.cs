using System;

namespace SslDsl
{
    /// <summary>Base of the encoder declarations; exactly one per experiment.</summary>
    public abstract class EncoderAttribute : Attribute
    {
    }

    /// <summary>
    /// ResNet (He et al. 2016). Depth 18/34 use basic blocks, 50 bottlenecks. <see cref="SmallInputs"/> swaps the
    /// 7x7 stride-2 stem and max-pool for one 3x3 stride-1 convolution, as SimCLR does for CIFAR-size images.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ResNetAttribute : EncoderAttribute
    {
        public int Depth { get; set; } = SslDefaults.ResNetDepth;
        public bool SmallInputs { get; set; }
        public double WidthMultiplier { get; set; } = SslDefaults.ResNetWidthMultiplier;
    }

    /// <summary>
    /// A small CNN: per stage a 3x3 convolution, batch norm and ReLU, then 2x2 max-pool between stages, global
    /// average pooling at the end. The embedding size is the last width.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ConvNetAttribute : EncoderAttribute
    {
        public int[] Widths { get; set; } = (int[])SslDefaults.ConvNetWidths.Clone();
    }

    /// <summary>
    /// Vision Transformer (Dosovitskiy et al. 2021): PatchSize x PatchSize patches linearly embedded to Dim, a CLS
    /// token, fixed 2-D sine-cosine positions (MAE, MoCo v3), Depth pre-norm blocks with Heads heads; the embedding is
    /// the final CLS token. PatchSize must divide the image height and width. Defaults: ViT-Tiny (16, 192, 12, 3).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class VisionTransformerAttribute : EncoderAttribute
    {
        public int PatchSize { get; set; } = SslDefaults.VitPatchSize;
        public int Dim { get; set; } = SslDefaults.VitDim;
        public int Depth { get; set; } = SslDefaults.VitDepth;
        public int Heads { get; set; } = SslDefaults.VitHeads;
        public double MlpRatio { get; set; } = SslDefaults.VitMlpRatio;
    }

    /// <summary>
    /// Multilayer perceptron on the flattened input: per hidden width Linear, BatchNorm and ReLU. The embedding size
    /// is the last width. For tabular data, small images or short sensor windows.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class MlpAttribute : EncoderAttribute
    {
        public int[] Hidden { get; set; } = (int[])SslDefaults.MlpHidden.Clone();
    }

    /// <summary>
    /// Temporal convolutional network (Bai et al. 2018) for sensor windows: per width a residual block of two dilated
    /// causal 1-D convolutions (dilation doubling per level), averaged over time at the end.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class TemporalConvNetAttribute : EncoderAttribute
    {
        public int[] Widths { get; set; } = (int[])SslDefaults.TcnWidths.Clone();
        public int KernelSize { get; set; } = SslDefaults.TcnKernelSize;
    }

    /// <summary>
    /// Transformer encoder for tokens (token embedding, BERT) or sequences (each time step's channels projected):
    /// learned positions, Depth pre-norm blocks of width Dim with Heads heads; the embedding is the mean over time.
    /// AttentionWindow and GlobalTokens make the attention Longformer's (Beltagy et al. 2020) for long sequences.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class TransformerEncoderAttribute : EncoderAttribute
    {
        public int Dim { get; set; } = SslDefaults.TransformerDim;
        public int Depth { get; set; } = SslDefaults.TransformerDepth;
        public int Heads { get; set; } = SslDefaults.TransformerHeads;

        /// <summary>
        /// Sliding-window attention: each position attends to the AttentionWindow / 2 positions on each side (an even
        /// number; time grows as Length × AttentionWindow instead of Length², and no Length × Length scores are formed).
        /// 0, the default, is full attention.
        /// </summary>
        public int AttentionWindow { get; set; } = SslDefaults.TransformerAttentionWindow;

        /// <summary>With AttentionWindow: the first GlobalTokens positions (e.g. a [CLS] token) attend to and are attended by all positions.</summary>
        public int GlobalTokens { get; set; } = SslDefaults.TransformerGlobalTokens;
    }

    /// <summary>
    /// A user encoder: <c>typeof(T)</c> for a public, non-abstract <c>Module&lt;Tensor, Tensor&gt;</c> with a public
    /// parameterless constructor that maps a batch of inputs to <c>[B, OutputDim]</c> embeddings.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class CustomEncoderAttribute : EncoderAttribute
    {
        public CustomEncoderAttribute(Type type) => Type = type;

        /// <summary>The encoder module type.</summary>
        public Type Type { get; }

        /// <summary>Size of the embeddings the module returns (must be ≥ 1).</summary>
        public int OutputDim { get; set; }
    }
}
