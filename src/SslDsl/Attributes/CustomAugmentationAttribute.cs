using System;

namespace SslDsl
{
    /// <summary>
    /// Marks a user method of the experiment class as an augmentation step:
    /// <c>static Tensor Name(Tensor batch, Generator rng)</c>. It receives the views of the batch (stacked view-major,
    /// or only the views of <see cref="View"/>) and returns the augmented batch of the same shape.
    /// </summary>
    /// <remarks>
    /// <see cref="Order"/> places the step among the declared augmentations: the step runs after the first
    /// <c>Order</c> of them (0 = first; larger than their count = last); steps with equal Order run in source order.
    /// With <see cref="Probability"/> below 1 each sample keeps its input unless a per-sample draw selects it.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    public sealed class AugmentationAttribute : Attribute
    {
        /// <summary>How many declared augmentations run before this step.</summary>
        public int Order { get; set; }

        /// <summary>Probability that a sample gets this step, in [0, 1].</summary>
        public double Probability { get; set; } = 1.0;

        /// <summary>-1 applies to every view, otherwise only to that view index.</summary>
        public int View { get; set; } = -1;
    }
}
