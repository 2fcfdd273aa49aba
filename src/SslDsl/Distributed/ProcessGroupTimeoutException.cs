using System;

namespace SslDsl.Distributed
{
    /// <summary>A collective did not complete in time: another rank of the job died or hangs.</summary>
    public sealed class ProcessGroupTimeoutException : Exception
    {
        public ProcessGroupTimeoutException(string message, int rank, int size)
            : base(message)
        {
            Rank = rank;
            Size = size;
        }

        /// <summary>The rank that waited (this process).</summary>
        public int Rank { get; }

        /// <summary>The job's number of ranks.</summary>
        public int Size { get; }
    }
}
