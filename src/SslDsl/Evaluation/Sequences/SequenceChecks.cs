using System;
using System.Linq;
using static TorchSharp.torch;

namespace SslDsl.Evaluation.Sequences
{
    /// <summary>Shape checks shared by the sequence baselines and error measures, with messages that name the argument.</summary>
    internal static class SequenceChecks
    {
        /// <summary><paramref name="windows"/> is floating point <c>[N, C, T]</c> with N, C, T ≥ 1.</summary>
        internal static void Windows(Tensor windows, string name)
        {
            ArgumentNullException.ThrowIfNull(windows, name);
            if (windows.dim() != 3 || windows.shape.Any(s => s < 1) || !windows.is_floating_point())
            {
                throw new ArgumentException($"{name} must be floating-point [N, C, T] windows with N, C, T >= 1, got {windows.dtype} [{Shape(windows)}]", name);
            }
        }

        /// <summary><paramref name="other"/> has the shape of <paramref name="windows"/>.</summary>
        internal static void SameShape(Tensor windows, string windowsName, Tensor other, string otherName)
        {
            ArgumentNullException.ThrowIfNull(other, otherName);
            if (!windows.shape.AsSpan().SequenceEqual(other.shape))
            {
                throw new ArgumentException($"{otherName} [{Shape(other)}] must have the shape of {windowsName} [{Shape(windows)}]", otherName);
            }
        }

        internal static string Shape(Tensor t) => string.Join(", ", t.shape);
    }
}
