using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Distributed
{
    /// <summary>
    /// The ranks of an MPI job, each on one GPU, with the collectives run by NVIDIA's NCCL on CUDA tensors in place (no
    /// host copies). MPI starts the job and carries NCCL's bootstrap id; CPU tensors and <see cref="Barrier"/> go
    /// through the MPI group, so the trainer's small host-side agreements (stop flags, the planned epochs) keep working.
    /// Collectives run on the legacy default CUDA stream, which TorchSharp computes on, and each is waited for by
    /// polling an event and NCCL's asynchronous error, so that a lost peer ends it with a
    /// <see cref="ProcessGroupTimeoutException"/> after <see cref="Timeout"/> instead of hanging; the group is then
    /// <see cref="Broken"/>, its communicator aborted, and it refuses further collectives.
    /// </summary>
    public sealed unsafe class NcclProcessGroup : IProcessGroup
    {
        private readonly NcclNative.Api nccl;
        private readonly CudaDriverNative.Api cuda;
        private readonly MpiProcessGroup host;
        private readonly object gate = new();
        private readonly int cudaDevice;
        private readonly IntPtr context;
        private readonly IntPtr completed;
        private IntPtr comm;
        private bool disposed;
        private TimeSpan timeout;

        private NcclProcessGroup(NcclNative.Api nccl, CudaDriverNative.Api cuda, MpiProcessGroup host, int device, int cudaDevice, IntPtr context, IntPtr completed, IntPtr comm, TimeSpan timeout)
        {
            this.nccl = nccl;
            this.cuda = cuda;
            this.host = host;
            Device = device;
            this.cudaDevice = cudaDevice;
            this.context = context;
            this.completed = completed;
            this.comm = comm;
            Timeout = timeout;
        }

        /// <inheritdoc/>
        public int Rank => host.Rank;

        /// <inheritdoc/>
        public int Size => host.Size;

        /// <summary>"nccl".</summary>
        public string Backend => "nccl";

        /// <summary>The CUDA device (ordinal) this rank's collectives run on; its tensors must live there.</summary>
        public int Device { get; }

        /// <summary>How long one collective may wait for the other ranks (positive).</summary>
        public TimeSpan Timeout
        {
            get => timeout;
            set => timeout = ProcessGroupChecks.Timeout(value, nameof(value));
        }

        /// <summary>Set when a collective timed out or NCCL reported an error: the communicator was aborted and this group can no longer be used.</summary>
        public bool Broken { get; private set; }

        /// <summary>
        /// Joins the MPI job (<see cref="MpiProcessGroup.Initialize"/>) and returns an NCCL group over its ranks on CUDA
        /// device <paramref name="device"/> (under <c>mpirun</c>, the local rank: <c>OMPI_COMM_WORLD_LOCAL_RANK</c>).
        /// Every rank must call it. Throws <see cref="InvalidOperationException"/> saying what to install when NCCL
        /// cannot be loaded or CUDA is not available, before MPI is started.
        /// </summary>
        public static NcclProcessGroup FromLauncher(int device, TimeSpan? timeout = null)
        {
            ProcessGroupChecks.Timeout(timeout);
            CheckRequirements(device);
            return Initialize(MpiProcessGroup.Initialize(timeout), device, timeout);
        }

        /// <summary>
        /// Creates an NCCL communicator over the ranks of <paramref name="mpi"/>, this rank on CUDA device
        /// <paramref name="device"/> (made this thread's current device): rank 0 creates NCCL's unique id, the MPI group
        /// broadcasts it, and every rank joins with <c>ncclCommInitRank</c> (which waits for all of them). Every rank
        /// must call it. <paramref name="timeout"/> (default <see cref="MpiProcessGroup.DefaultTimeout"/>) bounds each
        /// later collective.
        /// </summary>
        public static NcclProcessGroup Initialize(MpiProcessGroup mpi, int device, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(mpi);
            TimeSpan wait = ProcessGroupChecks.Timeout(timeout);
            NcclNative.Api nccl = CheckRequirements(device);
            CudaDriverNative.Api cuda = CudaDriverNative.TryGet() ?? throw new InvalidOperationException(CudaDriverNative.LoadError);

            CheckCuda(cuda, cuda.Init(0), "cuInit");
            int cudaDevice;
            CheckCuda(cuda, cuda.DeviceGet(&cudaDevice, device), "cuDeviceGet");
            IntPtr context;
            CheckCuda(cuda, cuda.PrimaryCtxRetain(&context, cudaDevice), "cuDevicePrimaryCtxRetain");
            IntPtr completed = IntPtr.Zero;
            try
            {
                // NCCL binds the communicator to the current device, as cudaSetDevice(device) would make it.
                CheckCuda(cuda, cuda.CtxSetCurrent(context), "cuCtxSetCurrent");
                CheckCuda(cuda, cuda.EventCreate(&completed, CudaDriverNative.EventDisableTiming), "cuEventCreate");
                NcclNative.UniqueId id = AgreeOnUniqueId(mpi, nccl);
                IntPtr comm;
                int code = nccl.CommInitRank(&comm, mpi.Size, id, mpi.Rank);
                if (code != NcclNative.Success)
                {
                    throw new InvalidOperationException($"rank {mpi.Rank} of {mpi.Size}: ncclCommInitRank on cuda:{device} failed: {NcclNative.Describe(nccl, code)} (NCCL_DEBUG=INFO says more)");
                }

                return new NcclProcessGroup(nccl, cuda, mpi, device, cudaDevice, context, completed, comm, wait);
            }
            catch
            {
                if (completed != IntPtr.Zero)
                {
                    cuda.EventDestroy(completed);
                }

                cuda.PrimaryCtxRelease(cudaDevice);
                throw;
            }
        }

        /// <summary>
        /// Throws, naming what is missing, unless NCCL is loaded, CUDA is available and <paramref name="device"/> is one
        /// of its devices; runs before MPI is started or an NCCL communicator created.
        /// </summary>
        private static NcclNative.Api CheckRequirements(int device)
        {
            NcclNative.Api? nccl = NcclNative.TryGet();
            bool cudaAvailable = nccl is not null && torch.cuda.is_available();
            CheckRequirements(nccl is not null, NcclNative.LoadError, cudaAvailable, cudaAvailable ? torch.cuda.device_count() : 0, device);
            return nccl!;
        }

        /// <summary>The checks of <see cref="CheckRequirements(int)"/> on given facts, in the order a user fixes them.</summary>
        internal static void CheckRequirements(bool ncclLoaded, string? ncclError, bool cudaAvailable, int deviceCount, int device)
        {
            if (!ncclLoaded)
            {
                throw new InvalidOperationException(ncclError ?? NcclNative.NotFoundMessage);
            }

            if (!cudaAvailable)
            {
                throw new InvalidOperationException(
                    "CUDA is not available to TorchSharp (torch.cuda.is_available() is false), and NCCL runs collectives on GPUs: build with the CUDA runtime " +
                    "(-p:SslDslTorchBackend=cuda in this repository, or reference TorchSharp-cuda-linux 0.107.0; see README, CPU and CUDA) and run where an NVIDIA GPU and its driver are. " +
                    "CPU jobs use ProcessGroups.FromLauncher (MPI)");
            }

            if (device < 0 || device >= deviceCount)
            {
                throw new ArgumentOutOfRangeException(nameof(device), device, $"the CUDA device must be 0 … {deviceCount - 1} (this process sees {deviceCount}); under mpirun pass the local rank (OMPI_COMM_WORLD_LOCAL_RANK)");
            }
        }

        /// <summary>
        /// Whether a collective on <paramref name="tensor"/> goes to the MPI group (a CPU tensor) rather than NCCL (a
        /// CUDA tensor on <paramref name="device"/>); any other device is an error.
        /// </summary>
        internal static bool OnHost(Tensor tensor, int device)
        {
            DeviceType type = tensor.device_type;
            if (type == DeviceType.CPU)
            {
                return true;
            }

            if (type != DeviceType.CUDA)
            {
                throw new ArgumentException($"the NCCL process group takes CUDA tensors (on cuda:{device}) and hands CPU tensors to MPI; got a {type} tensor", nameof(tensor));
            }

            if (tensor.device_index != device)
            {
                throw new ArgumentException($"this rank's NCCL communicator runs on cuda:{device}; the tensor is on cuda:{tensor.device_index}", nameof(tensor));
            }

            return false;
        }

        /// <inheritdoc/>
        public void AllReduceSum(Tensor tensor)
        {
            if (OnHost(tensor, Device))
            {
                host.AllReduceSum(tensor);
                return;
            }

            Run(tensor, Collective.AllReduce, NcclNative.DataType(tensor.dtype), root: 0, gathered: null);
        }

        /// <inheritdoc/>
        public void Broadcast(Tensor tensor, int root = 0)
        {
            ProcessGroupChecks.Root(root, Size);
            if (OnHost(tensor, Device))
            {
                host.Broadcast(tensor, root);
                return;
            }

            Run(tensor, Collective.Broadcast, NcclNative.DataType(tensor.dtype), root, gathered: null);
        }

        /// <inheritdoc/>
        public Tensor AllGather(Tensor tensor)
        {
            if (OnHost(tensor, Device))
            {
                return host.AllGather(tensor);
            }

            int type = NcclNative.DataType(tensor.dtype);
            long[] gatheredShape = (long[])tensor.shape.Clone();
            if (gatheredShape.Length == 0)
            {
                throw new ArgumentException("all-gather concatenates along dimension 0; a scalar has none", nameof(tensor));
            }

            gatheredShape[0] *= Size;
            Tensor gathered = empty(gatheredShape, tensor.dtype, tensor.device);
            try
            {
                Run(tensor, Collective.AllGather, type, root: 0, gathered);
                return gathered;
            }
            catch
            {
                gathered.Dispose();
                throw;
            }
        }

        /// <summary>The MPI group's barrier: every NCCL collective before it has completed, since each is waited for.</summary>
        public void Barrier()
        {
            lock (gate)
            {
                EnsureUsable();
            }

            host.Barrier();
        }

        /// <summary>
        /// Destroys the communicator and releases the device. A broken group aborts the MPI job instead (as a broken
        /// <see cref="MpiProcessGroup"/> does): its peers are gone, and finalizing MPI would wait for them. The MPI group
        /// itself stays open; it is finalized when it is disposed or the process exits.
        /// </summary>
        public void Dispose()
        {
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                if (comm != IntPtr.Zero)
                {
                    nccl.CommDestroy(comm);
                    comm = IntPtr.Zero;
                }

                cuda.EventDestroy(completed);
                cuda.PrimaryCtxRelease(cudaDevice);
                if (Broken && MpiNative.TryGet() is { } mpi)
                {
                    mpi.Abort(mpi.CommWorld, 1);
                }
            }
        }

        private enum Collective
        {
            AllReduce,
            Broadcast,
            AllGather,
        }

        /// <summary>Rank 0's unique id on every rank, through an MPI broadcast of 16 int64 words and rank 0's result code.</summary>
        private static NcclNative.UniqueId AgreeOnUniqueId(MpiProcessGroup mpi, NcclNative.Api nccl)
        {
            NcclNative.UniqueId id = default;
            var message = new long[NcclNative.UniqueIdWords + 1];
            if (mpi.Rank == 0)
            {
                int code = nccl.GetUniqueId(&id);
                message[^1] = code;
                if (code == NcclNative.Success)
                {
                    NcclNative.EncodeUniqueId(new ReadOnlySpan<byte>(id.Internal, NcclNative.UniqueIdBytes), message.AsSpan(0, NcclNative.UniqueIdWords));
                }
            }

            using (Tensor carrier = tensor(message))
            {
                mpi.Broadcast(carrier, root: 0);
                message = carrier.data<long>().ToArray();
            }

            // Every rank fails together when rank 0 could not create the id, instead of the others waiting for it.
            if (message[^1] != NcclNative.Success)
            {
                throw new InvalidOperationException($"rank {mpi.Rank} of {mpi.Size}: rank 0's ncclGetUniqueId failed: {NcclNative.Describe(nccl, (int)message[^1])}");
            }

            NcclNative.DecodeUniqueId(message.AsSpan(0, NcclNative.UniqueIdWords), new Span<byte>(id.Internal, NcclNative.UniqueIdBytes));
            return id;
        }

        /// <summary>Runs one collective on <paramref name="tensor"/>'s memory, or on a contiguous copy on the same device.</summary>
        private void Run(Tensor tensor, Collective collective, int type, int root, Tensor? gathered)
        {
            long count = tensor.numel();
            if (count == 0)
            {
                return; // every rank has the same shape, so every rank skips it
            }

            bool direct = tensor.is_contiguous();
            Tensor buffer = direct ? tensor : Contiguous(tensor);
            try
            {
                lock (gate)
                {
                    EnsureUsable();
                    CheckCuda(cuda, cuda.CtxSetCurrent(context), "cuCtxSetCurrent"); // this thread may not be the one that initialised
                    IntPtr data = TensorMemory.DeviceAddress(buffer);
                    int code = collective switch
                    {
                        Collective.AllReduce => nccl.AllReduce(data, data, (nuint)count, type, NcclNative.Sum, comm, IntPtr.Zero),
                        Collective.Broadcast => nccl.Broadcast(data, data, (nuint)count, type, root, comm, IntPtr.Zero),
                        _ => nccl.AllGather(data, TensorMemory.DeviceAddress(gathered!), (nuint)count, type, comm, IntPtr.Zero),
                    };
                    if (code != NcclNative.Success)
                    {
                        Fail($"{Name(collective)} could not be started: {NcclNative.Describe(nccl, code)}");
                    }

                    host.CountCollective(); // numbered with MPI's, so a liveness probe can tell ranks in different collectives
                    Wait(collective);
                }

                if (!direct && collective != Collective.AllGather)
                {
                    using var noGrad = no_grad();
                    tensor.copy_(buffer);
                }
            }
            finally
            {
                if (!direct)
                {
                    buffer.Dispose();
                }
            }
        }

        /// <summary>
        /// Polls an event recorded after the collective on the default stream, and NCCL's asynchronous error, until it
        /// completes or <see cref="Timeout"/> passes (then the communicator is aborted and the group broken).
        /// </summary>
        private void Wait(Collective collective)
        {
            CheckCuda(cuda, cuda.EventRecord(completed, IntPtr.Zero), "cuEventRecord");
            long start = Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            while (true)
            {
                int state = cuda.EventQuery(completed);
                if (state == CudaDriverNative.Success)
                {
                    return;
                }

                if (state != CudaDriverNative.NotReady)
                {
                    Fail($"the {Name(collective)} failed on the device: {CudaDriverNative.Describe(cuda, state)}");
                }

                int asyncError;
                int code = nccl.CommGetAsyncError(comm, &asyncError);
                if (code != NcclNative.Success || (asyncError != NcclNative.Success && asyncError != NcclNative.InProgress))
                {
                    Fail($"the {Name(collective)} failed: {NcclNative.Describe(nccl, code != NcclNative.Success ? code : asyncError)} (a peer or the network failed; NCCL_DEBUG=WARN says more)");
                }

                TimeSpan waited = Stopwatch.GetElapsedTime(start);
                if (waited > Timeout)
                {
                    Abort();
                    (string who, IReadOnlyList<int> silent) = host.NameLostRanks(); // the peers waiting in NCCL answer MPI's probe (below)
                    throw new ProcessGroupTimeoutException(
                        $"rank {Rank} of {Size}: the {Name(collective)} did not complete within {Timeout.TotalSeconds:0.#} s: {who}; the last checkpoint is intact, resume from it with a new launch",
                        Rank,
                        Size,
                        silent);
                }

                // As MpiProcessGroup: spin briefly, then yield the core to the peers and NCCL's proxy thread.
                if (spin.Count < 50)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
                else
                {
                    host.AnswerLivenessProbes();
                    Thread.Sleep(waited.TotalMilliseconds < 100 ? 0 : 1);
                }
            }
        }

        /// <summary>Aborts the communicator (its peers cannot be trusted any more) and throws.</summary>
        private void Fail(string message)
        {
            Abort();
            throw new InvalidOperationException($"rank {Rank} of {Size}: {message}; the NCCL communicator was aborted");
        }

        private void Abort()
        {
            Broken = true;
            host.MarkBroken(); // the job lost a rank: MPI must abort at exit, not finalize (which would wait for it)
            if (comm != IntPtr.Zero)
            {
                nccl.CommAbort(comm);
                comm = IntPtr.Zero;
            }
        }

        private void EnsureUsable()
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (Broken)
            {
                throw new InvalidOperationException($"rank {Rank} of {Size}: an earlier collective timed out or failed, so this NCCL process group was aborted and cannot be used");
            }
        }

        private static Tensor Contiguous(Tensor tensor)
        {
            using var noGrad = no_grad();
            return tensor.contiguous();
        }

        private static string Name(Collective collective) => collective switch
        {
            Collective.AllReduce => "all-reduce",
            Collective.Broadcast => "broadcast",
            _ => "all-gather",
        };

        private static void CheckCuda(CudaDriverNative.Api cuda, int code, string function)
        {
            if (code != CudaDriverNative.Success)
            {
                throw new InvalidOperationException($"{function} failed: {CudaDriverNative.Describe(cuda, code)}");
            }
        }
    }
}
