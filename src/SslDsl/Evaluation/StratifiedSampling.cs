using System;
using System.Collections.Generic;
using System.Linq;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Seeded, per-class draws of sample indices for the linear probe: label-fraction subsets and the validation split
    /// of the weight-decay sweep. Each class's indices are shuffled (Fisher–Yates with <see cref="Random"/> seeded
    /// from the seed, classes in order) and the first ones taken, so a smaller fraction is a subset of a larger one
    /// with the same seed.
    /// </summary>
    internal static class StratifiedSampling
    {
        /// <summary>
        /// Per class c with n_c samples, the first max(1, round(fraction · n_c)) of its shuffled indices (none for a
        /// class without samples); all classes together, ascending.
        /// </summary>
        internal static long[] Subset(long[] labels, int classes, double fraction, long seed)
        {
            List<long>[] byClass = ShuffledByClass(labels, classes, seed);
            var chosen = new List<long>();
            foreach (List<long> members in byClass)
            {
                if (members.Count > 0)
                {
                    chosen.AddRange(members.Take(Math.Max(1, (int)Math.Round(fraction * members.Count, MidpointRounding.AwayFromZero))));
                }
            }

            chosen.Sort();
            return chosen.ToArray();
        }

        /// <summary>
        /// Splits the samples into a fitting part and a held-out validation part: per class with at least two
        /// samples, round(fraction · n_c) of them, at least 1 and at most n_c − 1, go to validation (a class with one
        /// sample stays in the fitting part). Both ascending; the validation part is empty when no class has two samples.
        /// </summary>
        internal static (long[] Fit, long[] Validation) Holdout(long[] labels, int classes, double fraction, long seed)
        {
            List<long>[] byClass = ShuffledByClass(labels, classes, seed);
            var fit = new List<long>();
            var validation = new List<long>();
            foreach (List<long> members in byClass)
            {
                int held = members.Count < 2
                    ? 0
                    : Math.Clamp((int)Math.Round(fraction * members.Count, MidpointRounding.AwayFromZero), 1, members.Count - 1);
                validation.AddRange(members.Take(held));
                fit.AddRange(members.Skip(held));
            }

            fit.Sort();
            validation.Sort();
            return (fit.ToArray(), validation.ToArray());
        }

        /// <summary>Per class, the indices of its samples in a seeded random order.</summary>
        private static List<long>[] ShuffledByClass(long[] labels, int classes, long seed)
        {
            var byClass = new List<long>[classes];
            for (int c = 0; c < classes; c++)
            {
                byClass[c] = new List<long>();
            }

            for (long i = 0; i < labels.Length; i++)
            {
                byClass[labels[i]].Add(i);
            }

            var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
            foreach (List<long> members in byClass)
            {
                for (int i = members.Count - 1; i > 0; i--)
                {
                    int j = random.Next(i + 1);
                    (members[i], members[j]) = (members[j], members[i]);
                }
            }

            return byClass;
        }
    }
}
