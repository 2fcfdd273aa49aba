using System;

namespace SslDsl
{
    /// <summary>Base of the pretext objectives; exactly one per experiment.</summary>
    public abstract class ObjectiveAttribute : Attribute
    {
    }

    /// <summary>Base of objectives that compare views of one sample and so need at least two views.</summary>
    public abstract class MultiViewObjectiveAttribute : ObjectiveAttribute
    {
    }

    /// <summary>
    /// SimCLR's NT-Xent loss (Chen et al. 2020, eq. 1): each of the 2N projected views is classified against
    /// its positive among the 2N-1 others by cosine similarity / Temperature (default 0.5).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SimClrAttribute : MultiViewObjectiveAttribute
    {
        public double Temperature { get; set; } = SslDefaults.SimClrTemperature;
    }

    /// <summary>
    /// MoCo (He et al. 2020; v2: Chen et al. 2020; v3: Chen, Xie &amp; He 2021). A momentum encoder makes the keys.
    /// Version 2: a queue of QueueSize past keys are the negatives (InfoNCE at Temperature, default 0.2; queue
    /// 65536, momentum 0.999). Version 3: no queue, in-batch negatives, a predictor on the query side, loss × 2τ.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class MoCoAttribute : MultiViewObjectiveAttribute
    {
        public int Version { get; set; } = SslDefaults.MoCoVersion;
        public int QueueSize { get; set; } = SslDefaults.MoCoQueueSize;
        public double Momentum { get; set; } = SslDefaults.MoCoMomentum;
        public double Temperature { get; set; } = SslDefaults.MoCoTemperature;
    }

    /// <summary>
    /// BYOL (Grill et al. 2020): the online network's prediction regresses the target network's projection of the
    /// other view (normalised MSE, symmetric). The target is an EMA of the online network whose momentum follows a
    /// cosine from MomentumStart (0.996) to MomentumEnd (1) over the optimizer steps. Needs <see cref="PredictorAttribute"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ByolAttribute : MultiViewObjectiveAttribute
    {
        public double MomentumStart { get; set; } = SslDefaults.ByolMomentumStart;
        public double MomentumEnd { get; set; } = SslDefaults.ByolMomentumEnd;
    }

    /// <summary>SimSiam (Chen &amp; He 2021): negative cosine between one view's prediction and the other's stop-gradient projection. Needs <see cref="PredictorAttribute"/>.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SimSiamAttribute : MultiViewObjectiveAttribute
    {
    }

    /// <summary>Barlow Twins (Zbontar et al. 2021): cross-correlation of batch-standardised projections towards identity; Lambda (0.0051) weighs the off-diagonal.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class BarlowTwinsAttribute : MultiViewObjectiveAttribute
    {
        public double Lambda { get; set; } = SslDefaults.BarlowTwinsLambda;
    }

    /// <summary>VICReg (Bardes et al. 2022): invariance (MSE), variance (hinge on the std at 1) and covariance terms, weighted 25 / 25 / 1.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class VicregAttribute : MultiViewObjectiveAttribute
    {
        public double Invariance { get; set; } = SslDefaults.VicregInvariance;
        public double Variance { get; set; } = SslDefaults.VicregVariance;
        public double Covariance { get; set; } = SslDefaults.VicregCovariance;
    }
}
