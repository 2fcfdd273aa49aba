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

        /// <summary>
        /// Throws an <see cref="System.ArgumentException"/> naming <paramref name="name"/>, how many values are NaN or
        /// infinite and the first sample that holds one; integer data are always finite. Reads the data in chunks.
        /// </summary>
        public static void CheckFinite(Tensor data, string name)
        {
            if (!data.is_floating_point() || data.numel() == 0)
            {
                return;
            }

            const long ChunkRows = 4096;
            long rows = data.shape[0];
            for (long start = 0; start < rows; start += ChunkRows)
            {
                using var scope = NewDisposeScope();
                Tensor chunk = data.narrow(0, start, System.Math.Min(ChunkRows, rows - start));
                Tensor bad = chunk.isfinite().logical_not().reshape(chunk.shape[0], -1).any(1);
                if (!bad.any().item<bool>())
                {
                    continue;
                }

                long first = start + bad.nonzero()[0, 0].item<long>();
                long count = 0;
                for (long s = start; s < rows; s += ChunkRows)
                {
                    using var inner = NewDisposeScope();
                    count += data.narrow(0, s, System.Math.Min(ChunkRows, rows - s)).isfinite().logical_not().sum().item<long>();
                }

                throw new System.ArgumentException($"{name} holds {count} NaN or infinite value(s), the first in sample {first}; clean the data first (e.g. torch.nan_to_num or drop those samples)", name);
            }
        }
    }
}
