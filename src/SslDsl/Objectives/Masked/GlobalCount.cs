using SslDsl.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// The divisor of a mean over masked elements on data-parallel ranks. Each rank divides its own sum by
    /// <c>count_global / ranks</c>: the ranks' losses then average to <c>Σ_global / count_global</c>, the single-process
    /// mean, as do their averaged gradients, whatever each rank's own count is.
    /// </summary>
    internal static class GlobalCount
    {
        /// <summary><paramref name="local"/> itself alone; else the ranks' counts summed, divided by the ranks (no gradient).</summary>
        public static Tensor Of(Tensor local, IProcessGroup group)
        {
            if (group.Size == 1)
            {
                return local;
            }

            Tensor global = local.detach().clone();
            group.AllReduceSum(global);
            return global.div_(group.Size);
        }
    }
}
