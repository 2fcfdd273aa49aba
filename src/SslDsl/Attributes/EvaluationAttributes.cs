using System;

namespace SslDsl
{
    /// <summary>
    /// Linear probe: multinomial logistic regression on frozen, standardised encoder outputs, fitted by
    /// full-batch L-BFGS for at most Epochs iterations with L2 penalty WeightDecay; reports top-1.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class LinearProbeAttribute : Attribute
    {
        public int Epochs { get; set; } = SslDefaults.LinearProbeEpochs;
        public double WeightDecay { get; set; } = SslDefaults.LinearProbeWeightDecay;
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
    /// for at most Epochs, stopping early when the validation loss has not improved for Patience epochs (the best
    /// weights are kept).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class FineTuneAttribute : Attribute
    {
        public double LearningRate { get; set; } = SslDefaults.FineTuneLearningRate;
        public double HeadLearningRateMultiplier { get; set; } = SslDefaults.FineTuneHeadMultiplier;
        public double BackboneLearningRateMultiplier { get; set; } = SslDefaults.FineTuneBackboneMultiplier;
        public int Epochs { get; set; } = SslDefaults.FineTuneEpochs;
        public int Patience { get; set; } = SslDefaults.FineTunePatience;
    }
}
