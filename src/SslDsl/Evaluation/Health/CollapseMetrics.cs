using System;
using static TorchSharp.torch;

namespace SslDsl.Evaluation.Health
{
    /// <summary>
    /// Label-free signs of collapse on a batch of embeddings, each a 0-dim tensor on the device (no host sync):
    /// <list type="bullet">
    /// <item><see cref="DimensionStd"/>: mean over dimensions of the per-dimension standard deviation of the
    /// L2-normalised embeddings (SimSiam, Chen &amp; He 2021, §4.1): about 1/√D when spread out, 0 when collapsed.</item>
    /// <item><see cref="Alignment"/>: E‖f(x) − f(y)‖₂^α over positive pairs of normalised embeddings (Wang &amp; Isola 2020,
    /// eq. 4, α = 2): low is good, 0 when the views agree.</item>
    /// <item><see cref="Uniformity"/>: log E exp(−t‖f(x) − f(y)‖²) over all distinct pairs (eq. 5, t = 2): from 0
    /// (collapsed) down to about −4 (uniform on the sphere); higher means more collapsed.</item>
    /// </list>
    /// </summary>
    public static class CollapseMetrics
    {
        public static Tensor DimensionStd(Tensor embeddings)
        {
            Check(embeddings, nameof(embeddings));
            using var scope = NewDisposeScope();
            Tensor normalised = nn.functional.normalize(embeddings.detach(), dim: 1);
            return normalised.std(0, unbiased: false).mean().MoveToOuterDisposeScope();
        }

        /// <param name="first">Embeddings of one view, <c>[N, D]</c>.</param>
        /// <param name="second">Embeddings of the other view of the same N samples, <c>[N, D]</c>.</param>
        /// <param name="alpha">The exponent α (2 in the paper's experiments).</param>
        public static Tensor Alignment(Tensor first, Tensor second, double alpha = 2)
        {
            Check(first, nameof(first));
            if (!first.shape.AsSpan().SequenceEqual(second.shape))
            {
                throw new ArgumentException($"the two views must have the same shape, got [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}]", nameof(second));
            }

            using var scope = NewDisposeScope();
            Tensor a = nn.functional.normalize(first.detach(), dim: 1);
            Tensor b = nn.functional.normalize(second.detach(), dim: 1);
            return a.sub(b).norm(1).pow(alpha).mean().MoveToOuterDisposeScope();
        }

        /// <param name="embeddings"><c>[N, D]</c> with N ≥ 2.</param>
        /// <param name="t">The temperature t (2 in the paper).</param>
        public static Tensor Uniformity(Tensor embeddings, double t = 2)
        {
            Check(embeddings, nameof(embeddings));
            using var scope = NewDisposeScope();
            Tensor normalised = nn.functional.normalize(embeddings.detach(), dim: 1);
            long n = normalised.shape[0];
            // ‖a − b‖² = 2 − 2 a·b for unit vectors; the strict upper triangle holds the N(N−1)/2 distinct pairs.
            Tensor squared = normalised.matmul(normalised.t()).mul(-2).add(2).clamp_min(0);
            Tensor pairs = squared.masked_select(ones(n, n, dtype: ScalarType.Bool, device: squared.device).triu(1));
            return pairs.mul(-t).exp().mean().log().MoveToOuterDisposeScope();
        }

        private static void Check(Tensor embeddings, string name)
        {
            if (embeddings.dim() != 2 || embeddings.shape[0] < 2 || !embeddings.is_floating_point())
            {
                throw new ArgumentException($"{name} must be floating-point embeddings [N >= 2, D], got {embeddings.dtype} [{string.Join(", ", embeddings.shape)}]", name);
            }
        }
    }
}
