using System;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Shared pieces of the sensor (time-series, [B, C, T]) and token ([B, L]) augmentations: input checks, the
    /// per-sample selection, per-sample uniform integers and linear resampling along time. Everything stays on the
    /// input's device; nothing reads a value back to the host. No convolution is used (docs/known-issues.md).
    /// </summary>
    internal static class SequenceAugmentationMath
    {
        /// <summary>Checks a [B, C, T] floating-point batch and its generator (metadata only).</summary>
        internal static void CheckSeries(Tensor x, torch.Generator generator)
        {
            if (x is null) throw new ArgumentNullException(nameof(x));
            if (generator is null) throw new ArgumentNullException(nameof(generator));
            if (x.dim() != 3)
            {
                throw new ArgumentException(
                    $"x must be a [B, C, T] batch of multichannel time series but has {x.dim()} dimensions.", nameof(x));
            }

            if (!torch.is_floating_point(x))
            {
                throw new ArgumentException($"x must be a floating-point [B, C, T] batch but is {x.dtype}.", nameof(x));
            }
        }

        /// <summary>Checks a [B, L] int64 batch of token ids and its generator (metadata only).</summary>
        internal static void CheckTokens(Tensor x, torch.Generator generator)
        {
            if (x is null) throw new ArgumentNullException(nameof(x));
            if (generator is null) throw new ArgumentNullException(nameof(generator));
            if (x.dim() != 2)
            {
                throw new ArgumentException($"x must be a [B, L] batch of token ids but has {x.dim()} dimensions.", nameof(x));
            }

            if (x.dtype != ScalarType.Int64)
            {
                throw new ArgumentException($"x must hold int64 token ids but is {x.dtype}.", nameof(x));
            }
        }

        /// <summary>Checks a sequence-augmentation knot count: at least 0 interior knots.</summary>
        internal static void CheckKnots(int knots, string paramName)
        {
            if (knots < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, knots, $"{paramName} must be >= 0 but was {knots}.");
            }
        }

        /// <summary>Checks a rate or fraction in [0, 1].</summary>
        internal static void CheckUnit(double value, string paramName)
        {
            if (!(value >= 0.0 && value <= 1.0))
            {
                throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be in [0, 1] but was {value}.");
            }
        }

        /// <summary>Per-sample Bernoulli(<paramref name="probability"/>) as a bool [B, 1, …, 1] of rank <paramref name="rank"/>.</summary>
        internal static Tensor SampleMask(long batch, int rank, double probability, torch.Generator generator, Device device)
        {
            using var mask = ImageAugmentationMath.SampleMask(batch, probability, generator, device);
            return mask.view(PerSampleShape(batch, rank));
        }

        /// <summary>
        /// <paramref name="transformed"/> for a Bernoulli(<paramref name="probability"/>) subset of the samples and
        /// <paramref name="x"/> for the rest, with <c>where</c> (exact for any values and dtypes). Draws nothing when p = 1.
        /// </summary>
        internal static Tensor Select(Tensor x, Tensor transformed, double probability, torch.Generator generator)
        {
            using var scope = torch.NewDisposeScope();
            if (probability == 1.0) return transformed.alias().MoveToOuterDisposeScope();
            var mask = SampleMask(x.shape[0], (int)x.dim(), probability, generator, x.device);
            return torch.where(mask, transformed, x).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Per-sample uniform integers in [0, <paramref name="count"/>) as int64 [B], from one U[0, 1) draw each;
        /// <paramref name="count"/> is a float tensor [B] of values ≥ 1 (floor(u count), clamped for rounding).
        /// </summary>
        internal static Tensor UniformIndex(Tensor count, torch.Generator generator)
        {
            using var scope = torch.NewDisposeScope();
            var u = SampleDraws.Uniform(count.shape, generator, count.device, count.dtype);
            var index = u.mul_(count).floor_();
            index = torch.minimum(index, count - 1.0);
            return index.to(ScalarType.Int64).MoveToOuterDisposeScope();
        }

        /// <summary>The float type used for positions along time: float64 for float64 data, else float32.</summary>
        internal static ScalarType PositionType(Tensor x) => x.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;

        /// <summary>
        /// Linear interpolation of [B, C, T] along time at per-sample positions [B, T'] (in steps, clamped to
        /// [0, T - 1]; shared by the channels): <c>out[b, c, k] = lerp(x[b, c, i], x[b, c, i + 1], p - i)</c> with
        /// i = floor(p). The same as <c>np.interp</c> on the grid 0..T-1, or <c>grid_sample</c> with
        /// <c>align_corners = true</c>, but with gathers (exact at integer positions: lerp returns its start at 0).
        /// </summary>
        internal static Tensor Resample(Tensor x, Tensor positions)
        {
            using var scope = torch.NewDisposeScope();
            long batch = x.shape[0], channels = x.shape[1], length = x.shape[2], outLength = positions.shape[1];
            if (length == 1)
            {
                return x.expand(batch, channels, outLength).contiguous().MoveToOuterDisposeScope();
            }

            var p = positions.clamp(0.0, length - 1.0);
            var left = p.floor().clamp_(0.0, length - 2.0);
            var fraction = (p - left).to(x.dtype).unsqueeze(1);
            var index = left.to(ScalarType.Int64).unsqueeze(1).expand(batch, channels, outLength);
            var start = x.gather(2, index);
            var end = x.gather(2, index + 1);
            return torch.lerp(start, end, fraction).MoveToOuterDisposeScope();
        }

        /// <summary>Int64 <c>arange(n)</c> as [1, n] on <paramref name="device"/>.</summary>
        internal static Tensor Steps(long n, Device device) =>
            torch.arange(n, dtype: ScalarType.Int64, device: device).unsqueeze(0);

        private static long[] PerSampleShape(long batch, int rank)
        {
            var shape = new long[rank];
            shape[0] = batch;
            for (var i = 1; i < rank; i++) shape[i] = 1;
            return shape;
        }
    }
}
