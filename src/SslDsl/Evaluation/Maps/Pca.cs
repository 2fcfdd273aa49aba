using System;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Principal component projections of embeddings: the cheap, linear, deterministic alternative to <see cref="Tsne"/>
    /// (milliseconds instead of seconds; global structure kept, local neighbourhoods usually not). Also t-SNE's start.
    /// </summary>
    public static class Pca
    {
        /// <summary>
        /// The centred features <c>[N, D]</c> projected on their first <paramref name="components"/> principal axes:
        /// <c>[N, components]</c> float32, column 0 with the largest variance. Each axis's sign is fixed (its largest
        /// loading positive), so the map does not flip between LAPACK builds.
        /// </summary>
        public static Tensor Map(Tensor features, int components = 2)
        {
            ArgumentNullException.ThrowIfNull(features);
            if (features.dim() != 2 || !features.is_floating_point() || features.size(0) < 2)
            {
                throw new ArgumentException($"PCA maps floating-point features [N, D] with N >= 2, got {features.dtype} [{string.Join(", ", features.shape)}]", nameof(features));
            }

            if (components < 1 || components > Math.Min(features.size(0), features.size(1)))
            {
                throw new ArgumentOutOfRangeException(nameof(components), components, $"PCA needs 1 <= components <= min(N, D) = {Math.Min(features.size(0), features.size(1))}");
            }

            if (!features.isfinite().all().item<bool>())
            {
                throw new ArgumentException("PCA features contain NaN or infinity", nameof(features));
            }

            using var scope = NewDisposeScope();
            return Project(features.detach().to(ScalarType.Float64), components).to(ScalarType.Float32).MoveToOuterDisposeScope();
        }

        /// <summary>The projection of <see cref="Map"/> in <paramref name="x"/>'s own dtype (t-SNE's start uses it in float64).</summary>
        internal static Tensor Project(Tensor x, int components)
        {
            Tensor centred = x.sub(x.mean(new long[] { 0 }, keepdim: true));
            // Thin SVD of the centred data: its right singular vectors are the principal axes, in decreasing variance.
            (Tensor _, Tensor _, Tensor vh) = linalg.svd(centred, fullMatrices: false);
            Tensor axes = vh.narrow(0, 0, components);
            Tensor largest = axes.abs().argmax(1, keepdim: true);
            Tensor signs = axes.gather(1, largest).sign().masked_fill_(axes.gather(1, largest).eq(0), 1);
            return centred.matmul(axes.mul(signs).t());
        }
    }
}
