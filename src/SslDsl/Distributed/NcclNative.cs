using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace SslDsl.Distributed
{
    /// <summary>
    /// The few functions of NVIDIA's NCCL 2.x (<c>libnccl.so.2</c>) that <see cref="NcclProcessGroup"/> needs, bound at
    /// run time so that SslDsl loads and runs where NCCL is not installed. Enum values are nccl.h's
    /// (NVIDIA/nccl, src/nccl.h.in): <c>ncclResult_t</c>, <c>ncclRedOp_t</c> and <c>ncclDataType_t</c> are C enums,
    /// passed as <c>int</c>; a <c>cudaStream_t</c> is a pointer, 0 being the legacy default stream.
    /// </summary>
    internal static unsafe class NcclNative
    {
        /// <summary>The sonames tried: NVIDIA's libnccl2 package and conda's nccl both install <c>libnccl.so.2</c>.</summary>
        private static readonly string[] Libraries = { "libnccl.so.2", "libnccl.so" };

        /// <summary>NCCL_UNIQUE_ID_BYTES.</summary>
        public const int UniqueIdBytes = 128;

        /// <summary>The 64-bit words that carry a unique id through an int64 broadcast.</summary>
        public const int UniqueIdWords = UniqueIdBytes / sizeof(long);

        public const int Success = 0;       // ncclSuccess
        public const int InProgress = 7;    // ncclInProgress (non-blocking communicators; not an error)
        public const int Sum = 0;           // ncclSum
        public const int Int64 = 4;         // ncclInt64
        public const int Float32 = 7;       // ncclFloat32 (= ncclFloat)
        public const int Float64 = 8;       // ncclFloat64 (= ncclDouble)

        /// <summary>ncclCommGetAsyncError and ncclCommAbort, which the timeout relies on, came with NCCL 2.4.</summary>
        public static readonly Version MinimumVersion = new(2, 4, 0);

        /// <summary>
        /// The message a user sees when NCCL cannot be loaded; it says how to install it and that the CUDA build of
        /// TorchSharp is needed as well.
        /// </summary>
        public const string NotFoundMessage =
            "libnccl.so.2 (NCCL 2.x) was not found: install NCCL (NVIDIA's libnccl2 package from the CUDA apt repository: apt-get install libnccl2; " +
            "or conda install -c conda-forge nccl, with its lib folder on LD_LIBRARY_PATH), and build with the CUDA runtime of TorchSharp " +
            "(-p:SslDslTorchBackend=cuda in this repository, or a reference to TorchSharp-cuda-linux; see README, CPU and CUDA). " +
            "CPU jobs use ProcessGroups.FromLauncher (MPI)";

        private static readonly Lazy<Api?> Loaded = new(Load);

        /// <summary>The bound functions, or null if no usable NCCL library could be loaded (<see cref="LoadError"/> says why).</summary>
        public static Api? TryGet() => Loaded.Value;

        /// <summary>Why <see cref="TryGet"/> returned null, for the error a user sees.</summary>
        public static string? LoadError { get; private set; }

        /// <summary>NCCL's data type for a tensor dtype: the three that the process groups reduce (as <see cref="MpiProcessGroup"/>).</summary>
        public static int DataType(ScalarType type) => type switch
        {
            ScalarType.Float32 => Float32,
            ScalarType.Float64 => Float64,
            ScalarType.Int64 => Int64,
            _ => throw new ArgumentException($"NCCL collectives here take float32, float64 or int64 tensors, not {type}", nameof(type)),
        };

        /// <summary>
        /// NCCL_VERSION_CODE as (major, minor, patch): <c>X·1000 + Y·100 + Z</c> up to 2.8, <c>X·10000 + Y·100 + Z</c>
        /// from 2.9 on (nccl.h's NCCL_VERSION macro).
        /// </summary>
        public static Version DecodeVersion(int code) => code >= 10000
            ? new Version(code / 10000, code / 100 % 100, code % 100)
            : new Version(code / 1000, code / 100 % 10, code % 100);

        /// <summary>Packs a 128-byte unique id into 16 int64 words (little-endian), for a broadcast of an int64 tensor.</summary>
        public static void EncodeUniqueId(ReadOnlySpan<byte> id, Span<long> words)
        {
            CheckLengths(id.Length, words.Length);
            for (int i = 0; i < UniqueIdWords; i++)
            {
                words[i] = BinaryPrimitives.ReadInt64LittleEndian(id.Slice(i * sizeof(long), sizeof(long)));
            }
        }

        /// <summary>The inverse of <see cref="EncodeUniqueId"/>.</summary>
        public static void DecodeUniqueId(ReadOnlySpan<long> words, Span<byte> id)
        {
            CheckLengths(id.Length, words.Length);
            for (int i = 0; i < UniqueIdWords; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(id.Slice(i * sizeof(long), sizeof(long)), words[i]);
            }
        }

        /// <summary>NCCL's text for a result code (ncclGetErrorString), with the code.</summary>
        public static string Describe(Api nccl, int code)
        {
            string? text = Marshal.PtrToStringUTF8((IntPtr)nccl.GetErrorString(code));
            return $"{text ?? "unknown error"} (ncclResult_t {code})";
        }

        private static void CheckLengths(int bytes, int words)
        {
            if (bytes != UniqueIdBytes || words != UniqueIdWords)
            {
                throw new ArgumentException($"an NCCL unique id is {UniqueIdBytes} bytes in {UniqueIdWords} int64 words; got {bytes} bytes and {words} words");
            }
        }

        private static Api? Load()
        {
            foreach (string name in Libraries)
            {
                if (!NativeLibrary.TryLoad(name, out IntPtr handle))
                {
                    continue;
                }

                try
                {
                    var api = new Api(handle);
                    if (api.Version < MinimumVersion)
                    {
                        LoadError = $"{name} is NCCL {api.Version}; SslDsl needs NCCL {MinimumVersion} or newer (asynchronous error queries and abort)";
                        return null;
                    }

                    return api;
                }
                catch (EntryPointNotFoundException ex)
                {
                    LoadError = $"{name} is not NCCL 2.x (missing {ex.Message})";
                    return null;
                }
            }

            LoadError = NotFoundMessage;
            return null;
        }

        /// <summary>One 128-byte <c>ncclUniqueId</c>, passed by value to ncclCommInitRank as the C struct is.</summary>
        [StructLayout(LayoutKind.Sequential, Size = UniqueIdBytes)]
        internal struct UniqueId
        {
            public fixed byte Internal[UniqueIdBytes];
        }

        /// <summary>Function pointers of one loaded NCCL library.</summary>
        internal sealed class Api
        {
            public Api(IntPtr library)
            {
                IntPtr Export(string name) => NativeLibrary.TryGetExport(library, name, out IntPtr address) ? address : throw new EntryPointNotFoundException(name);

                GetVersion = (delegate* unmanaged<int*, int>)Export("ncclGetVersion");
                GetUniqueId = (delegate* unmanaged<UniqueId*, int>)Export("ncclGetUniqueId");
                CommInitRank = (delegate* unmanaged<IntPtr*, int, UniqueId, int, int>)Export("ncclCommInitRank");
                AllReduce = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int>)Export("ncclAllReduce");
                Broadcast = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int>)Export("ncclBroadcast");
                AllGather = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, IntPtr, IntPtr, int>)Export("ncclAllGather");
                CommGetAsyncError = (delegate* unmanaged<IntPtr, int*, int>)Export("ncclCommGetAsyncError");
                CommAbort = (delegate* unmanaged<IntPtr, int>)Export("ncclCommAbort");
                CommDestroy = (delegate* unmanaged<IntPtr, int>)Export("ncclCommDestroy");
                GetErrorString = (delegate* unmanaged<int, byte*>)Export("ncclGetErrorString");
                int code;
                Version = GetVersion(&code) == Success ? DecodeVersion(code) : new Version(0, 0);
            }

            /// <summary>The loaded library's version (ncclGetVersion).</summary>
            public Version Version { get; }

            /// <summary>ncclGetVersion(int* version).</summary>
            public delegate* unmanaged<int*, int> GetVersion { get; }

            /// <summary>ncclGetUniqueId(ncclUniqueId* id).</summary>
            public delegate* unmanaged<UniqueId*, int> GetUniqueId { get; }

            /// <summary>ncclCommInitRank(ncclComm_t* comm, int nranks, ncclUniqueId id, int rank): blocks until every rank joined.</summary>
            public delegate* unmanaged<IntPtr*, int, UniqueId, int, int> CommInitRank { get; }

            /// <summary>ncclAllReduce(sendbuff, recvbuff, count, datatype, op, comm, stream): in place when the buffers are equal.</summary>
            public delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int> AllReduce { get; }

            /// <summary>ncclBroadcast(sendbuff, recvbuff, count, datatype, root, comm, stream): in place when the buffers are equal.</summary>
            public delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int> Broadcast { get; }

            /// <summary>ncclAllGather(sendbuff, recvbuff, sendcount, datatype, comm, stream): rank i's block at i·sendcount.</summary>
            public delegate* unmanaged<IntPtr, IntPtr, nuint, int, IntPtr, IntPtr, int> AllGather { get; }

            /// <summary>ncclCommGetAsyncError(comm, ncclResult_t* asyncError): a peer's or the network's failure.</summary>
            public delegate* unmanaged<IntPtr, int*, int> CommGetAsyncError { get; }

            /// <summary>ncclCommAbort(comm): frees the communicator and aborts its operations still running on the device.</summary>
            public delegate* unmanaged<IntPtr, int> CommAbort { get; }

            /// <summary>ncclCommDestroy(comm).</summary>
            public delegate* unmanaged<IntPtr, int> CommDestroy { get; }

            /// <summary>ncclGetErrorString(result): a static C string.</summary>
            public delegate* unmanaged<int, byte*> GetErrorString { get; }
        }
    }
}
