using System;
using System.Linq;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// t-SNE input affinities kept only between near neighbours (van der Maaten 2014), in compressed sparse rows: row i's
    /// entries are <c>Columns[RowStarts[i]..RowStarts[i + 1]]</c> with <c>Values</c> alongside, columns ascending. Each
    /// point's Gaussian is calibrated on its ⌊3·perplexity⌋ nearest neighbours only; beyond three "effective neighbours"
    /// its weights are negligible, and memory and time become O(N·perplexity) instead of O(N²).
    /// </summary>
    public sealed class SparseAffinities
    {
        private readonly int[] rowStarts;
        private readonly int[] columns;
        private readonly double[] values;

        private SparseAffinities(int[] rowStarts, int[] columns, double[] values)
        {
            this.rowStarts = rowStarts;
            this.columns = columns;
            this.values = values;
        }

        /// <summary>Number of points (rows and columns).</summary>
        public int Points => rowStarts.Length - 1;

        /// <summary>Where each row's entries start in <see cref="Columns"/> and <see cref="Values"/>; N + 1 offsets.</summary>
        public ReadOnlySpan<int> RowStarts => rowStarts;

        /// <summary>Column (neighbour) of every stored entry, ascending within a row.</summary>
        public ReadOnlySpan<int> Columns => columns;

        /// <summary>Affinity of every stored entry.</summary>
        public ReadOnlySpan<double> Values => values;

        /// <summary>
        /// Row-conditional affinities p(j|i) over the k = min(⌊3·perplexity⌋, N − 1) nearest neighbours j of each point i
        /// (exact neighbours, squared Euclidean), each row summing to 1 with entropy ln(perplexity).
        /// </summary>
        public static SparseAffinities Conditional(Tensor features, double perplexity)
        {
            long n = Tsne.CheckFeatures(features);
            if (!(perplexity >= 1) || perplexity >= n)
            {
                throw new ArgumentOutOfRangeException(nameof(perplexity), perplexity, $"t-SNE perplexity must be >= 1 and below the number of points ({n})");
            }

            int k = (int)Math.Min(Math.Floor(3 * perplexity), n - 1);
            using var scope = NewDisposeScope();
            (Tensor neighbours, Tensor distances) = NearestNeighbours.Find(features.detach().to(ScalarType.Float64), k);
            double[] p = Tsne.CalibratedRows(distances, perplexity).cpu().contiguous().data<double>().ToArray();
            long[] nearest = neighbours.cpu().contiguous().data<long>().ToArray();
            var rowStarts = new int[n + 1];
            var columns = new int[n * k];
            var values = new double[n * k];
            for (int i = 0; i < n; i++)
            {
                rowStarts[i + 1] = (i + 1) * k;
                var order = Enumerable.Range(i * k, k).OrderBy(e => nearest[e]).ToArray(); // columns ascending within the row
                for (int e = 0; e < k; e++)
                {
                    columns[i * k + e] = (int)nearest[order[e]];
                    values[i * k + e] = p[order[e]];
                }
            }

            return new SparseAffinities(rowStarts, columns, values);
        }

        /// <summary>
        /// The joint affinities t-SNE uses: <see cref="Conditional"/> symmetrised, P = (P + Pᵀ) / 2N (symmetric, summing to 1;
        /// a pair is kept if either point is among the other's neighbours).
        /// </summary>
        public static SparseAffinities Joint(Tensor features, double perplexity) => Conditional(features, perplexity).Symmetrised();

        /// <summary>(P + Pᵀ) / 2N of these affinities.</summary>
        public SparseAffinities Symmetrised()
        {
            int n = Points;
            // Every entry twice, (i, j) and (j, i), sorted by row then column; equal positions are then adjacent and summed.
            var keys = new long[2 * values.Length];
            var both = new double[keys.Length];
            for (int i = 0, e = 0; i < n; i++)
            {
                for (int s = rowStarts[i]; s < rowStarts[i + 1]; s++, e += 2)
                {
                    keys[e] = (long)i * n + columns[s];
                    keys[e + 1] = (long)columns[s] * n + i;
                    both[e] = both[e + 1] = values[s];
                }
            }

            Array.Sort(keys, both); // unstable, but a key occurs at most twice and a + b == b + a: the sums do not depend on it
            var rowStarts2 = new int[n + 1];
            var columns2 = new int[keys.Length];
            var values2 = new double[keys.Length];
            int count = 0;
            for (int e = 0; e < keys.Length; e++)
            {
                if (count > 0 && keys[e] == keys[e - 1])
                {
                    values2[count - 1] += both[e];
                    continue;
                }

                columns2[count] = (int)(keys[e] % n);
                values2[count] = both[e];
                rowStarts2[(int)(keys[e] / n) + 1]++;
                count++;
            }

            for (int i = 0; i < n; i++)
            {
                rowStarts2[i + 1] += rowStarts2[i];
            }

            double scale = 1.0 / (2.0 * n);
            for (int e = 0; e < count; e++)
            {
                values2[e] *= scale;
            }

            return new SparseAffinities(rowStarts2, columns2[..count], values2[..count]);
        }

        /// <summary>The dense <c>[N, N]</c> float64 matrix (for checks on small sets).</summary>
        public Tensor ToDense()
        {
            int n = Points;
            var dense = new double[(long)n * n];
            for (int i = 0; i < n; i++)
            {
                for (int e = rowStarts[i]; e < rowStarts[i + 1]; e++)
                {
                    dense[(long)i * n + columns[e]] = values[e];
                }
            }

            return tensor(dense, new long[] { n, n });
        }
    }
}
