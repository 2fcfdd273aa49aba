namespace SslDsl.Distributed
{
    /// <summary>
    /// How an objective's loss combines across the ranks of a data-parallel job; the generator declares it for each
    /// objective, so that a run on N ranks computes what one process would with the same global batch.
    /// </summary>
    public enum RankReduction
    {
        /// <summary>Not declared (a hand-written trainer): data parallel is refused.</summary>
        Undeclared,

        /// <summary>
        /// The loss is a mean of per-sample terms with the same weight in every sample (autoencoder, rotation,
        /// future-window, MAE with its fixed masking ratio, BYOL and SimSiam pairs): averaging the ranks' gradients is
        /// exact. BatchNorm statistics stay per rank unless SyncBatchNorm is on.
        /// </summary>
        AverageGradients,

        /// <summary>
        /// A mean over masked elements whose count varies per batch (MLM, masked streams): each rank divides its sum by
        /// the global count over the ranks (one all-reduce of a number), so the ranks' mean is the global batch's.
        /// </summary>
        MaskedElementMean,

        /// <summary>
        /// Each anchor's loss compares it with every sample of the batch (SimCLR): the objective gathers the embeddings of
        /// all ranks with <see cref="DistributedAutograd.AllGather"/> and averages over its own anchors.
        /// </summary>
        GatherEmbeddings,

        /// <summary>Queries against the momentum encoder's keys of the whole batch (MoCo v3): needs the gathered keys.</summary>
        GatherKeys,

        /// <summary>The loss is a function of batch statistics (Barlow Twins' cross-correlation, VICReg's covariance): needs them over the global batch.</summary>
        GlobalStatistics,

        /// <summary>Negatives from a queue of past keys (MoCo v2): the queue must take the global batch's keys.</summary>
        GlobalQueue,
    }
}
