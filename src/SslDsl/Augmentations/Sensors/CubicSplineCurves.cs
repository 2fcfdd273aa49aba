using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Smooth random curves of the warping augmentations: a cubic spline through K values at K evenly spaced times
    /// 0, h, …, T - 1 (h = (T - 1) / (K - 1)), evaluated at the steps 0..T-1, with scipy's default <c>CubicSpline</c>
    /// boundary (not-a-knot: one cubic across the first two and the last two intervals; a parabola for K = 3, a line
    /// for K = 2), as Um et al. 2017 and Iwana &amp; Uchida 2021 draw them. The spline is linear in the knot values,
    /// so the host builds the [T, K] weight matrix once per length (float64) and the device evaluates every curve of
    /// the batch with one matrix product (no convolution, no host read).
    /// </summary>
    internal sealed class CubicSplineCurves
    {
        private readonly int knotCount;
        private Cached? cached;

        /// <param name="knotCount">K ≥ 2 values per curve (interior knots + 2).</param>
        internal CubicSplineCurves(int knotCount)
        {
            if (knotCount < 2) throw new ArgumentOutOfRangeException(nameof(knotCount), knotCount, $"{nameof(knotCount)} must be >= 2 but was {knotCount}.");
            this.knotCount = knotCount;
        }

        /// <summary>Curves [..., T] through the knot values [..., K], in the knots' dtype and on their device.</summary>
        internal Tensor Evaluate(Tensor knots, long length)
        {
            using var scope = torch.NewDisposeScope();
            var weights = torch.tensor(Weights(length), new long[] { knotCount, length }, dtype: ScalarType.Float64)
                .to(knots.dtype, knots.device);
            return knots.matmul(weights).MoveToOuterDisposeScope();
        }

        /// <summary>Row-major [K, T] weights: curve[t] = Σ_k knots[k] weights[k, t] (cached for the last length).</summary>
        internal double[] Weights(long length)
        {
            var c = cached;
            if (c is not null && c.Length == length) return c.Values;
            var values = ComputeWeights(knotCount, length);
            cached = new Cached(length, values);
            return values;
        }

        /// <summary>[K, T] weights of the not-a-knot cubic spline through K evenly spaced knots on 0..T-1.</summary>
        internal static double[] ComputeWeights(int k, long length)
        {
            if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, $"{nameof(length)} must be >= 1 but was {length}.");
            var weights = new double[k * length];
            if (length == 1)
            {
                weights[0] = 1.0; // every knot sits at t = 0; the curve is the first value
                return weights;
            }

            var h = (length - 1.0) / (k - 1);
            var basis = new double[k];
            for (var j = 0; j < k; j++)
            {
                Array.Clear(basis, 0, k);
                basis[j] = 1.0;
                var moments = Moments(basis, h);
                for (long t = 0; t < length; t++)
                {
                    weights[j * length + t] = Evaluate(basis, moments, h, t);
                }
            }

            return weights;
        }

        /// <summary>
        /// Second derivatives M_i at the knots: interior rows M_{i-1} + 4 M_i + M_{i+1} = 6 (y_{i+1} - 2 y_i + y_{i-1}) / h²,
        /// not-a-knot rows M_0 - 2 M_1 + M_2 = 0 and M_{K-3} - 2 M_{K-2} + M_{K-1} = 0 (equal third derivatives);
        /// K = 3 has M constant (a parabola), K = 2 has M = 0 (a line).
        /// </summary>
        private static double[] Moments(double[] y, double h)
        {
            var k = y.Length;
            var moments = new double[k];
            if (k == 2) return moments;
            var a = new double[k, k + 1];
            for (var i = 1; i < k - 1; i++)
            {
                a[i, i - 1] = 1.0;
                a[i, i] = 4.0;
                a[i, i + 1] = 1.0;
                a[i, k] = 6.0 * (y[i + 1] - 2.0 * y[i] + y[i - 1]) / (h * h);
            }

            if (k == 3)
            {
                a[0, 0] = 1.0;
                a[0, 1] = -1.0;
                a[2, 1] = 1.0;
                a[2, 2] = -1.0;
            }
            else
            {
                a[0, 0] = 1.0;
                a[0, 1] = -2.0;
                a[0, 2] = 1.0;
                a[k - 1, k - 3] = 1.0;
                a[k - 1, k - 2] = -2.0;
                a[k - 1, k - 1] = 1.0;
            }

            // Gaussian elimination with partial pivoting (K is small: knots + 2).
            for (var col = 0; col < k; col++)
            {
                var pivot = col;
                for (var r = col + 1; r < k; r++)
                {
                    if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
                }

                for (var c = 0; c <= k; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                for (var r = 0; r < k; r++)
                {
                    if (r == col || a[r, col] == 0.0) continue;
                    var factor = a[r, col] / a[col, col];
                    for (var c = col; c <= k; c++) a[r, c] -= factor * a[col, c];
                }
            }

            for (var i = 0; i < k; i++) moments[i] = a[i, k] / a[i, i];
            return moments;
        }

        private static double Evaluate(double[] y, double[] m, double h, double t)
        {
            var k = y.Length;
            var i = Math.Min((int)Math.Floor(t / h), k - 2);
            var left = i * h;
            var right = (i + 1) * h;
            double a = right - t, b = t - left;
            return m[i] * a * a * a / (6.0 * h) + m[i + 1] * b * b * b / (6.0 * h)
                 + (y[i] - m[i] * h * h / 6.0) * a / h + (y[i + 1] - m[i + 1] * h * h / 6.0) * b / h;
        }

        private sealed class Cached
        {
            internal Cached(long length, double[] values)
            {
                Length = length;
                Values = values;
            }

            internal long Length { get; }
            internal double[] Values { get; }
        }
    }
}
