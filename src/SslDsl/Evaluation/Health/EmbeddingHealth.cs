using System;
using System.Globalization;

namespace SslDsl.Evaluation.Health
{
    /// <summary>
    /// Label-free health of the encoder at optimizer step <paramref name="Step"/>, measured on a fixed subset of the
    /// training data (see <see cref="Training.HealthSettings"/>): <paramref name="RankMe"/> of the encoder's
    /// representations (of at most <paramref name="Dimensions"/>), <paramref name="DimensionStd"/> of the normalised
    /// representations, and, for joint-embedding objectives, <paramref name="Alignment"/> between two views and
    /// <paramref name="Uniformity"/> of one view's projections (see <see cref="CollapseMetrics"/>).
    /// </summary>
    public sealed record EmbeddingHealth(long Step, double RankMe, int Dimensions, double DimensionStd, double? Alignment = null, double? Uniformity = null)
    {
        /// <summary>Below this <see cref="SpreadRatio"/> the representations have (nearly) collapsed to a point.</summary>
        public const double CollapsedSpreadRatio = 0.05;

        /// <summary>Below this <see cref="RankMe"/> the representations span (nearly) one direction.</summary>
        public const double CollapsedRankMe = 1.5;

        /// <summary>
        /// <see cref="DimensionStd"/> × √<see cref="Dimensions"/>: about 1 when normalised representations spread over
        /// the sphere, 0 when they collapse (SimSiam's §4.1 criterion, independent of the width).
        /// </summary>
        public double SpreadRatio => DimensionStd * Math.Sqrt(Dimensions);

        /// <summary>Why these numbers look like a collapse, or null when they do not.</summary>
        public string? CollapseSignature =>
            RankMe < CollapsedRankMe || SpreadRatio < CollapsedSpreadRatio
                ? string.Create(CultureInfo.InvariantCulture, $"possible collapse at step {Step}: RankMe {RankMe:0.00} of {Dimensions} dimensions, per-dimension std of the normalised embeddings {DimensionStd:0.0000} (spread out: {1 / Math.Sqrt(Dimensions):0.0000})")
                : null;
    }
}
