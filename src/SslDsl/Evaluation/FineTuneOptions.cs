namespace SslDsl.Evaluation
{
    /// <summary>
    /// Hyperparameters of <see cref="FineTuner.Fit"/>. The new linear head trains at <paramref name="LearningRate"/> ×
    /// <paramref name="HeadMultiplier"/>; the encoder at <paramref name="LearningRate"/> × <paramref name="BackboneMultiplier"/>
    /// (0 freezes it), and with <paramref name="LayerDecay"/> &lt; 1 its layer l of L at that × LayerDecay^(L − l)
    /// (<see cref="EncoderLayerMap"/>). All groups use AdamW (decoupled <paramref name="WeightDecay"/> on weights, not
    /// on biases or normalisation parameters) and one schedule per optimizer step: linear warm-up over
    /// <paramref name="WarmupEpochs"/>, then a half-cosine to 0 at the end of <paramref name="Epochs"/>. The training
    /// loss is cross-entropy with <paramref name="LabelSmoothing"/>. Training stops when the validation loss has not
    /// improved for <paramref name="Patience"/> epochs. Defaults are those of <c>[FineTune]</c>;
    /// <paramref name="BatchSize"/> 64 and <paramref name="WeightDecay"/> 0.05 (AdamW's default) have no attribute; a
    /// training set smaller than <paramref name="BatchSize"/> trains on one batch of all its samples.
    /// </summary>
    /// <param name="LearningRate">Base learning rate, &gt; 0.</param>
    /// <param name="HeadMultiplier">The head's rate over the base, &gt; 0.</param>
    /// <param name="BackboneMultiplier">The encoder's rate over the base, &gt;= 0 (0 freezes the encoder).</param>
    /// <param name="Epochs">Epochs at most, &gt;= 1.</param>
    /// <param name="Patience">Epochs without a lower validation loss before stopping, &gt;= 1.</param>
    /// <param name="BatchSize">Mini-batch size, &gt;= 1.</param>
    /// <param name="WeightDecay">AdamW's decoupled weight decay, &gt;= 0.</param>
    /// <param name="LayerDecay">Layer-wise learning-rate decay in (0, 1]; 1 (the default) trains the whole encoder at one rate. MAE/BEiT fine-tune ViTs with 0.65–0.75.</param>
    /// <param name="WarmupEpochs">Epochs of linear warm-up (per step, from LR/warm-up steps up to LR), &gt;= 0 and below <paramref name="Epochs"/>.</param>
    /// <param name="LabelSmoothing">Label smoothing ε in [0, 1) of the training cross-entropy (targets (1 − ε)·one-hot + ε/C); validation is scored without it.</param>
    public sealed record FineTuneOptions(
        double LearningRate = SslDefaults.FineTuneLearningRate,
        double HeadMultiplier = SslDefaults.FineTuneHeadMultiplier,
        double BackboneMultiplier = SslDefaults.FineTuneBackboneMultiplier,
        int Epochs = SslDefaults.FineTuneEpochs,
        int Patience = SslDefaults.FineTunePatience,
        int BatchSize = 64,
        double WeightDecay = SslDefaults.AdamWWeightDecay,
        double LayerDecay = SslDefaults.FineTuneLayerDecay,
        int WarmupEpochs = SslDefaults.FineTuneWarmupEpochs,
        double LabelSmoothing = SslDefaults.FineTuneLabelSmoothing)
    {
        /// <summary>Peak learning rate of the head: LearningRate × HeadMultiplier.</summary>
        public double HeadLearningRate => LearningRate * HeadMultiplier;

        /// <summary>Peak learning rate of the encoder (of its top layer under layer decay): LearningRate × BackboneMultiplier (0: frozen).</summary>
        public double BackboneLearningRate => LearningRate * BackboneMultiplier;

        /// <summary>True when <see cref="BackboneMultiplier"/> is 0: the encoder runs in eval mode without gradients.</summary>
        public bool FreezesEncoder => BackboneMultiplier == 0;
    }
}
