using System;
using System.Collections.Generic;

namespace SslDsl.Distributed
{
    /// <summary>A collective did not complete in time: another rank of the job died or hangs (<see cref="LostRanks"/> names it when known).</summary>
    public sealed class ProcessGroupTimeoutException : Exception
    {
        public ProcessGroupTimeoutException(string message, int rank, int size)
            : this(message, rank, size, Array.Empty<int>())
        {
        }

        public ProcessGroupTimeoutException(string message, int rank, int size, IReadOnlyList<int> lostRanks)
            : base(message)
        {
            Rank = rank;
            Size = size;
            LostRanks = lostRanks;
        }

        /// <summary>The rank that waited (this process).</summary>
        public int Rank { get; }

        /// <summary>The job's number of ranks.</summary>
        public int Size { get; }

        /// <summary>The ranks that did not answer a liveness probe after the timeout (empty when not probed or all answered).</summary>
        public IReadOnlyList<int> LostRanks { get; }
    }
}
