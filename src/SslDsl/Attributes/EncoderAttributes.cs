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
}
