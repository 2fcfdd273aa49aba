using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Multiplies each image by a smooth random field exp(Σ_{i+j ≤ order} c_ij x^i y^j), coordinates in [-1, 1], with
    /// coefficients c_ij ~ U[-<see cref="Strength"/>, <see cref="Strength"/>] per sample, with probability
    /// <see cref="Probability"/> (MRI bias field as TorchIO's RandomBiasField, Sudre et al. 2017; 2-D here).
    /// </summary>
    public sealed class BiasField
    {
        /// <param name="order">Polynomial order ≥ 0 of the log-field.</param>
        /// <param name="strength">Coefficient range ≥ 0; 0 is the identity.</param>
        /// <param name="probability">Probability that a sample gets a field, in [0, 1].</param>
        public BiasField(int order, double strength, double probability)
        {
            if (order < 0) throw new ArgumentOutOfRangeException(nameof(order), order, $"order must be >= 0 but was {order}.");
            AugmentationSampling.CheckNonNegative(strength, nameof(strength));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Order = order;
            Strength = strength;
            Probability = probability;
        }

        public int Order { get; }
        public double Strength { get; }
        public double Probability { get; }

        /// <summary>Number of monomials x^i y^j with i + j ≤ order.</summary>
        public int Terms => (Order + 1) * (Order + 2) / 2;

        /// <summary>Applies a per-sample field to the selected samples of a [B, C, H, W] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            var batch = images.shape[0];
            var coefficients = SampleDraws.Uniform(new long[] { batch, Terms }, generator, images.device, images.dtype)
                .mul_(2.0 * Strength).sub_(Strength);
            var field = Field(coefficients, images.shape[2], images.shape[3]);
            var changed = images * field;
            return AugmentationSampling.Select(images, changed, Probability, generator).MoveToOuterDisposeScope();
        }

        /// <summary>exp of the polynomial for coefficients [B, Terms], as [B, 1, H, W].</summary>
        internal Tensor Field(Tensor coefficients, long height, long width)
        {
            using var scope = torch.NewDisposeScope();
            var basis = Basis(height, width, coefficients.dtype, coefficients.device);
            var log = coefficients.matmul(basis.view(Terms, height * width));
            return log.exp_().view(-1, 1, height, width).MoveToOuterDisposeScope();
        }

        /// <summary>The monomials x^i y^j (i + j ≤ order, i outer), x along the width, y along the height, [Terms, H, W].</summary>
        internal Tensor Basis(long height, long width, ScalarType dtype, Device device)
        {
            using var scope = torch.NewDisposeScope();
            var y = Coordinates(height, device).view(-1, 1);
            var x = Coordinates(width, device).view(1, -1);
            var terms = new Tensor[Terms];
            var t = 0;
            for (var i = 0; i <= Order; i++)
            {
                for (var j = 0; j <= Order - i; j++)
                {
                    terms[t++] = x.pow(i) * y.pow(j);
                }
            }

            return torch.stack(terms, 0).to(dtype).MoveToOuterDisposeScope();
        }

        private static Tensor Coordinates(long n, Device device)
            => n == 1
                ? torch.zeros(new long[] { 1 }, dtype: ScalarType.Float64, device: device)
                : torch.linspace(-1.0, 1.0, n, dtype: ScalarType.Float64, device: device);
    }
}
