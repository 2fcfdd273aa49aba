using SslDsl.Training;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Mixed precision's rule for losses: they compute in float32, whatever the networks before them ran in. Every
    /// loss suspends a surrounding autocast region (which would run its matrix products in the low precision) and
    /// casts its bfloat16 and float16 inputs to float32; the casts are in the autograd graph, so gradients flow back in the
    /// networks' dtype. For float32 inputs outside a region both are free.
    /// </summary>
    internal static class LossPrecision
    {
        /// <summary>Suspends autocast on <paramref name="input"/>'s device type until disposed.</summary>
        public static AutocastScope Float32Region(Tensor input) => Autocast.Suspend(input.device_type);

        /// <summary><paramref name="input"/> in float32 when it is bfloat16 or float16; itself otherwise (float32, float64, integers).</summary>
        public static Tensor AtLeastFloat32(Tensor input) => input.dtype is ScalarType.BFloat16 or ScalarType.Float16 ? input.to(ScalarType.Float32) : input;
    }
}
