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

    /// <summary>Number of augmented views drawn from each sample (2 for SimCLR, BYOL, …).</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ViewsAttribute : Attribute
    {
        public ViewsAttribute(int count) => Count = count;

        public int Count { get; }
    }
}
