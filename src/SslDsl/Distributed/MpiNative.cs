using System;
using System.Runtime.InteropServices;

namespace SslDsl.Distributed
{
    /// <summary>
    /// The few functions of Open MPI's C library (<c>libmpi.so.40</c>, Open MPI 4.x) that data parallel needs, bound at
    /// run time so that SslDsl loads and runs single-process where MPI is not installed. Open MPI's handles
    /// (<c>MPI_COMM_WORLD</c>, <c>MPI_FLOAT</c>, <c>MPI_SUM</c>, …) are addresses of exported globals, read with
    /// <see cref="NativeLibrary.GetExport"/>; <c>MPI_IN_PLACE</c> is <c>(void*)1</c> and <c>MPI_STATUS_IGNORE</c> null,
    /// as in Open MPI's mpi.h. Collectives are the non-blocking forms, polled, so that a lost peer times out instead of
    /// hanging (<see cref="MpiProcessGroup"/>).
    /// </summary>
    internal static unsafe class MpiNative
    {
        /// <summary>The sonames tried, newest ABI first (Debian 12 and Ubuntu 22.04+ ship Open MPI 4.1: .so.40).</summary>
        private static readonly string[] Libraries = { "libmpi.so.40", "libmpi.so" };

        public const int ThreadFunneled = 1; // MPI_THREAD_FUNNELED: only the thread that initialised calls MPI

        public static readonly IntPtr InPlace = (IntPtr)1;

        private static readonly Lazy<Api?> Loaded = new(Load);

        /// <summary>The bound functions and handles, or null if no Open MPI library could be loaded.</summary>
        public static Api? TryGet() => Loaded.Value;

        /// <summary>Why <see cref="TryGet"/> returned null, for the error a user sees.</summary>
        public static string? LoadError { get; private set; }

        private static Api? Load()
        {
            foreach (string name in Libraries)
            {
                // RTLD_GLOBAL: Open MPI's plug-ins (dlopened by libmpi itself) resolve libmpi's symbols globally.
                IntPtr handle = DlOpen(name, RtldNow | RtldGlobal);
                if (handle != IntPtr.Zero)
                {
                    try
                    {
                        return new Api(handle);
                    }
                    catch (EntryPointNotFoundException ex)
                    {
                        LoadError = $"{name} is not Open MPI 4.x (missing {ex.Message}); SslDsl's data parallel binds Open MPI's ABI";
                        return null;
                    }
                }
            }

            LoadError = "libmpi.so.40 (Open MPI 4.x) was not found: install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi3) and run under mpirun";
            return null;
        }

        private const int RtldNow = 2;
        private const int RtldGlobal = 0x100;

        [DllImport("libc", EntryPoint = "dlopen")]
        private static extern IntPtr DlOpen([MarshalAs(UnmanagedType.LPUTF8Str)] string file, int mode);

        /// <summary>Function pointers and predefined handles of one loaded Open MPI library.</summary>
        internal sealed class Api
        {
            public Api(IntPtr library)
            {
                IntPtr Export(string name) => NativeLibrary.TryGetExport(library, name, out IntPtr address) ? address : throw new EntryPointNotFoundException(name);

                Initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
                Finalized = (delegate* unmanaged<int*, int>)Export("MPI_Finalized");
                InitThread = (delegate* unmanaged<int*, IntPtr, int, int*, int>)Export("MPI_Init_thread");
                Finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
                CommRank = (delegate* unmanaged<IntPtr, int*, int>)Export("MPI_Comm_rank");
                CommSize = (delegate* unmanaged<IntPtr, int*, int>)Export("MPI_Comm_size");
                Iallreduce = (delegate* unmanaged<IntPtr, IntPtr, int, IntPtr, IntPtr, IntPtr, IntPtr*, int>)Export("MPI_Iallreduce");
                Ibcast = (delegate* unmanaged<IntPtr, int, IntPtr, int, IntPtr, IntPtr*, int>)Export("MPI_Ibcast");
                Iallgather = (delegate* unmanaged<IntPtr, int, IntPtr, IntPtr, int, IntPtr, IntPtr, IntPtr*, int>)Export("MPI_Iallgather");
                Ibarrier = (delegate* unmanaged<IntPtr, IntPtr*, int>)Export("MPI_Ibarrier");
                Test = (delegate* unmanaged<IntPtr*, int*, IntPtr, int>)Export("MPI_Test");
                Abort = (delegate* unmanaged<IntPtr, int, int>)Export("MPI_Abort");
                CommDup = (delegate* unmanaged<IntPtr, IntPtr*, int>)Export("MPI_Comm_dup");
                Isend = (delegate* unmanaged<IntPtr, int, IntPtr, int, int, IntPtr, IntPtr*, int>)Export("MPI_Isend");
                Irecv = (delegate* unmanaged<IntPtr, int, IntPtr, int, int, IntPtr, IntPtr*, int>)Export("MPI_Irecv");
                Cancel = (delegate* unmanaged<IntPtr*, int>)Export("MPI_Cancel");
                RequestFree = (delegate* unmanaged<IntPtr*, int>)Export("MPI_Request_free");
                CommWorld = Export("ompi_mpi_comm_world");
                Float = Export("ompi_mpi_float");
                Double = Export("ompi_mpi_double");
                Int64 = Export("ompi_mpi_int64_t");
                Byte = Export("ompi_mpi_byte");
                Sum = Export("ompi_mpi_op_sum");
                Max = Export("ompi_mpi_op_max");
            }

            public delegate* unmanaged<int*, int> Initialized { get; }

            public delegate* unmanaged<int*, int> Finalized { get; }

            public delegate* unmanaged<int*, IntPtr, int, int*, int> InitThread { get; }

            public delegate* unmanaged<int> Finalize { get; }

            public delegate* unmanaged<IntPtr, int*, int> CommRank { get; }

            public delegate* unmanaged<IntPtr, int*, int> CommSize { get; }

            /// <summary>MPI_Iallreduce(sendbuf, recvbuf, count, datatype, op, comm, request*).</summary>
            public delegate* unmanaged<IntPtr, IntPtr, int, IntPtr, IntPtr, IntPtr, IntPtr*, int> Iallreduce { get; }

            /// <summary>MPI_Ibcast(buffer, count, datatype, root, comm, request*).</summary>
            public delegate* unmanaged<IntPtr, int, IntPtr, int, IntPtr, IntPtr*, int> Ibcast { get; }

            /// <summary>MPI_Iallgather(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm, request*).</summary>
            public delegate* unmanaged<IntPtr, int, IntPtr, IntPtr, int, IntPtr, IntPtr, IntPtr*, int> Iallgather { get; }

            public delegate* unmanaged<IntPtr, IntPtr*, int> Ibarrier { get; }

            /// <summary>MPI_Test(request*, flag*, status*): status null is MPI_STATUS_IGNORE.</summary>
            public delegate* unmanaged<IntPtr*, int*, IntPtr, int> Test { get; }

            public delegate* unmanaged<IntPtr, int, int> Abort { get; }

            /// <summary>MPI_Comm_dup(comm, newcomm*): a private communicator, so our messages never meet the program's.</summary>
            public delegate* unmanaged<IntPtr, IntPtr*, int> CommDup { get; }

            /// <summary>MPI_Isend(buf, count, datatype, dest, tag, comm, request*).</summary>
            public delegate* unmanaged<IntPtr, int, IntPtr, int, int, IntPtr, IntPtr*, int> Isend { get; }

            /// <summary>MPI_Irecv(buf, count, datatype, source, tag, comm, request*).</summary>
            public delegate* unmanaged<IntPtr, int, IntPtr, int, int, IntPtr, IntPtr*, int> Irecv { get; }

            public delegate* unmanaged<IntPtr*, int> Cancel { get; }

            public delegate* unmanaged<IntPtr*, int> RequestFree { get; }

            public IntPtr CommWorld { get; }

            public IntPtr Float { get; }

            public IntPtr Double { get; }

            public IntPtr Int64 { get; }

            public IntPtr Byte { get; }

            public IntPtr Sum { get; }

            public IntPtr Max { get; }
        }
    }
}
