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
    /// with weight exp(cosine / Temperature).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class KnnMonitorAttribute : Attribute
    {
        public int K { get; set; } = SslDefaults.KnnK;
        public double Temperature { get; set; } = SslDefaults.KnnTemperature;
        public int EveryEpochs { get; set; } = SslDefaults.KnnEveryEpochs;
    }
}
