using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>Conversions of image batches between storage (bytes) and compute (float32 in [0, 1]).</summary>
    public static class ImageTensors
    {
        /// <summary>Moves to <paramref name="device"/>; bytes become float32 / 255, floats stay as they are.</summary>
        public static Tensor ToDeviceFloat(Tensor images, Device device)
        {
            Tensor onDevice = images.to(device, non_blocking: true);
            return onDevice.dtype == ScalarType.Byte ? onDevice.to_type(ScalarType.Float32).div_(255.0) : onDevice.to_type(ScalarType.Float32);
        }
    }
}
