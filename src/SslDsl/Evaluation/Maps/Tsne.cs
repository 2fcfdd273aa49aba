using System;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// t-SNE maps of embeddings (van der Maaten &amp; Hinton 2008). No maintained t-SNE package exists for .NET. Two
    /// gradients: exact, on TorchSharp tensors on the embeddings' device (per-point Gaussian affinities calibrated to the
    /// perplexity by bisection, all points at once, symmetrised; O(N²) memory and time per iteration, so at most
    /// <see cref="MaxPoints"/> points), and Barnes–Hut (van der Maaten 2014, <see cref="SparseAffinities"/> and a
    /// quadtree, managed code on the CPU; tens of thousands of points). Both start from the PCA projection and optimise
    /// the Student-t map with early exaggeration, momentum and per-coordinate gains (the original's delta-bar-delta).
    /// <see cref="TsneMethod.Auto"/> takes Barnes–Hut on the CPU, where it is faster at every size measured (250 points
    /// and up, docs/tsne.md), and the exact method for features on an accelerator.
    /// </summary>
    public static class Tsne
    {
        /// <summary>Largest point count of the exact method (a few N×N float32 matrices, about 0.5 GB at this size).</summary>
        public const int MaxPoints = 6000;

        /// <summary>The 2-D map <c>[N, 2]</c> (float32) of <paramref name="features"/> <c>[N, D]</c>.</summary>
        public static Tensor Map(Tensor features, TsneOptions? options = null)
        {
            options ??= new TsneOptions();
            long n = CheckFeatures(features);
            options.Validate(n);
            TsneMethod method = options.Method != TsneMethod.Auto ? options.Method
                : features.device_type != TorchSharp.DeviceType.CPU && n <= MaxPoints ? TsneMethod.Exact : TsneMethod.BarnesHut;
            if (method == TsneMethod.Exact && n > MaxPoints)
            {
                throw new ArgumentException($"exact t-SNE (O(N²)) takes at most {MaxPoints} points, got {n}: use TsneMethod.BarnesHut (or Auto), or map a random subset", nameof(features));
            }

            using var scope = NewDisposeScope();
            Tensor x = features.detach().to(ScalarType.Float64);
            Tensor start = PcaStart(x, options.Seed);
            if (method == TsneMethod.BarnesHut)
            {
                SparseAffinities sparse = SparseAffinities.Joint(x, options.Perplexity);
                double[] map = start.cpu().contiguous().data<double>().ToArray();
                BarnesHutTsne.Optimise(sparse, map, options);
                return tensor(map, new long[] { n, 2 }).to(ScalarType.Float32).to(features.device).MoveToOuterDisposeScope();
            }

            Tensor p = JointAffinities(SquaredDistances(x), options.Perplexity).to(ScalarType.Float32);
            Tensor y = start.to(ScalarType.Float32);
            Optimise(p, y, options);
            return y.MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Row-conditional affinities p(j|i) ∝ exp(−β_i‖x_i − x_j‖²) whose entropy is ln(perplexity) for every row,
        /// found by bisection on β_i (64 halvings: float64 precision), then symmetrised: P = (P + Pᵀ) / 2N.
        /// </summary>
        public static Tensor JointAffinities(Tensor squaredDistances, double perplexity)
        {
            using var scope = NewDisposeScope();
            Tensor conditional = ConditionalAffinities(squaredDistances, perplexity);
            long n = conditional.size(0);
            return conditional.add(conditional.t()).div_(2.0 * n).clamp_min_(1e-12).MoveToOuterDisposeScope();
        }

        /// <summary>The row-normalised p(j|i) of <see cref="JointAffinities"/>, each row with entropy ln(perplexity).</summary>
        public static Tensor ConditionalAffinities(Tensor squaredDistances, double perplexity)
        {
            using var scope = NewDisposeScope();
            Tensor d = squaredDistances.to(ScalarType.Float64);
            long n = d.size(0);
            return CalibratedRows(d.masked_fill(eye(n, dtype: ScalarType.Bool, device: d.device), double.PositiveInfinity), perplexity).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// p(j|i) ∝ exp(−β_i d_ij) for each row of squared distances <paramref name="d"/> (float64, +∞ where j is not a
        /// candidate neighbour of i, e.g. i itself), β_i found by bisection (64 halvings: float64 precision) so that every
        /// row's entropy is ln(perplexity). Shared by the dense (all pairs) and the sparse (nearest neighbours) affinities.
        /// </summary>
        internal static Tensor CalibratedRows(Tensor d, double perplexity)
        {
            using var scope = NewDisposeScope();
            long n = d.size(0);
            Tensor excluded = d.isinf();
            // Distances relative to each row's nearest neighbour: the same β then gives the same p(j|i), without exp underflow.
            d = d.sub(d.amin(new long[] { 1 }, keepdim: true)).masked_fill_(excluded, double.PositiveInfinity);
            double target = Math.Log(perplexity);
            Tensor low = zeros(n, 1, dtype: ScalarType.Float64, device: d.device);
            Tensor high = full(n, 1, double.PositiveInfinity, dtype: ScalarType.Float64, device: d.device);
            Tensor beta = ones(n, 1, dtype: ScalarType.Float64, device: d.device).div_(d.masked_fill(excluded, 0).mean(new long[] { 1 }, keepdim: true).clamp_min_(1e-12));
            for (int i = 0; i < 64; i++)
            {
                using var step = NewDisposeScope();
                Tensor entropy = Row(d, beta).Entropy;
                Tensor tooFlat = entropy.gt(target); // entropy too high: β too small, sharpen
                low.copy_(where(tooFlat, beta, low));
                high.copy_(where(tooFlat, high, beta));
                beta.copy_(where(high.isinf(), beta.mul(2), low.add(high).div_(2)));
            }

            return Row(d, beta).P.MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Trustworthiness (Venna &amp; Kaski 2001) of a map: 1 − a penalty for points that are among a point's
        /// <paramref name="k"/> nearest neighbours in the map but not in the original space, weighted by their original
        /// rank. 1 is perfect; a random map of clustered data scores about 0.5.
        /// </summary>
        public static double Trustworthiness(Tensor features, Tensor map, int k = 5)
        {
            long n = CheckFeatures(features);
            if (map.dim() != 2 || map.size(0) != n || k < 1 || k >= n / 2)
            {
                throw new ArgumentException($"trustworthiness needs a map of the same {n} points and 1 <= k < N/2 (got [{string.Join(", ", map.shape)}], k {k})");
            }

            using var scope = NewDisposeScope();
            Tensor x = features.detach().to(ScalarType.Float64);
            (Tensor mapNeighbours, _) = NearestNeighbours.Find(map.detach().to(ScalarType.Float64).to(features.device), k);
            Tensor norms = x.mul(x).sum(1);
            // A block of rows at a time (memory O(block · N · k), not O(N²)): the original rank of each map neighbour j of
            // i is 1 + the number of points closer to i than j (1: i's nearest original neighbour), and ranks beyond k cost.
            long block = Math.Clamp(NearestNeighbours.BlockValues / (n * k), 1, n);
            long penalty = 0;
            for (long start = 0; start < n; start += block)
            {
                using var step = NewDisposeScope();
                long rows = Math.Min(block, n - start);
                Tensor d = NearestNeighbours.BlockDistances(x, norms, start, rows);
                Tensor toNeighbours = d.gather(1, mapNeighbours.narrow(0, start, rows));
                Tensor ranks = d.unsqueeze(1).lt(toNeighbours.unsqueeze(2)).sum(2).add_(1);
                penalty += ranks.sub_(k).clamp_min_(0).sum().item<long>();
            }

            return 1.0 - 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)) * penalty;
        }

        private static (Tensor P, Tensor Entropy) Row(Tensor d, Tensor beta)
        {
            Tensor weights = d.mul(beta).neg_().exp_(); // excluded entries are +inf: weight 0
            Tensor sum = weights.sum(1, keepdim: true).clamp_min_(1e-300);
            Tensor p = weights.div(sum);
            Tensor weighted = d.masked_fill(p.eq(0), 0).mul(p).sum(1, keepdim: true);
            return (p, sum.log().add(beta.mul(weighted)));
        }

        private static void Optimise(Tensor p, Tensor y, TsneOptions options)
        {
            long n = y.size(0);
            double rate = options.LearningRate ?? Math.Max(n / options.EarlyExaggeration / 4.0, 50.0);
            Tensor update = zeros_like(y);
            Tensor gains = ones_like(y);
            Tensor self = eye(n, dtype: ScalarType.Bool, device: y.device);
            for (int iteration = 0; iteration < options.Iterations; iteration++)
            {
                using var step = NewDisposeScope();
                bool exaggerated = iteration < options.ExaggerationIterations;
                Tensor gradient = Gradient(exaggerated ? p.mul(options.EarlyExaggeration) : p, y, self);
                // delta-bar-delta gains: grow where the gradient keeps pointing against the last update, shrink elsewhere
                Tensor opposite = gradient.sign().ne(update.sign());
                gains.copy_(where(opposite, gains.add(0.2), gains.mul(0.8)).clamp_min_(0.01));
                update.mul_(exaggerated ? 0.5 : 0.8).sub_(gains.mul(gradient).mul_(rate));
                y.add_(update);
            }
        }

        /// <summary>∂KL(P‖Q)/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j), for all i at once.</summary>
        internal static Tensor Gradient(Tensor p, Tensor y, Tensor self)
        {
            Tensor kernel = SquaredDistances(y).add_(1).reciprocal_().masked_fill_(self, 0);
            Tensor q = kernel.div(kernel.sum()).clamp_min_(1e-12);
            Tensor w = p.sub(q).mul_(kernel);
            return w.sum(1, keepdim: true).mul(y).sub_(w.matmul(y)).mul_(4);
        }

        /// <summary>Kullback–Leibler divergence KL(P‖Q) of a map (what t-SNE minimises).</summary>
        internal static Tensor Divergence(Tensor p, Tensor y)
        {
            long n = y.size(0);
            using var self = eye(n, dtype: ScalarType.Bool, device: y.device);
            Tensor kernel = SquaredDistances(y).add(1).reciprocal().masked_fill(self, 0);
            Tensor q = kernel.div(kernel.sum()).clamp_min(1e-12);
            return p.mul(p.div(q).log()).masked_fill(self, 0).sum();
        }

        internal static Tensor SquaredDistances(Tensor x)
        {
            Tensor norms = x.mul(x).sum(1, keepdim: true);
            return norms.add(norms.t()).sub_(x.matmul(x.t()).mul_(2)).clamp_min_(0);
        }

        /// <summary>PCA projection on the first two components, scaled to standard deviation 1e-4 (openTSNE's start), plus a trace of seeded noise.</summary>
        private static Tensor PcaStart(Tensor x, int seed)
        {
            Tensor projected = Pca.Project(x, (int)Math.Min(2, Math.Min(x.size(0), x.size(1))));
            if (projected.size(1) < 2)
            {
                projected = cat(new[] { projected, zeros_like(projected) }, 1);
            }

            projected = projected.div(projected.select(1, 0).std().clamp_min(1e-12)).mul_(1e-4);
            using var generator = new Generator((ulong)seed, x.device);
            return projected.add_(randn(projected.shape, dtype: projected.dtype, device: x.device, generator: generator).mul_(1e-8));
        }

        internal static long CheckFeatures(Tensor features)
        {
            ArgumentNullException.ThrowIfNull(features);
            if (features.dim() != 2 || features.size(0) < 4 || !features.is_floating_point())
            {
                throw new ArgumentException($"t-SNE maps floating-point features [N, D] with N >= 4, got {features.dtype} [{string.Join(", ", features.shape)}]", nameof(features));
            }

            if (!features.isfinite().all().item<bool>())
            {
                throw new ArgumentException("t-SNE features contain NaN or infinity (a diverged encoder?)", nameof(features));
            }

            return features.size(0);
        }
    }
}
