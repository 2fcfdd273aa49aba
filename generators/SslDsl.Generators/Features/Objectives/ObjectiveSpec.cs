namespace SslDsl.Generators.Features
{
    /// <summary>The pretext objective, with defaults applied.</summary>
    internal abstract record ObjectiveSpec
    {
        /// <summary>The member of the runtime's <c>SslDsl.Distributed.RankReduction</c> that says how the loss combines across ranks.</summary>
        public abstract string RankReduction { get; }
    }

    /// <summary>Views → encoder → projector (→ predictor) → a loss between views (SimCLR, MoCo, BYOL, …).</summary>
    internal abstract record JointEmbeddingObjectiveSpec : ObjectiveSpec
    {
        /// <summary>Whether it regresses a prediction head onto projections or targets (BYOL, SimSiam, MoCo v3).</summary>
        public virtual bool NeedsPredictor => false;
    }

    /// <summary>One view → a pretext task with its own head (MAE, autoencoder, rotation, MLM, sensor tasks).</summary>
    internal abstract record SingleViewObjectiveSpec : ObjectiveSpec;
}
