using System;

namespace SslDsl
{
    /// <summary>
    /// Data-parallel pretraining on Open MPI: started by <c>mpirun -np N</c> (or a PMIx launcher), the generated trainer
    /// trains on N ranks what one process trains with the same global <c>[Training] BatchSize</c>; started alone, it
    /// trains as one process and says so. Each objective declares how its loss combines across ranks, so every objective
    /// trains what one process would. See docs/distributed.md.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class DataParallelAttribute : Attribute
    {
        /// <summary>Seconds a collective may wait for the other ranks before the job is declared to have lost one.</summary>
        public double TimeoutSeconds { get; set; } = SslDefaults.DataParallelTimeoutSeconds;

        /// <summary>
        /// Normalise BatchNorm layers with the statistics of the global batch (every rank's rows: one all-gather per
        /// layer and forward, and its backward) instead of each rank's own rows, the default (as PyTorch's BatchNorm).
        /// </summary>
        public bool SyncBatchNorm { get; set; }
    }
}
