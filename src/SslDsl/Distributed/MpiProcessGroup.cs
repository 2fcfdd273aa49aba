using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Distributed
{
    /// <summary>
    /// The ranks of <c>MPI_COMM_WORLD</c> under Open MPI (<c>mpirun -np N</c>, or a cluster launcher with PMIx). Each
    /// collective is started non-blocking and polled, so that a peer that died or hangs ends it with a
    /// <see cref="ProcessGroupTimeoutException"/> after <see cref="Timeout"/> instead of blocking forever; after one the
    /// group is <see cref="Broken"/> and refuses further collectives. CPU tensors are handed to MPI in place; tensors on
    /// other devices (or not contiguous) go through a host copy (a CUDA job wants NCCL, see docs/distributed.md).
    /// </summary>
    public sealed unsafe class MpiProcessGroup : IProcessGroup
    {
        private const int ThreadSerialized = 2; // MPI_THREAD_SERIALIZED: any thread, one at a time (the lock below)
        private readonly MpiNative.Api mpi;
        private readonly object gate = new();
        private readonly bool initializedHere;
        private readonly LivenessProbe liveness;
        private bool disposed;
        private TimeSpan timeout;

        /// <summary>How long a rank whose collective timed out waits for its peers to answer a liveness probe.</summary>
        private static readonly TimeSpan LivenessGrace = TimeSpan.FromSeconds(2);

        private MpiProcessGroup(MpiNative.Api mpi, bool initializedHere, TimeSpan timeout)
        {
            this.mpi = mpi;
            this.initializedHere = initializedHere;
            Timeout = timeout;
            int rank, size;
            Check(mpi.CommRank(mpi.CommWorld, &rank), "MPI_Comm_rank");
            Check(mpi.CommSize(mpi.CommWorld, &size), "MPI_Comm_size");
            Rank = rank;
            Size = size;
            liveness = new LivenessProbe(mpi, rank, size);
        }

        /// <summary>The default time a collective may take before the peers are declared lost: 30 s.</summary>
        public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(30);

        public int Rank { get; }

        public int Size { get; }

        public string Backend => "mpi";

        /// <summary>How long one collective may wait for the other ranks (positive; e.g. longer for a slow start-up).</summary>
        public TimeSpan Timeout
        {
            get => timeout;
            set => timeout = ProcessGroupChecks.Timeout(value, nameof(value));
        }

        /// <summary>Set when a collective timed out: the job has lost a rank and this group can no longer be used.</summary>
        public bool Broken { get; private set; }

        private static readonly object WorldGate = new();
        private static MpiProcessGroup? world;

        /// <summary>
        /// Initialises MPI (once per process) and returns the world group; later calls return the same group (with
        /// <paramref name="timeout"/>, when given). MPI is finalized when the group is disposed, or when the process
        /// exits (a rank that exits without finalizing makes mpirun fail the job). Throws
        /// <see cref="InvalidOperationException"/> naming the problem when Open MPI's library cannot be loaded.
        /// </summary>
        public static MpiProcessGroup Initialize(TimeSpan? timeout = null)
        {
            lock (WorldGate)
            {
                if (world is { disposed: false } existing)
                {
                    if (timeout is { } t)
                    {
                        existing.Timeout = t;
                    }

                    return existing;
                }

                world = Create(timeout);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => world?.Dispose();
                return world;
            }
        }

        private static MpiProcessGroup Create(TimeSpan? timeout)
        {
            TimeSpan wait = ProcessGroupChecks.Timeout(timeout);

            MpiNative.Api mpi = MpiNative.TryGet() ?? throw new InvalidOperationException(MpiNative.LoadError);
            int initialized, finalized;
            Check(mpi.Initialized(&initialized), "MPI_Initialized");
            Check(mpi.Finalized(&finalized), "MPI_Finalized");
            if (finalized != 0)
            {
                throw new InvalidOperationException("MPI was already finalized in this process; a process joins one MPI job once");
            }

            if (initialized == 0)
            {
                int provided;
                Check(mpi.InitThread(null, IntPtr.Zero, ThreadSerialized, &provided), "MPI_Init_thread");
                if (provided < ThreadSerialized)
                {
                    throw new InvalidOperationException($"this MPI provides thread level {provided}; SslDsl needs MPI_THREAD_SERIALIZED ({ThreadSerialized})");
                }
            }

            return new MpiProcessGroup(mpi, initialized == 0, wait);
        }

        public void AllReduceSum(Tensor tensor) => Run(Collective.AllReduce, tensor, writeBack: true);

        public void Broadcast(Tensor tensor, int root = 0)
        {
            ProcessGroupChecks.Root(root, Size);
            Run(Collective.Broadcast, tensor, writeBack: true, root);
        }

        public Tensor AllGather(Tensor tensor)
        {
            long[] shape = tensor.shape;
            long[] gatheredShape = (long[])shape.Clone();
            gatheredShape[0] = shape.Length == 0 ? throw new ArgumentException("all-gather concatenates along dimension 0; a scalar has none", nameof(tensor)) : shape[0] * Size;
            Tensor gathered = empty(gatheredShape, tensor.dtype, CPU);
            try
            {
                Run(Collective.AllGather, tensor, writeBack: false, gathered: gathered);
                if (tensor.device_type == DeviceType.CPU)
                {
                    return gathered;
                }

                using (gathered)
                {
                    return gathered.to(tensor.device);
                }
            }
            catch
            {
                gathered.Dispose();
                throw;
            }
        }

        public void Barrier()
        {
            lock (gate)
            {
                EnsureUsable();
                IntPtr request;
                Check(mpi.Ibarrier(mpi.CommWorld, &request), "MPI_Ibarrier");
                Wait(ref request, Collective.Barrier);
            }
        }

        /// <summary>
        /// Finalizes MPI if this group initialised it (every rank must dispose its group; MPI_Finalize synchronises).
        /// A broken group aborts the job instead: its peers are gone and finalize would wait for them.
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
                if (Broken)
                {
                    mpi.Abort(mpi.CommWorld, 1);
                }
                else
                {
                    liveness.Dispose();
                    if (initializedHere)
                    {
                        mpi.Finalize();
                    }
                }
            }
        }

        /// <summary>The collectives, named in errors.</summary>
        private enum Collective
        {
            AllReduce,
            Broadcast,
            AllGather,
            Barrier,
        }

        /// <summary>
        /// Runs one collective on <paramref name="tensor"/>'s memory, or on a contiguous host copy of it. A switch, not a
        /// delegate: a step's all-reduces allocate nothing.
        /// </summary>
        private void Run(Collective collective, Tensor tensor, bool writeBack, int root = 0, Tensor? gathered = null)
        {
            long numel = tensor.numel();
            if (numel > int.MaxValue)
            {
                throw new ArgumentException($"{Describe(collective)} of {numel} elements: MPI counts are 32-bit; split the tensor", nameof(tensor));
            }

            IntPtr type = DataType(tensor);
            bool direct = tensor.device_type == DeviceType.CPU && tensor.is_contiguous();
            Tensor buffer = direct ? tensor : tensor.detach().to(CPU).contiguous();
            try
            {
                lock (gate)
                {
                    EnsureUsable();
                    IntPtr data = TensorMemory.Address(buffer);
                    int count = (int)numel;
                    IntPtr request;
                    int code = collective switch
                    {
                        Collective.AllReduce => mpi.Iallreduce(MpiNative.InPlace, data, count, type, mpi.Sum, mpi.CommWorld, &request),
                        Collective.Broadcast => mpi.Ibcast(data, count, type, root, mpi.CommWorld, &request),
                        Collective.AllGather => mpi.Iallgather(data, count, type, TensorMemory.Address(gathered!), count, type, mpi.CommWorld, &request),
                        _ => throw new ArgumentOutOfRangeException(nameof(collective)),
                    };
                    if (code != 0)
                    {
                        Check(code, "MPI_I" + collective.ToString().ToLowerInvariant());
                    }

                    Wait(ref request, collective);
                }

                if (writeBack && !direct)
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
        /// Polls the request until it completes, answering peers' liveness probes meanwhile, or until
        /// <see cref="Timeout"/> passes: then the silent ranks are found and named, and the group is broken.
        /// </summary>
        private void Wait(ref IntPtr request, Collective collective)
        {
            liveness.Collective++;
            long start = Stopwatch.GetTimestamp(); // not a Stopwatch object: a step's collectives allocate nothing
            var spin = new SpinWait();
            while (true)
            {
                int done;
                fixed (IntPtr* r = &request)
                {
                    Check(mpi.Test(r, &done, IntPtr.Zero), "MPI_Test");
                }

                if (done != 0)
                {
                    return;
                }

                TimeSpan waited = Stopwatch.GetElapsedTime(start);
                if (waited > Timeout)
                {
                    Broken = true;
                    throw TimedOut(collective);
                }

                // Spin briefly (a collective on one host takes well under a millisecond), then yield the core: ranks
                // oversubscribed on few cores must not starve the peer they are waiting for.
                if (spin.Count < 50)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
                else
                {
                    liveness.Service();
                    Thread.Sleep(waited.TotalMilliseconds < 100 ? 0 : 1);
                }
            }
        }

        /// <summary>The error for a collective that timed out, naming the ranks that did not answer a liveness probe.</summary>
        private ProcessGroupTimeoutException TimedOut(Collective collective)
        {
            (string who, IReadOnlyList<int> silent) = ProbePeers();
            return new ProcessGroupTimeoutException(
                $"rank {Rank} of {Size}: the {Describe(collective)} did not complete within {Timeout.TotalSeconds:0.#} s: {who}; the last checkpoint is intact, resume from it with a new launch",
                Rank,
                Size,
                silent);
        }

        /// <summary>Probes the peers (a collective of this rank timed out) and says which stayed silent.</summary>
        private (string Who, IReadOnlyList<int> Silent) ProbePeers()
        {
            TimeSpan grace = Timeout < LivenessGrace ? Timeout : LivenessGrace;
            (IReadOnlyList<int> silent, IReadOnlyList<(int Rank, long Collective)> elsewhere) = liveness.FindLostPeers(grace);
            string who = silent.Count switch
            {
                0 => "every rank answered a liveness probe",
                1 => $"rank {silent[0]} did not answer a liveness probe within {grace.TotalSeconds:0.#} s: it hangs, died or is far behind",
                _ => $"ranks {string.Join(", ", silent)} did not answer a liveness probe within {grace.TotalSeconds:0.#} s: they hang, died or are far behind",
            };
            foreach ((int peer, long number) in elsewhere)
            {
                who += $"; rank {peer} waits in collective #{number}, this rank in #{liveness.Collective} (the ranks called different collectives)";
            }

            return (who, silent);
        }

        /// <summary>For a group built on this one (NCCL): a collective of its own starts (numbered with MPI's).</summary>
        internal void CountCollective()
        {
            lock (gate)
            {
                liveness.Collective++;
            }
        }

        /// <summary>For a group built on this one (NCCL) while it waits: answers the peers' liveness probes.</summary>
        internal void AnswerLivenessProbes()
        {
            lock (gate)
            {
                if (!disposed && !Broken)
                {
                    liveness.Service();
                }
            }
        }

        /// <summary>For a group built on this one (NCCL) whose collective timed out: the silent ranks, named.</summary>
        internal (string Who, IReadOnlyList<int> Silent) NameLostRanks()
        {
            lock (gate)
            {
                return disposed ? ("this rank's MPI group was disposed, so its peers could not be probed", Array.Empty<int>()) : ProbePeers();
            }
        }

        /// <summary>The job has lost a rank (seen by a group built on this one): dispose aborts instead of finalizing.</summary>
        internal void MarkBroken()
        {
            lock (gate)
            {
                Broken = true;
            }
        }

        private static string Describe(Collective collective) => collective switch
        {
            Collective.AllReduce => "all-reduce",
            Collective.Broadcast => "broadcast",
            Collective.AllGather => "all-gather",
            _ => "barrier",
        };

        private void EnsureUsable()
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (Broken)
            {
                throw new InvalidOperationException($"rank {Rank} of {Size}: an earlier collective timed out, so this process group has lost a rank and cannot be used");
            }
        }

        private IntPtr DataType(Tensor tensor) => tensor.dtype switch
        {
            ScalarType.Float32 => mpi.Float,
            ScalarType.Float64 => mpi.Double,
            ScalarType.Int64 => mpi.Int64,
            _ => throw new ArgumentException($"MPI collectives here take float32, float64 or int64 tensors, not {tensor.dtype}", nameof(tensor)),
        };

        private static void Check(int code, string function)
        {
            if (code != 0)
            {
                throw new InvalidOperationException($"{function} failed with MPI error code {code}");
            }
        }
    }
}
