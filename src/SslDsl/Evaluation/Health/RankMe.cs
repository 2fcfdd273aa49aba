using System;
using static TorchSharp.torch;

namespace SslDsl.Evaluation.Health
{
    /// <summary>
    /// RankMe (Garrido et al. 2023, eq. 1): the effective rank of a batch of embeddings, exp of the entropy of its
    /// normalised singular values, p_k = σ_k / ‖σ‖₁ + ε. It is near the embedding width for a healthy encoder and falls
    /// towards 1 as the representation collapses; no labels needed. Computed on the device (a 0-dim tensor; reading it
    /// is the caller's one host sync), in float32 or float64 as the input is.
    /// </summary>
    public static class RankMe
    {
        /// <summary>The paper's ε, added to each normalised singular value before the logarithm.</summary>
        public const double Epsilon = 1e-7;

        /// <param name="embeddings"><c>[N, D]</c> with N ≥ 2.</param>
        public static Tensor Compute(Tensor embeddings)
        {
            if (embeddings.dim() != 2 || embeddings.shape[0] < 2 || !embeddings.is_floating_point())
            {
                throw new ArgumentException($"RankMe needs floating-point embeddings [N >= 2, D], got {embeddings.dtype} [{string.Join(", ", embeddings.shape)}]", nameof(embeddings));
            }

            using var scope = NewDisposeScope();
            Tensor singular = linalg.svdvals(embeddings.detach());
            Tensor p = singular.div(singular.sum().clamp_min(1e-30)).add(Epsilon);
            return p.mul(p.log()).sum().neg().exp().MoveToOuterDisposeScope();
        }
    }
}
