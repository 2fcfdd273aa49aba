using System;

namespace SslDsl
{
    /// <summary>
    /// Marks a <c>partial</c> class as a self-supervised experiment. The SslDsl generator emits a
    /// <c>Trainer</c> nested type and a <c>CreateTrainer</c> factory for it from the other attributes.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SslExperimentAttribute : Attribute
    {
    }

    /// <summary>Base of the input declarations (<see cref="ImageInputAttribute"/>, …); exactly one per experiment.</summary>
    public abstract class InputAttribute : Attribute
    {
    }

    /// <summary>Images <c>[B, Channels, Height, Width]</c> with values in [0, 1] (bytes are scaled by 1/255).</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ImageInputAttribute : InputAttribute
    {
        public int Channels { get; set; } = 3;
        public int Height { get; set; }
        public int Width { get; set; }
    }

    /// <summary>
    /// Multichannel windows (industrial sensors, wearables) <c>[B, Channels, Length]</c> of floats, e.g. standardised
    /// per channel. Sensor augmentations and the sequence encoders and objectives apply.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SequenceInputAttribute : InputAttribute
    {
        public int Channels { get; set; } = 1;
        public int Length { get; set; }
    }

    /// <summary>Token ids <c>[B, Length]</c> (int64) from a vocabulary of VocabSize ids, for text (masked language modelling).</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class TokenInputAttribute : InputAttribute
    {
        public int VocabSize { get; set; }
        public int Length { get; set; }
    }

    /// <summary>Number of augmented views drawn from each sample (2 for SimCLR, BYOL, …).</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ViewsAttribute : Attribute
    {
        public ViewsAttribute(int count) => Count = count;

        public int Count { get; }
    }

    /// <summary>
    /// Multi-crop views (SwAV, Caron et al. 2020): GlobalCount crops of GlobalSize (area scale [GlobalMinScale, 1]) and
    /// LocalCount crops of LocalSize (area scale [LocalMinScale, GlobalMinScale]), replacing [Views] and
    /// [RandomResizedCrop]. The other augmentations apply to every crop. Sizes 0: the input size, and 3/7 of it
    /// (SwAV's 96 of 224). The objective compares every view with every global view.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class MultiCropAttribute : Attribute
    {
        public int GlobalCount { get; set; } = SslDefaults.MultiCropGlobalCount;
        public int GlobalSize { get; set; }
        public int LocalCount { get; set; } = SslDefaults.MultiCropLocalCount;
        public int LocalSize { get; set; }
        public double GlobalMinScale { get; set; } = SslDefaults.MultiCropGlobalMinScale;
        public double LocalMinScale { get; set; } = SslDefaults.MultiCropLocalMinScale;
    }
}
