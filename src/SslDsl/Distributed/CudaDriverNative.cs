using System;
using System.Runtime.InteropServices;

namespace SslDsl.Distributed
{
    /// <summary>
    /// The few CUDA driver API functions (<c>libcuda.so.1</c>) that <see cref="NcclProcessGroup"/> needs to select its
    /// GPU and to poll for a collective's completion, bound at run time. The driver API rather than the runtime
    /// (libcudart) because the driver's soname is the same on every machine with an NVIDIA driver, while TorchSharp's
    /// CUDA package ships only a renamed runtime (<c>libcudart-&lt;hash&gt;.so.12</c>) that <c>dlopen("libcudart.so.12")</c>
    /// does not find. Both APIs share the device's primary context, so making it current here is what
    /// <c>cudaSetDevice</c> does for libtorch and NCCL. Values are cuda.h's.
    /// </summary>
    internal static unsafe class CudaDriverNative
    {
        private const string Library = "libcuda.so.1";

        public const int Success = 0;               // CUDA_SUCCESS
        public const int NotReady = 600;            // CUDA_ERROR_NOT_READY: cuEventQuery's "still running"
        public const uint EventDisableTiming = 0x2; // CU_EVENT_DISABLE_TIMING: the cheapest event, for polling only

        private static readonly Lazy<Api?> Loaded = new(Load);

        /// <summary>The bound functions, or null if the NVIDIA driver's library could not be loaded.</summary>
        public static Api? TryGet() => Loaded.Value;

        /// <summary>Why <see cref="TryGet"/> returned null.</summary>
        public static string? LoadError { get; private set; }

        /// <summary>The driver's text for a result code (cuGetErrorString), with the code.</summary>
        public static string Describe(Api cuda, int code)
        {
            byte* text = null;
            return cuda.GetErrorString(code, &text) == Success && text != null
                ? $"{Marshal.PtrToStringUTF8((IntPtr)text)} (CUresult {code})"
                : $"CUresult {code}";
        }

        private static Api? Load()
        {
            if (!NativeLibrary.TryLoad(Library, out IntPtr handle))
            {
                LoadError = $"{Library} (the NVIDIA driver's CUDA library) was not found: NCCL needs an NVIDIA GPU with its driver installed";
                return null;
            }

            try
            {
                return new Api(handle);
            }
            catch (EntryPointNotFoundException ex)
            {
                LoadError = $"{Library} lacks {ex.Message}: the NVIDIA driver is too old for CUDA 11+";
                return null;
            }
        }

        /// <summary>Function pointers of the loaded driver library (the exported names the cuda.h macros expand to).</summary>
        internal sealed class Api
        {
            public Api(IntPtr library)
            {
                IntPtr Export(string name) => NativeLibrary.TryGetExport(library, name, out IntPtr address) ? address : throw new EntryPointNotFoundException(name);

                Init = (delegate* unmanaged<uint, int>)Export("cuInit");
                DeviceGet = (delegate* unmanaged<int*, int, int>)Export("cuDeviceGet");
                PrimaryCtxRetain = (delegate* unmanaged<IntPtr*, int, int>)Export("cuDevicePrimaryCtxRetain");
                PrimaryCtxRelease = (delegate* unmanaged<int, int>)Export("cuDevicePrimaryCtxRelease_v2");
                CtxSetCurrent = (delegate* unmanaged<IntPtr, int>)Export("cuCtxSetCurrent");
                EventCreate = (delegate* unmanaged<IntPtr*, uint, int>)Export("cuEventCreate");
                EventRecord = (delegate* unmanaged<IntPtr, IntPtr, int>)Export("cuEventRecord");
                EventQuery = (delegate* unmanaged<IntPtr, int>)Export("cuEventQuery");
                EventDestroy = (delegate* unmanaged<IntPtr, int>)Export("cuEventDestroy_v2");
                GetErrorString = (delegate* unmanaged<int, byte**, int>)Export("cuGetErrorString");
            }

            /// <summary>cuInit(flags): idempotent; libtorch has usually called it already.</summary>
            public delegate* unmanaged<uint, int> Init { get; }

            /// <summary>cuDeviceGet(CUdevice* device, int ordinal).</summary>
            public delegate* unmanaged<int*, int, int> DeviceGet { get; }

            /// <summary>cuDevicePrimaryCtxRetain(CUcontext* context, CUdevice device): the context the CUDA runtime uses.</summary>
            public delegate* unmanaged<IntPtr*, int, int> PrimaryCtxRetain { get; }

            /// <summary>cuDevicePrimaryCtxRelease_v2(CUdevice device).</summary>
            public delegate* unmanaged<int, int> PrimaryCtxRelease { get; }

            /// <summary>cuCtxSetCurrent(CUcontext context): this thread's current context.</summary>
            public delegate* unmanaged<IntPtr, int> CtxSetCurrent { get; }

            /// <summary>cuEventCreate(CUevent* event, unsigned flags).</summary>
            public delegate* unmanaged<IntPtr*, uint, int> EventCreate { get; }

            /// <summary>cuEventRecord(CUevent event, CUstream stream): stream 0 is the legacy default stream here (not _ptsz).</summary>
            public delegate* unmanaged<IntPtr, IntPtr, int> EventRecord { get; }

            /// <summary>cuEventQuery(CUevent event): CUDA_SUCCESS when done, CUDA_ERROR_NOT_READY while work before it runs.</summary>
            public delegate* unmanaged<IntPtr, int> EventQuery { get; }

            /// <summary>cuEventDestroy_v2(CUevent event).</summary>
            public delegate* unmanaged<IntPtr, int> EventDestroy { get; }

            /// <summary>cuGetErrorString(CUresult error, const char** text).</summary>
            public delegate* unmanaged<int, byte**, int> GetErrorString { get; }
        }
    }
}
