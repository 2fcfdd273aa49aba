using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Pairs of views out of a view-major stack <c>[V·N, D]</c> (view 0 rows, view 1 rows, …), for the two-view losses
    /// when an experiment draws more than two views: the loss is averaged over the pairs.
    /// </summary>
    public static class ViewPairs
    {
        /// <summary>Rows of view <paramref name="first"/> then rows of view <paramref name="second"/>: <c>[2N, D]</c>.</summary>
        public static Tensor Select(Tensor stacked, int first, int second, long samples) =>
            cat(new[] { stacked.narrow(0, first * samples, samples), stacked.narrow(0, second * samples, samples) }, 0);
    }
}
