using System;
using System.Linq;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Area under the ROC curve of a score that should be higher for positives: the probability that a random positive
    /// scores above a random negative, ties counting one half (the Mann–Whitney U statistic divided by P·N; Hanley and
    /// McNeil 1982). Computed exactly from average ranks, so it is independent of any threshold grid.
    /// </summary>
    public static class Auroc
    {
        /// <param name="scores">One finite score per sample, higher = more likely positive.</param>
        /// <param name="positives">Whether each sample is a positive (same length).</param>
        /// <exception cref="ArgumentException">Lengths differ, a score is NaN or infinite, or there is no positive or no negative.</exception>
        public static double Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positives)
        {
            if (scores.Length != positives.Length)
            {
                throw new ArgumentException($"{scores.Length} scores but {positives.Length} labels; AUROC needs one label per score", nameof(positives));
            }

            long positiveCount = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                if (!double.IsFinite(scores[i]))
                {
                    throw new ArgumentException($"score {i} is {scores[i]}; AUROC needs finite scores", nameof(scores));
                }

                if (positives[i])
                {
                    positiveCount++;
                }
            }

            long negativeCount = scores.Length - positiveCount;
            if (positiveCount == 0 || negativeCount == 0)
            {
                throw new ArgumentException($"AUROC needs at least one positive and one negative, got {positiveCount} positive(s) and {negativeCount} negative(s)", nameof(positives));
            }

            double[] values = scores.ToArray();
            int[] order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
            double positiveRankSum = 0;
            for (int start = 0; start < order.Length;)
            {
                int end = start;
                while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
                {
                    end++;
                }

                double averageRank = (start + end) / 2.0 + 1; // ranks are 1-based; a tie group shares its mean rank
                for (int j = start; j <= end; j++)
                {
                    if (positives[order[j]])
                    {
                        positiveRankSum += averageRank;
                    }
                }

                start = end + 1;
            }

            double u = positiveRankSum - positiveCount * (positiveCount + 1) / 2.0;
            return u / ((double)positiveCount * negativeCount);
        }
    }
}
