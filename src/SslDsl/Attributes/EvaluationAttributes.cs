using System;

namespace SslDsl
{
    /// <summary>
    /// Linear probe: multinomial logistic regression on frozen, standardised encoder outputs, fitted by
    /// full-batch L-BFGS for at most Iterations iterations with L2 penalty WeightDecay; reports top-1 (and top-5 with
    /// more than 5 classes). With WeightDecaySweep the penalty is the best of WeightDecay × {1e-2, 1e-1, 1, 10, 100}
    /// on a stratified 10 % validation split of the training labels, refitted on all of them (see docs/evaluation.md).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class LinearProbeAttribute : Attribute
    {
        /// <summary>L-BFGS iterations at most (each a full pass over the training features).</summary>
        public int Iterations { get; set; } = SslDefaults.LinearProbeIterations;

        /// <summary>L2 penalty on the weights (not the bias); the centre of the sweep's grid with <see cref="WeightDecaySweep"/>.</summary>
        public double WeightDecay { get; set; } = SslDefaults.LinearProbeWeightDecay;

        /// <summary>Choose the penalty on a validation split instead of using WeightDecay as is (off by default: one fit).</summary>
        public bool WeightDecaySweep { get; set; } = SslDefaults.LinearProbeWeightDecaySweep;
    }

    /// <summary>
    /// Weighted kNN classifier on L2-normalised embeddings (Wu et al. 2018): the K nearest training samples vote
    /// with weight exp(cosine / Temperature). During Fit (with monitor data) every EveryEpochs epochs; with a Target
    /// top-1 in (0, 1] the run report gives the training seconds until kNN first reached it (0: no target).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class KnnMonitorAttribute : Attribute
    {
        public int K { get; set; } = SslDefaults.KnnK;
        public double Temperature { get; set; } = SslDefaults.KnnTemperature;
        public int EveryEpochs { get; set; } = SslDefaults.KnnEveryEpochs;
        public double Target { get; set; }
    }

    /// <summary>
    /// Supervised fine-tuning of the pretrained encoder with a new linear head: the head trains at LearningRate ×
    /// HeadLearningRateMultiplier (10), the pretrained encoder at LearningRate × BackboneLearningRateMultiplier (1),
    /// layer l of L scaled by LayerDecay^(L − l) when LayerDecay &lt; 1, with WarmupEpochs of linear warm-up then a
    /// cosine decay, cross-entropy with LabelSmoothing, for at most Epochs, stopping early when the validation loss has
    /// not improved for Patience epochs (the best weights are kept).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class FineTuneAttribute : Attribute
    {
        public double LearningRate { get; set; } = SslDefaults.FineTuneLearningRate;
        public double HeadLearningRateMultiplier { get; set; } = SslDefaults.FineTuneHeadMultiplier;
        public double BackboneLearningRateMultiplier { get; set; } = SslDefaults.FineTuneBackboneMultiplier;
        public int Epochs { get; set; } = SslDefaults.FineTuneEpochs;
        public int Patience { get; set; } = SslDefaults.FineTunePatience;

        /// <summary>Layer-wise learning-rate decay in (0, 1] (MAE/BEiT: 0.65–0.75); 1 = every encoder layer at the same rate.</summary>
        public double LayerDecay { get; set; } = SslDefaults.FineTuneLayerDecay;

        /// <summary>Epochs of linear learning-rate warm-up before the cosine decay; &gt;= 0 and below Epochs.</summary>
        public int WarmupEpochs { get; set; } = SslDefaults.FineTuneWarmupEpochs;

        /// <summary>Label smoothing of the training cross-entropy, in [0, 1) (validation uses the plain cross-entropy).</summary>
        public double LabelSmoothing { get; set; } = SslDefaults.FineTuneLabelSmoothing;
    }
}
