using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>Conversions of image batches between storage (bytes) and compute (float32 in [0, 1]).</summary>
    public static class ImageTensors
    {
        /// <summary>Moves to <paramref name="device"/>; bytes become float32 / 255, floats stay as they are.</summary>
        /// <exception cref="ArgumentException">Any other dtype (int32, int64, int16, bool...): whether such images
        /// hold 0-255 or 0-1 values cannot be told, and guessing would scale them silently wrong.</exception>
        public static Tensor ToDeviceFloat(Tensor images, Device device)
        {
            ArgumentNullException.ThrowIfNull(images);
            if (images.dtype != ScalarType.Byte && !images.is_floating_point())
            {
                throw new ArgumentException(
                    $"images are {InputTensors.TypeName(images.dtype)}; pass uint8 (0-255) or floating point in [0, 1]", nameof(images));
            }

            Tensor onDevice = images.to(device, non_blocking: true);
            return onDevice.dtype == ScalarType.Byte ? onDevice.to_type(ScalarType.Float32).div_(255.0) : onDevice.to_type(ScalarType.Float32);
        }
    }
}
