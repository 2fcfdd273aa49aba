using System;

namespace SslDsl.Training
{
    /// <summary>
    /// The training loss became NaN or Inf. Thrown by <c>Fit</c> at the first host read that sees it (each loss window
    /// and epoch end, so no extra synchronisation per step); the trainer has been restored to its last finite state.
    /// </summary>
    public sealed class NonFiniteLossException : Exception
    {
        public NonFiniteLossException(string message, int epoch, long step, long restoredStep)
            : base(message)
        {
            Epoch = epoch;
            Step = step;
            RestoredStep = restoredStep;
        }

        /// <summary>The epoch (1-based) in which the loss became non-finite.</summary>
        public int Epoch { get; }

        /// <summary>The optimizer step at which it was seen.</summary>
        public long Step { get; }

        /// <summary>The optimizer step of the finite state the trainer was restored to.</summary>
        public long RestoredStep { get; }
    }
}
