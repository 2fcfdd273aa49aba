namespace SslDsl.Evaluation
{
    /// <summary>
    /// Hyperparameters of <see cref="FineTuner.Fit"/>. The encoder trains at <paramref name="LearningRate"/> ×
    /// <paramref name="BackboneMultiplier"/> (0 freezes it), the new linear head at <paramref name="LearningRate"/> ×
    /// <paramref name="HeadMultiplier"/>; both with AdamW (decoupled <paramref name="WeightDecay"/> on weights, not on
    /// biases or normalisation parameters) and a cosine decay over <paramref name="Epochs"/>. Training stops when the
    /// validation loss has not improved for <paramref name="Patience"/> epochs. Defaults are those of <c>[FineTune]</c>;
    /// <paramref name="BatchSize"/> 64 and <paramref name="WeightDecay"/> 0.05 (AdamW's default) have no attribute; a
    /// training set smaller than <paramref name="BatchSize"/> trains on one batch of all its samples.
    /// </summary>
    public sealed record FineTuneOptions(
        double LearningRate = SslDefaults.FineTuneLearningRate,
        double HeadMultiplier = SslDefaults.FineTuneHeadMultiplier,
        double BackboneMultiplier = SslDefaults.FineTuneBackboneMultiplier,
        int Epochs = SslDefaults.FineTuneEpochs,
        int Patience = SslDefaults.FineTunePatience,
        int BatchSize = 64,
        double WeightDecay = SslDefaults.AdamWWeightDecay)
    {
        /// <summary>Learning rate of the head at the first epoch: LearningRate × HeadMultiplier.</summary>
        public double HeadLearningRate => LearningRate * HeadMultiplier;

        /// <summary>Learning rate of the encoder at the first epoch: LearningRate × BackboneMultiplier (0: frozen).</summary>
        public double BackboneLearningRate => LearningRate * BackboneMultiplier;

        /// <summary>True when <see cref="BackboneMultiplier"/> is 0: the encoder runs in eval mode without gradients.</summary>
        public bool FreezesEncoder => BackboneMultiplier == 0;
    }
}
