using System;

namespace SslDsl
{
    /// <summary>Base of the optimizers; at most one per experiment (LARS by default).</summary>
    public abstract class OptimizerAttribute : Attribute
    {
    }

    /// <summary>SGD with momentum; no weight decay on biases and normalisation parameters.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SgdAttribute : OptimizerAttribute
    {
        public double LearningRate { get; set; } = SslDefaults.SgdLearningRate;
        public double Momentum { get; set; } = SslDefaults.SgdMomentum;
        public double WeightDecay { get; set; } = SslDefaults.SgdWeightDecay;
    }

    /// <summary>
    /// LARS (You et al. 2017) as in SimCLR: SGD with momentum whose per-layer step is scaled by
    /// TrustCoefficient·‖w‖/‖∇w + λw‖; biases and normalisation parameters get neither adaptation nor decay.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class LarsAttribute : OptimizerAttribute
    {
        public double LearningRate { get; set; } = SslDefaults.LarsLearningRate;
        public double Momentum { get; set; } = SslDefaults.LarsMomentum;
        public double WeightDecay { get; set; } = SslDefaults.LarsWeightDecay;
        public double TrustCoefficient { get; set; } = SslDefaults.LarsTrustCoefficient;
    }

    /// <summary>AdamW (Loshchilov &amp; Hutter 2019); no weight decay on biases and normalisation parameters.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class AdamWAttribute : OptimizerAttribute
    {
        public double LearningRate { get; set; } = SslDefaults.AdamWLearningRate;
        public double WeightDecay { get; set; } = SslDefaults.AdamWWeightDecay;
        public double Beta1 { get; set; } = SslDefaults.AdamWBeta1;
        public double Beta2 { get; set; } = SslDefaults.AdamWBeta2;
    }

    /// <summary>
    /// Linear warm-up for WarmupSteps optimizer steps when set (&gt; 0), else for WarmupEpochs, then cosine decay to
    /// FinalLearningRate, stepped per optimizer step. Under a time budget (<c>Fit(timeBudget: …)</c>, which re-plans the
    /// run to the optimizer steps it affords) the warm-up takes at most half of the planned steps, so the rest still decays.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class WarmupCosineAttribute : Attribute
    {
        public int WarmupEpochs { get; set; } = SslDefaults.WarmupEpochs;

        /// <summary>Warm-up in optimizer steps; when &gt; 0 it replaces WarmupEpochs (warm-up in whole epochs is coarse when an epoch is long and the run is a few epochs).</summary>
        public int WarmupSteps { get; set; } = SslDefaults.WarmupSteps;
        public double FinalLearningRate { get; set; } = SslDefaults.FinalLearningRate;
    }

    /// <summary>
    /// Numeric precision of the networks in the training step. BFloat16 and Float16 are mixed precision through
    /// libtorch's autocast: convolutions, linear layers and matrix products run in the low precision; augmentations,
    /// normalisation statistics, the loss, master weights and optimizer state stay float32. Float16 adds dynamic loss
    /// scaling. Where the device emulates the low precision (e.g. Float16 on most CPUs), Fit warns: it runs, slower.
    /// </summary>
    public enum Precision
    {
        Float32 = 0,
        BFloat16 = 1,
        Float16 = 2,
    }

    /// <summary>Batch size, epochs, precision, gradient accumulation and seed of pretraining.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class TrainingAttribute : Attribute
    {
        public int BatchSize { get; set; } = SslDefaults.BatchSize;
        public int Epochs { get; set; } = SslDefaults.Epochs;
        public Precision Precision { get; set; } = Precision.Float32;
        public int AccumulationSteps { get; set; } = SslDefaults.AccumulationSteps;
        public int Seed { get; set; } = SslDefaults.Seed;

        /// <summary>Batches per loss-curve point: the loss is summed on the device and read once per window.</summary>
        public int LogEverySteps { get; set; } = SslDefaults.LogEverySteps;
    }
}
