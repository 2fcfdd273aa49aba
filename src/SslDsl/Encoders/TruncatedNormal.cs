using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Encoders
{
    /// <summary>
    /// Truncated normal initialisation as PyTorch's <c>nn.init.trunc_normal_</c> (inverse-CDF sampling: uniform in
    /// [2Φ(α) − 1, 2Φ(β) − 1], erfinv, scale by σ√2, shift by μ, clamp to [a, b]).
    /// </summary>
    /// <remarks>
    /// Written out because TorchSharp 0.107's <c>init.trunc_normal_</c> is wrong: its native code multiplies by the
    /// mean and adds the standard deviation (and drops the √2), so with mean 0 it fills the tensor with the constant
    /// <c>std</c> (clamped to [a, b]).
    /// </remarks>
    internal static class TruncatedNormal
    {
        /// <summary>Fills <paramref name="tensor"/> in place with N(mean, std²) truncated to [a, b] (absolute bounds, as PyTorch).</summary>
        public static Tensor Fill(Tensor tensor, double mean, double std, double a, double b)
        {
            if (!(std > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(std), std, "must be > 0");
            }

            if (!(a < b))
            {
                throw new ArgumentException($"truncation bounds must satisfy a < b, got a = {a}, b = {b}", nameof(b));
            }

            using var noGrad = no_grad();
            double low = NormalCdf((a - mean) / std);
            double high = NormalCdf((b - mean) / std);
            tensor.uniform_((2 * low) - 1, (2 * high) - 1);
            tensor.erfinv_();
            tensor.mul_(std * Math.Sqrt(2.0));
            tensor.add_(mean);
            tensor.clamp_(a, b);
            return tensor;
        }

        /// <summary>Φ(x) = (1 + erf(x / √2)) / 2, evaluated by libtorch in float64 (.NET has no erf).</summary>
        private static double NormalCdf(double x)
        {
            using var value = torch.tensor(x / Math.Sqrt(2.0), dtype: ScalarType.Float64);
            using var erf = value.erf();
            return (1.0 + erf.item<double>()) / 2.0;
        }
    }
}
