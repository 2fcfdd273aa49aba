using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;

namespace SslDsl.Distributed
{
    /// <summary>
    /// Names the ranks a timed-out collective waits for. Every rank keeps a receive posted from each peer on a private
    /// communicator and answers a probe whenever it polls a collective; a rank whose collective timed out probes all
    /// peers and waits a short grace: the peers that answer are alive (waiting too), the silent ones hang, died, or are
    /// far behind. A rank computing outside MPI cannot answer, which is exactly what a hang looks like.
    /// </summary>
    internal sealed unsafe class LivenessProbe : IDisposable
    {
        private const int ProbeTag = 0x55D1;
        private const int AnswerTag = 0x55D2;

        private readonly MpiNative.Api mpi;
        private readonly IntPtr comm;
        private readonly int rank;
        private readonly int size;

        // Native memory: MPI reads and writes these after the calls that post them return.
        private readonly long* probeIn;  // [size]: the collective number a peer's probe carried
        private readonly long* answerIn; // [size]: the collective number a peer answered with
        private readonly long* outgoing; // [1]: this rank's collective number, for probes and answers
        private readonly IntPtr* probeRequests;
        private bool disposed;

        public LivenessProbe(MpiNative.Api mpi, int rank, int size)
        {
            this.mpi = mpi;
            this.rank = rank;
            this.size = size;
            IntPtr dup;
            Check(mpi.CommDup(mpi.CommWorld, &dup), "MPI_Comm_dup");
            comm = dup;
            probeIn = (long*)NativeMemory.AllocZeroed((nuint)size, sizeof(long));
            answerIn = (long*)NativeMemory.AllocZeroed((nuint)size, sizeof(long));
            outgoing = (long*)NativeMemory.AllocZeroed(1, sizeof(long));
            probeRequests = (IntPtr*)NativeMemory.AllocZeroed((nuint)size, (nuint)sizeof(IntPtr));
            for (int peer = 0; peer < size; peer++)
            {
                if (peer != rank)
                {
                    PostProbeReceive(peer);
                }
            }
        }

        /// <summary>The number of the collective this rank is in (or last was in); probes and answers carry it.</summary>
        public long Collective { get; set; }

        /// <summary>Answers the peers that probed since the last call (cheap: one MPI_Test per peer).</summary>
        public void Service()
        {
            for (int peer = 0; peer < size; peer++)
            {
                if (peer == rank)
                {
                    continue;
                }

                int done;
                Check(mpi.Test(&probeRequests[peer], &done, IntPtr.Zero), "MPI_Test");
                if (done != 0)
                {
                    Send(peer, AnswerTag);
                    PostProbeReceive(peer);
                }
            }
        }

        /// <summary>
        /// Probes every peer and waits up to <paramref name="grace"/> for the answers (answering probes meanwhile).
        /// Returns the ranks that stayed silent and the peers that answered from another collective than this one.
        /// </summary>
        public (IReadOnlyList<int> Silent, IReadOnlyList<(int Rank, long Collective)> Elsewhere) FindLostPeers(TimeSpan grace)
        {
            var answers = new IntPtr[size];
            var answered = new bool[size];
            for (int peer = 0; peer < size; peer++)
            {
                if (peer == rank)
                {
                    answered[peer] = true;
                    continue;
                }

                IntPtr request;
                Check(mpi.Irecv((IntPtr)(answerIn + peer), 1, mpi.Int64, peer, AnswerTag, comm, &request), "MPI_Irecv");
                answers[peer] = request;
                Send(peer, ProbeTag);
            }

            var clock = Stopwatch.StartNew();
            while (Array.IndexOf(answered, false) >= 0 && clock.Elapsed < grace)
            {
                Service();
                for (int peer = 0; peer < size; peer++)
                {
                    if (!answered[peer])
                    {
                        int done;
                        fixed (IntPtr* request = &answers[peer])
                        {
                            Check(mpi.Test(request, &done, IntPtr.Zero), "MPI_Test");
                        }

                        answered[peer] = done != 0;
                    }
                }

                Thread.Sleep(1);
            }

            var silent = new List<int>();
            var elsewhere = new List<(int, long)>();
            for (int peer = 0; peer < size; peer++)
            {
                if (!answered[peer])
                {
                    silent.Add(peer);
                    fixed (IntPtr* request = &answers[peer])
                    {
                        mpi.Cancel(request);
                        mpi.RequestFree(request);
                    }
                }
                else if (peer != rank && answerIn[peer] != Collective)
                {
                    elsewhere.Add((peer, answerIn[peer]));
                }
            }

            return (silent, elsewhere);
        }

        /// <summary>Withdraws the posted receives (MPI_Finalize expects none pending) and frees the buffers.</summary>
        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            for (int peer = 0; peer < size; peer++)
            {
                if (probeRequests[peer] != IntPtr.Zero)
                {
                    mpi.Cancel(&probeRequests[peer]);
                    mpi.RequestFree(&probeRequests[peer]);
                }
            }

            NativeMemory.Free(probeIn);
            NativeMemory.Free(answerIn);
            NativeMemory.Free(outgoing);
            NativeMemory.Free(probeRequests);
        }

        private void PostProbeReceive(int peer)
        {
            Check(mpi.Irecv((IntPtr)(probeIn + peer), 1, mpi.Int64, peer, ProbeTag, comm, &probeRequests[peer]), "MPI_Irecv");
        }

        /// <summary>Sends this rank's collective number (8 bytes: sent eagerly, so the request is freed at once).</summary>
        private void Send(int peer, int tag)
        {
            *outgoing = Collective;
            IntPtr request;
            Check(mpi.Isend((IntPtr)outgoing, 1, mpi.Int64, peer, tag, comm, &request), "MPI_Isend");
            Check(mpi.RequestFree(&request), "MPI_Request_free");
        }

        private static void Check(int code, string function)
        {
            if (code != 0)
            {
                throw new InvalidOperationException($"{function} failed with MPI error code {code}");
            }
        }
    }
}
