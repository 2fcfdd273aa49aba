using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Anomaly detection on embeddings without labels for training: a sample's score is its mean cosine distance to
    /// its k nearest training embeddings (the training data being mostly normal), judged by the area under the ROC curve.
    /// </summary>
    public static class AnomalyDetection
    {
        /// <summary>Mean cosine distance (1 − cos) of each test row to its <paramref name="k"/> nearest train rows: <c>[M]</c> on the CPU.</summary>
        public static Tensor KnnScores(Tensor train, Tensor test, int k)
        {
            if (train.dim() != 2 || test.dim() != 2 || train.shape[1] != test.shape[1])
            {
                throw new ArgumentException($"expects embeddings [N, D] and [M, D], got [{string.Join(", ", train.shape)}] and [{string.Join(", ", test.shape)}]");
            }

            if (k < 1 || k > train.shape[0])
            {
                throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, {train.shape[0]}] (the training rows)");
            }

            using var scope = NewDisposeScope();
            Tensor a = nn.functional.normalize(train.to_type(ScalarType.Float64), p: 2, dim: 1);
            Tensor b = nn.functional.normalize(test.to_type(ScalarType.Float64), p: 2, dim: 1);
            Tensor distance = b.matmul(a.t()).neg().add(1.0);
            Tensor nearest = distance.topk(k, dim: 1, largest: false).values;
            return nearest.mean(new long[] { 1 }).to(CPU).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Area under the ROC curve of <paramref name="scores"/> (higher = more anomalous) for 0/1
        /// <paramref name="labels"/>: the probability that an anomalous sample scores above a normal one, ties counting
        /// half (Mann–Whitney U / (n₁ n₀)).
        /// </summary>
        public static double Auroc(Tensor scores, Tensor labels)
        {
            double[] s = scores.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
            long[] y = labels.to_type(ScalarType.Int64).cpu().data<long>().ToArray();
            if (s.Length != y.Length)
            {
                throw new ArgumentException($"{s.Length} scores but {y.Length} labels");
            }

            int positives = y.Count(v => v != 0);
            int negatives = y.Length - positives;
            if (positives == 0 || negatives == 0)
            {
                throw new ArgumentException($"AUROC needs both classes, got {positives} anomalous and {negatives} normal samples", nameof(labels));
            }

            // Average ranks (1-based) with ties sharing their mean rank.
            int[] order = Enumerable.Range(0, s.Length).OrderBy(i => s[i]).ToArray();
            double[] ranks = new double[s.Length];
            for (int start = 0; start < order.Length;)
            {
                int end = start;
                while (end + 1 < order.Length && s[order[end + 1]] == s[order[start]])
                {
                    end++;
                }

                double rank = (start + end) / 2.0 + 1.0;
                for (int i = start; i <= end; i++)
                {
                    ranks[order[i]] = rank;
                }

                start = end + 1;
            }

            double positiveRanks = Enumerable.Range(0, s.Length).Where(i => y[i] != 0).Sum(i => ranks[i]);
            return (positiveRanks - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
        }
    }
}
