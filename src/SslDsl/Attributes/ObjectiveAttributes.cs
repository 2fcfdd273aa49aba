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
}
