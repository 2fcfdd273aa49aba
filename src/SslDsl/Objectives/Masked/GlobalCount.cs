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

        /// <summary><see cref="Of(Tensor, IProcessGroup)"/> of a count known on the host, as a scalar tensor of <paramref name="like"/>'s dtype and device.</summary>
        public static Tensor Of(long local, Tensor like, IProcessGroup group) =>
            Of(full(new long[] { 1 }, (double)local, dtype: like.dtype, device: like.device).squeeze(), group);
    }
}
