using System;

namespace SslDsl
{
    /// <summary>
    /// Label-free health during Fit (on by default, at every epoch end; this attribute tunes it): RankMe and the
    /// per-dimension spread of the encoder's representations of Samples training rows, and for joint-embedding
    /// objectives the alignment and uniformity of their projections; also every EverySteps optimizer steps when
    /// EverySteps &gt; 0. Fit warns once when they look like a collapse.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class HealthMonitorAttribute : Attribute
    {
        public int EverySteps { get; set; }
        public int Samples { get; set; } = SslDefaults.HealthSamples;
    }

    /// <summary>
    /// Online linear probe: when Fit is given labels for some training rows (<c>OnlineProbeData</c>), a linear classifier
    /// learns from the step's detached encoder features by AdamW (LearningRate, decoupled WeightDecay) and reports its
    /// held-out top-1 at every epoch end. Labels never reach the pretraining loss.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class OnlineProbeAttribute : Attribute
    {
        public double LearningRate { get; set; } = SslDefaults.OnlineProbeLearningRate;
        public double WeightDecay { get; set; }
    }
}
