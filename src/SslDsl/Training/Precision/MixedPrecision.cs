using System;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// What each <see cref="Precision"/> means for a device: the dtype its networks compute in under
    /// <see cref="Autocast"/>, and whether the device does that arithmetic natively (fast) or emulates it (slower
    /// than float32, so worth a warning). Decided at run time from the device, never a crash.
    /// </summary>
    public static class MixedPrecision
    {
        /// <summary>The low-precision dtype of <paramref name="precision"/>, or null for Float32 (no autocast).</summary>
        public static ScalarType? ComputeType(Precision precision) => precision switch
        {
            Precision.Float32 => null,
            Precision.BFloat16 => ScalarType.BFloat16,
            Precision.Float16 => ScalarType.Float16,
            _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "not a Precision value"),
        };

        /// <summary>
        /// Whether <paramref name="device"/> computes in <paramref name="precision"/> natively: always for Float32;
        /// on CPUs, BFloat16 needs AVX512-BF16 or AMX-BF16 and Float16 needs AVX512-FP16 or AMX-FP16 (read from
        /// /proc/cpuinfo; false where it cannot be read); on CUDA, assumed (Ampere and later do both).
        /// </summary>
        public static bool IsNative(Precision precision, Device device)
        {
            if (precision == Precision.Float32 || device.type != DeviceType.CPU)
            {
                return true;
            }

            string flags = CpuFlags.Value;
            return precision == Precision.BFloat16
                ? HasFlag(flags, "avx512_bf16") || HasFlag(flags, "amx_bf16")
                : HasFlag(flags, "avx512_fp16") || HasFlag(flags, "amx_fp16");
        }

        /// <summary>
        /// The warning to show when <paramref name="precision"/> is emulated on <paramref name="device"/> (it works, but
        /// runs slower than Float32), or null when it is native.
        /// </summary>
        public static string? Warning(Precision precision, Device device)
        {
            if (IsNative(precision, device))
            {
                return null;
            }

            string needs = precision == Precision.BFloat16 ? "AVX512-BF16 or AMX" : "AVX512-FP16 or AMX-FP16";
            string advice = precision == Precision.Float16 && IsNative(Precision.BFloat16, device)
                ? "use Precision.BFloat16 (native here)"
                : "use Precision.Float32";
            return $"Precision.{precision} on this CPU is emulated (no {needs}): it runs, but slower than Float32; {advice}";
        }

        private static readonly Lazy<string> CpuFlags = new(ReadCpuFlags);

        private static string ReadCpuFlags()
        {
            try
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("flags", StringComparison.Ordinal))
                    {
                        return " " + line[(line.IndexOf(':') + 1)..].Trim() + " ";
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            return "";
        }

        private static bool HasFlag(string flags, string flag) => flags.Contains(" " + flag + " ", StringComparison.Ordinal);
    }
}
