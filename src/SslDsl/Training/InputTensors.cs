using System;
using System.Globalization;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>Moves a batch of any input kind from storage to the compute device and dtype, and checks host data once.</summary>
    public static class InputTensors
    {
        /// <summary>Elements examined per chunk by <see cref="CheckFinite"/>: bounds its temporary (a bool mask) to 4 MiB.</summary>
        private const long FiniteCheckChunkElements = 1L << 22;

        /// <summary>
        /// Bytes (stored images) become float32 / 255; other integer types are token ids <c>[N, L]</c> and become
        /// int64; floating-point types (images in [0, 1], sensor windows) become float32.
        /// </summary>
        /// <exception cref="ArgumentException">Integer data other than bytes with 3 or more dimensions: those are
        /// images or windows, and passing them on as int64 (or dividing them by 255) would be silently wrong.</exception>
        public static Tensor ToDevice(Tensor data, Device device)
        {
            ArgumentNullException.ThrowIfNull(data);
            bool tokenIds = data.dtype is ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64;
            if (tokenIds && data.dim() > 2)
            {
                // Token ids are [N, L]; a rank-3 or rank-4 integer tensor is an image or window batch in the wrong dtype.
                throw new ArgumentException(NotFloatInputs(data), nameof(data));
            }

            if (data.dtype == ScalarType.Bool)
            {
                throw new ArgumentException(NotFloatInputs(data), nameof(data));
            }

            Tensor onDevice = data.to(device, non_blocking: true);
            return onDevice.dtype switch
            {
                ScalarType.Byte => onDevice.to_type(ScalarType.Float32).div_(255.0),
                ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64 => onDevice.to_type(ScalarType.Int64),
                _ => onDevice.to_type(ScalarType.Float32),
            };
        }

        /// <summary>
        /// Throws an <see cref="ArgumentException"/> (with <paramref name="paramName"/>) when floating-point
        /// <paramref name="data"/> holds NaN or ±Inf, naming the first offending sample (index along dimension 0),
        /// how many samples and how many values are non-finite. Integer data are always finite and are not read.
        /// Meant to be called once per Fit on host data: it scans chunks of rows (a few MiB of temporaries at a time,
        /// no float copy of the data) and reads the host once per chunk.
        /// </summary>
        public static void CheckFinite(Tensor data, string paramName)
        {
            ArgumentNullException.ThrowIfNull(data, paramName);
            if (!data.is_floating_point() && !data.is_complex())
            {
                return;
            }

            if (data.numel() == 0)
            {
                return;
            }

            using Tensor rows = data.dim() == 0 ? data.reshape(1, 1) : data.reshape(data.shape[0], -1);
            long samples = rows.shape[0];
            long perSample = rows.shape[1];
            long chunk = Math.Max(1, FiniteCheckChunkElements / perSample);
            long firstSample = -1, badSamples = 0, badValues = 0;
            for (long start = 0; start < samples; start += chunk)
            {
                using var scope = NewDisposeScope();
                long length = Math.Min(chunk, samples - start);
                Tensor perRow = rows.narrow(0, start, length).isfinite().logical_not_().sum(1);
                long[] counts = stack(new[] { perRow.gt(0).sum(), perRow.sum() }).cpu().data<long>().ToArray(); // one read: bad samples, bad values
                if (counts[1] == 0)
                {
                    continue;
                }

                if (firstSample < 0)
                {
                    firstSample = start + perRow.gt(0).nonzero()[0, 0].item<long>();
                }

                badSamples += counts[0];
                badValues += counts[1];
            }

            if (firstSample >= 0)
            {
                throw new ArgumentException(
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "{0} holds {1} non-finite value(s) (NaN or ±Inf) in {2} of {3} sample(s); the first is sample {4}",
                        paramName, badValues, badSamples, samples, firstSample),
                    paramName);
            }
        }

        private static string NotFloatInputs(Tensor data)
        {
            string what = data.dim() switch
            {
                4 => "images",
                3 => "windows",
                _ => "inputs",
            };
            string pass = data.dim() == 4 ? "pass uint8 (0-255) or floating point in [0, 1]" : "pass floating point (integer inputs must be token ids [N, L])";
            return $"{what} are {TypeName(data.dtype)} [{string.Join(", ", data.shape)}]; {pass}";
        }

        /// <summary>The dtype as PyTorch spells it (int32, not Int32), since the message tells what to pass.</summary>
        internal static string TypeName(ScalarType type) => type switch
        {
            ScalarType.Byte => "uint8",
            ScalarType.Int8 => "int8",
            ScalarType.Int16 => "int16",
            ScalarType.Int32 => "int32",
            ScalarType.Int64 => "int64",
            ScalarType.Bool => "bool",
            _ => type.ToString().ToLowerInvariant(),
        };
    }
}
