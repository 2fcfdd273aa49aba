using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// libtorch's own automatic mixed precision (<c>at::autocast</c>, what <c>torch.autocast</c> drives in PyTorch),
    /// reached through its exported C++ functions because TorchSharp 0.107 does not wrap it. While a region is active
    /// on a thread, libtorch's dispatcher runs convolutions, linear layers and matrix products in the region's low
    /// precision (weights cast once per region and cached) and keeps its float32 list (losses, reductions it knows to
    /// be unsafe) in float32 — the same policy, op by op, as PyTorch's autocast on the same device type.
    /// <para>
    /// The state is per thread, like PyTorch's. Backward runs outside the region (gradients follow the forward's
    /// dtypes), which is PyTorch's recommended use. The weight cache must be cleared when the outermost region ends,
    /// or the next region would use weights from before the optimizer step: <see cref="Enter"/>'s scope does that.
    /// </para>
    /// </summary>
    public static class Autocast
    {
        /// <summary>
        /// Starts a region on the calling thread: the device type of <paramref name="device"/> computes in
        /// <paramref name="dtype"/> (BFloat16 or Float16). Dispose the scope to end it (restores the previous state).
        /// </summary>
        public static AutocastScope Enter(DeviceType device, ScalarType dtype)
        {
            if (dtype is not (ScalarType.BFloat16 or ScalarType.Float16))
            {
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "autocast computes in BFloat16 or Float16");
            }

            AutocastNative api = AutocastNative.Api;
            sbyte type = (sbyte)device;
            var scope = new AutocastScope(type, api.IsEnabled(type), api.GetDtype(type), entered: true);
            api.SetDtype(type, (sbyte)dtype);
            api.SetEnabled(type, true);
            api.IncrementNesting();
            return scope;
        }

        /// <summary>
        /// Suspends a region of <paramref name="device"/>'s type, if one is active, until the scope is disposed: code
        /// that must compute in its inputs' precision (the losses) runs inside it.
        /// </summary>
        public static AutocastScope Suspend(DeviceType device)
        {
            if (!AutocastNative.Loaded)
            {
                return default; // nothing was ever enabled: no native call needed
            }

            AutocastNative api = AutocastNative.Api;
            sbyte type = (sbyte)device;
            bool enabled = api.IsEnabled(type);
            if (enabled)
            {
                api.SetEnabled(type, false);
            }

            return new AutocastScope(type, enabled, 0, entered: false);
        }

        /// <summary>Whether a region of <paramref name="device"/>'s type is active on this thread.</summary>
        public static bool IsEnabled(DeviceType device) => AutocastNative.Loaded && AutocastNative.Api.IsEnabled((sbyte)device);

        /// <summary>Whether this process's libtorch exposes autocast (false: the message says why).</summary>
        public static bool IsAvailable(out string? problem)
        {
            problem = AutocastNative.LoadProblem;
            return problem is null;
        }
    }

    /// <summary>An autocast region or suspension (see <see cref="Autocast"/>); a struct so that entering allocates nothing.</summary>
    public readonly struct AutocastScope : IDisposable
    {
        private readonly sbyte device;
        private readonly bool wasEnabled;
        private readonly sbyte previousDtype;
        private readonly bool entered;
        private readonly bool active;

        internal AutocastScope(sbyte device, bool wasEnabled, sbyte previousDtype, bool entered)
        {
            this.device = device;
            this.wasEnabled = wasEnabled;
            this.previousDtype = previousDtype;
            this.entered = entered;
            active = true;
        }

        public void Dispose()
        {
            if (!active)
            {
                return;
            }

            AutocastNative api = AutocastNative.Api;
            if (!entered)
            {
                api.SetEnabled(device, wasEnabled); // end of a suspension
                return;
            }

            if (api.DecrementNesting() == 0)
            {
                api.ClearCache(); // the cached low-precision weights are stale after the next optimizer step
            }

            api.SetDtype(device, previousDtype);
            api.SetEnabled(device, wasEnabled);
        }
    }
}
