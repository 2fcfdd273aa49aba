using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>Moves a batch of any input kind from storage to the compute device and dtype.</summary>
    public static class InputTensors
    {
        /// <summary>
        /// Bytes (stored images) become float32 / 255; other integer types (token ids) become int64; floating-point
        /// types (images in [0, 1], sensor windows) become float32.
        /// </summary>
        public static Tensor ToDevice(Tensor data, Device device)
        {
            Tensor onDevice = data.to(device, non_blocking: true);
            return onDevice.dtype switch
            {
                ScalarType.Byte => onDevice.to_type(ScalarType.Float32).div_(255.0),
                ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64 => onDevice.to_type(ScalarType.Int64),
                _ => onDevice.to_type(ScalarType.Float32),
            };
        }
    }
}
