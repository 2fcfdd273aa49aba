using System;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Exact k nearest neighbours (squared Euclidean) of every point among the others, by brute force on TorchSharp: one
    /// block of rows against all points at a time, so memory stays at a block of distances (about 64 MB) however large N is.
    /// </summary>
    internal static class NearestNeighbours
    {
        /// <summary>Float64 values per block of the distance matrix (8M: 64 MB).</summary>
        internal const long BlockValues = 8L << 20;

        /// <summary>
        /// Indices <c>[N, k]</c> (int64) and squared distances <c>[N, k]</c> (float64) of each row's k nearest other rows of
        /// <paramref name="x"/> <c>[N, D]</c> (float64), nearest first; a point is never its own neighbour, duplicates are.
        /// </summary>
        internal static (Tensor Indices, Tensor SquaredDistances) Find(Tensor x, int k)
        {
            long n = x.size(0);
            if (k < 1 || k >= n)
            {
                throw new ArgumentOutOfRangeException(nameof(k), k, $"nearest neighbours need 1 <= k < N ({n})");
            }

            using var scope = NewDisposeScope();
            Tensor norms = x.mul(x).sum(1);
            long block = Math.Clamp(BlockValues / n, 1, n);
            var indices = new Tensor[(n + block - 1) / block];
            var distances = new Tensor[indices.Length];
            for (long start = 0, b = 0; start < n; start += block, b++)
            {
                using var step = NewDisposeScope();
                Tensor d = BlockDistances(x, norms, start, Math.Min(block, n - start));
                (Tensor values, Tensor nearest) = d.topk(k, 1, largest: false, sorted: true);
                indices[b] = nearest.MoveToOuterDisposeScope();
                distances[b] = values.MoveToOuterDisposeScope();
            }

            return (cat(indices, 0).MoveToOuterDisposeScope(), cat(distances, 0).MoveToOuterDisposeScope());
        }

        /// <summary>
        /// Squared distances <c>[rows, N]</c> of rows <paramref name="start"/>… of <paramref name="x"/> to all rows, +∞ to
        /// themselves (so that a point is never its own neighbour); <paramref name="norms"/> are the rows' squared norms.
        /// </summary>
        internal static Tensor BlockDistances(Tensor x, Tensor norms, long start, long rows)
        {
            Tensor d = norms.narrow(0, start, rows).unsqueeze(1).add(norms.unsqueeze(0)).sub_(x.narrow(0, start, rows).matmul(x.t()).mul_(2)).clamp_min_(0);
            d.narrow(1, start, rows).diagonal().fill_(double.PositiveInfinity);
            return d;
        }
    }
}
