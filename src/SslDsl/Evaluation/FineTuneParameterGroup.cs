using System.Collections.Generic;
using System.Linq;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// One AdamW parameter group of <see cref="FineTuner.Fit"/>: its parameters (named <c>head.*</c> or
    /// <c>encoder.*</c>, as <c>named_parameters()</c> gives them) and its peak learning rate, which the warm-up and
    /// cosine schedule scale per step. Weight decay applies to its weights, not to its biases or normalisation
    /// parameters (1-D tensors).
    /// </summary>
    /// <param name="Name"><c>head</c>, <c>encoder</c> (one group for the whole encoder), or <c>encoder layer {l}</c>.</param>
    /// <param name="Layer">The encoder layer l (0…L, see <see cref="EncoderLayerMap"/>) with layer decay; null for the head and a whole-encoder group.</param>
    /// <param name="LearningRate">Peak rate: LearningRate × HeadMultiplier for the head, LearningRate × BackboneMultiplier × LayerDecay^(L − l) for layer l.</param>
    /// <param name="Parameters">Names of its parameters.</param>
    public sealed record FineTuneParameterGroup(string Name, int? Layer, double LearningRate, IReadOnlyList<string> Parameters)
    {
        /// <inheritdoc />
        public bool Equals(FineTuneParameterGroup? other) =>
            other is not null && Name == other.Name && Layer == other.Layer && LearningRate.Equals(other.LearningRate) && Parameters.SequenceEqual(other.Parameters);

        /// <inheritdoc />
        public override int GetHashCode() => System.HashCode.Combine(Name, Layer, LearningRate, Parameters.Count);
    }
}
