using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// The kNN anomaly score (Ramaswamy et al. 2000, averaged over k as in Angiulli and Pizzuti 2002): the mean Euclidean
    /// distance from each query to its k nearest rows of a reference set of normal samples. Far from every normal
    /// sample = anomalous; it needs no labels beyond the choice of reference.
    /// </summary>
    public static class KnnDistance
    {
        /// <param name="reference">Normal samples <c>[M, D]</c>, floating point, finite.</param>
        /// <param name="queries">Samples to score <c>[N, D]</c>.</param>
        /// <param name="k">Neighbours averaged, in [1, M].</param>
        /// <param name="chunk">Queries per distance block (bounds memory at chunk × M).</param>
        /// <returns>N scores, in the order of the queries.</returns>
        /// <exception cref="ArgumentException">Not 2-D floating point, not finite, or of different widths.</exception>
        /// <exception cref="ArgumentOutOfRangeException">k outside [1, M], or chunk &lt; 1.</exception>
        public static double[] Scores(Tensor reference, Tensor queries, int k, int chunk = 1024)
        {
            long rows = EvaluationInputs.CheckFeatures(reference, nameof(reference));
            long count = EvaluationInputs.CheckFeatures(queries, nameof(queries));
            EvaluationInputs.CheckSameWidth(reference, nameof(reference), queries, nameof(queries));
            if (k < 1 || k > rows)
            {
                throw new ArgumentOutOfRangeException(nameof(k), k, $"k is {k}; must be in [1, {rows}] (the reference has {rows} rows)");
            }

            if (chunk < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(chunk), chunk, $"chunk is {chunk}; must be >= 1");
            }

            var scores = new double[count];
            using var scope = NewDisposeScope();
            Tensor normal = reference.to_type(ScalarType.Float64).cpu();
            Tensor all = queries.to_type(ScalarType.Float64).cpu();
            for (long start = 0; start < count; start += chunk)
            {
                using var block = NewDisposeScope();
                long size = Math.Min(chunk, count - start);
                Tensor distances = cdist(all.narrow(0, start, size), normal);
                Tensor nearest = distances.topk(k, dim: 1, largest: false).values.mean(new long[] { 1 });
                Array.Copy(nearest.data<double>().ToArray(), 0, scores, start, size);
            }

            return scores;
        }
    }
}
