using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>Runs a user <c>[Augmentation]</c> method's result through the same checks and per-sample probability as the built-in steps.</summary>
    public static class UserAugmentation
    {
        /// <summary>
        /// Checks that <paramref name="augmented"/> (the method's output) has the shape and dtype of
        /// <paramref name="batch"/>, then keeps it for a Bernoulli(<paramref name="probability"/>) subset of the samples
        /// and <paramref name="batch"/> for the rest (all of it when the probability is 1, nothing drawn).
        /// </summary>
        public static Tensor Select(Tensor batch, Tensor augmented, double probability, Generator generator, string method)
        {
            if (!augmented.shape.AsSpan().SequenceEqual(batch.shape) || augmented.dtype != batch.dtype)
            {
                throw new InvalidOperationException(
                    $"[Augmentation] method {method} must return a tensor of the batch's shape [{string.Join(", ", batch.shape)}] and dtype {batch.dtype}, "
                    + $"but returned [{string.Join(", ", augmented.shape)}] {augmented.dtype}");
            }

            if (probability >= 1.0)
            {
                return augmented;
            }

            using var scope = NewDisposeScope();
            long[] perSample = new long[batch.dim()];
            Array.Fill(perSample, 1L);
            perSample[0] = batch.shape[0];
            Tensor chosen = SampleDraws.Uniform(new[] { batch.shape[0] }, generator, batch.device).lt(probability).view(perSample);
            return where(chosen, augmented, batch).MoveToOuterDisposeScope();
        }
    }
}
