using System;
using System.Runtime.InteropServices;

namespace SslDsl.Training
{
    /// <summary>
    /// The seven <c>at::autocast</c> functions of libtorch_cpu (which serves every device type), looked up once by
    /// their mangled names: Itanium C++ ABI (Linux, macOS) first, MSVC (Windows) second. The signatures take only
    /// <c>c10::DeviceType</c> and <c>c10::ScalarType</c> (both <c>int8_t</c> enums), <c>bool</c> and <c>int64_t</c>,
    /// which the platform C calling convention passes like C arguments. Pinned with TorchSharp's libtorch (2.10):
    /// a test resolves them, so a libtorch that renames them fails the build's tests, not a user's run.
    /// </summary>
    internal sealed unsafe class AutocastNative
    {
        private static readonly Lazy<(AutocastNative? Api, string? Problem)> Instance = new(Load);

        private readonly delegate* unmanaged<sbyte, byte, void> setEnabled;
        private readonly delegate* unmanaged<sbyte, byte> isEnabled;
        private readonly delegate* unmanaged<sbyte, sbyte, void> setDtype;
        private readonly delegate* unmanaged<sbyte, sbyte> getDtype;
        private readonly delegate* unmanaged<long> incrementNesting;
        private readonly delegate* unmanaged<long> decrementNesting;
        private readonly delegate* unmanaged<void> clearCache;

        private AutocastNative(IntPtr library)
        {
            setEnabled = (delegate* unmanaged<sbyte, byte, void>)Export(library, "_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb", "?set_autocast_enabled@autocast@at@@YAXW4DeviceType@c10@@_N@Z");
            isEnabled = (delegate* unmanaged<sbyte, byte>)Export(library, "_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE", "?is_autocast_enabled@autocast@at@@YA_NW4DeviceType@c10@@@Z");
            setDtype = (delegate* unmanaged<sbyte, sbyte, void>)Export(library, "_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE", "?set_autocast_dtype@autocast@at@@YAXW4DeviceType@c10@@W4ScalarType@4@@Z");
            getDtype = (delegate* unmanaged<sbyte, sbyte>)Export(library, "_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE", "?get_autocast_dtype@autocast@at@@YA?AW4ScalarType@c10@@W4DeviceType@4@@Z");
            incrementNesting = (delegate* unmanaged<long>)Export(library, "_ZN2at8autocast17increment_nestingEv", "?increment_nesting@autocast@at@@YA_JXZ");
            decrementNesting = (delegate* unmanaged<long>)Export(library, "_ZN2at8autocast17decrement_nestingEv", "?decrement_nesting@autocast@at@@YA_JXZ");
            clearCache = (delegate* unmanaged<void>)Export(library, "_ZN2at8autocast11clear_cacheEv", "?clear_cache@autocast@at@@YAXXZ");
        }

        /// <summary>The functions; throws <see cref="NotSupportedException"/> naming the problem when libtorch lacks them.</summary>
        public static AutocastNative Api => Instance.Value.Api ?? throw new NotSupportedException("mixed precision needs libtorch's autocast: " + Instance.Value.Problem);

        /// <summary>Whether the lookup ran and succeeded (so that nothing is loaded just to ask).</summary>
        public static bool Loaded => Instance.IsValueCreated && Instance.Value.Api is not null;

        /// <summary>Why the functions could not be found, or null when they were.</summary>
        public static string? LoadProblem => Instance.Value.Problem;

        public void SetEnabled(sbyte device, bool enabled) => setEnabled(device, enabled ? (byte)1 : (byte)0);

        public bool IsEnabled(sbyte device) => isEnabled(device) != 0;

        public void SetDtype(sbyte device, sbyte dtype) => setDtype(device, dtype);

        public sbyte GetDtype(sbyte device) => getDtype(device);

        public long IncrementNesting() => incrementNesting();

        public long DecrementNesting() => decrementNesting();

        public void ClearCache() => clearCache();

        private static (AutocastNative?, string?) Load()
        {
            TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU); // loads libtorch (and its CPU library) the way TorchSharp does
            string[] names = OperatingSystem.IsWindows() ? new[] { "torch_cpu.dll" }
                : OperatingSystem.IsMacOS() ? new[] { "libtorch_cpu.dylib" }
                : new[] { "libtorch_cpu.so" };
            foreach (string name in names)
            {
                if (NativeLibrary.TryLoad(name, typeof(TorchSharp.torch).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out IntPtr library)
                    || NativeLibrary.TryLoad(name, out library))
                {
                    try
                    {
                        return (new AutocastNative(library), null);
                    }
                    catch (EntryPointNotFoundException e)
                    {
                        return (null, e.Message);
                    }
                }
            }

            return (null, $"{string.Join(" or ", names)} could not be loaded next to TorchSharp");
        }

        private static IntPtr Export(IntPtr library, string itanium, string msvc)
        {
            if (NativeLibrary.TryGetExport(library, itanium, out IntPtr address) || NativeLibrary.TryGetExport(library, msvc, out address))
            {
                return address;
            }

            throw new EntryPointNotFoundException($"libtorch exports no at::autocast function '{itanium}' (this TorchSharp's libtorch is not the 2.x it was built against)");
        }
    }
}
