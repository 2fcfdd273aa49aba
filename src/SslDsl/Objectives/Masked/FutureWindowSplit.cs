using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Future-window prediction for multichannel sensor windows: the first T − H steps are the context the encoder sees,
    /// the last H steps the future it must forecast (<see cref="FutureWindowLoss"/>).
    /// </summary>
    public static class FutureWindowSplit
    {
        /// <summary>Splits <c>[B, C, T]</c> windows along time.</summary>
        /// <param name="windows"><c>[B, C, T]</c>.</param>
        /// <param name="horizon">H, the number of future steps, in [1, T).</param>
        /// <returns>Context <c>[B, C, T − H]</c> and future <c>[B, C, H]</c>: views of <paramref name="windows"/> (no copy;
        /// an in-place change to either changes the windows).</returns>
        public static (Tensor Context, Tensor Future) Split(Tensor windows, int horizon)
        {
            ArgumentNullException.ThrowIfNull(windows);
            if (windows.dim() != 3)
            {
                throw new ArgumentException($"future-window prediction expects [B, C, T] windows, got [{string.Join(", ", windows.shape)}]", nameof(windows));
            }

            long length = windows.shape[2];
            if (horizon < 1 || horizon >= length)
            {
                throw new ArgumentOutOfRangeException(nameof(horizon), horizon,
                    $"the horizon must be in [1, T) so that some context remains: windows have T = {length} steps, horizon {horizon}");
            }

            return (windows.narrow(2, 0, length - horizon), windows.narrow(2, length - horizon, horizon));
        }
    }
}
