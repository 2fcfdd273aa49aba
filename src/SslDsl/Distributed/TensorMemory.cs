using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Distributed
{
    /// <summary>
    /// The address of a tensor's first element, for handing its memory to MPI or NCCL without a copy. TorchSharp 0.107 has
    /// no public <c>data_ptr()</c>; its native library exports <c>THSTensor_data</c>, which returns libtorch's
    /// <c>tensor.data_ptr()</c> (storage offset included).
    /// </summary>
    internal static class TensorMemory
    {
        [DllImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
        private static extern IntPtr Data(IntPtr tensor);

        /// <summary>The address of <paramref name="tensor"/>'s data: it must be a contiguous CPU tensor.</summary>
        public static IntPtr Address(Tensor tensor)
        {
            if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            {
                throw new ArgumentException($"MPI reads a contiguous CPU tensor; got {(tensor.is_contiguous() ? "" : "a non-contiguous ")}{tensor.device_type} tensor", nameof(tensor));
            }

            return DataOf(tensor);
        }

        /// <summary>The device address of a contiguous CUDA <paramref name="tensor"/>'s data (for NCCL).</summary>
        public static IntPtr DeviceAddress(Tensor tensor)
        {
            if (tensor.device_type != DeviceType.CUDA || !tensor.is_contiguous())
            {
                throw new ArgumentException($"NCCL reads a contiguous CUDA tensor; got {(tensor.is_contiguous() ? "" : "a non-contiguous ")}{tensor.device_type} tensor", nameof(tensor));
            }

            return DataOf(tensor);
        }

        private static IntPtr DataOf(Tensor tensor)
        {
            IntPtr address = Data(tensor.Handle);
            if (address == IntPtr.Zero && tensor.numel() > 0)
            {
                throw new InvalidOperationException("libtorch returned no data pointer for the tensor");
            }

            return address;
        }
    }
}
