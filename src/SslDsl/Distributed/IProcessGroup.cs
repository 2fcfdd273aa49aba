using System;
using static TorchSharp.torch;

namespace SslDsl.Distributed
{
    /// <summary>
    /// The processes of one data-parallel job and the collectives the trainer needs from them. Every member must call
    /// the same collectives in the same order with tensors of the same shape and dtype (as in MPI and NCCL). Tensors
    /// may live on any device; implementations that cannot reach a device's memory stage through the host.
    /// </summary>
    public interface IProcessGroup : IDisposable
    {
        /// <summary>This process's index, 0 … <see cref="Size"/> − 1; rank 0 writes checkpoints and reports.</summary>
        int Rank { get; }

        /// <summary>The number of processes.</summary>
        int Size { get; }

        /// <summary>What carries the collectives: "single" (one process, no communication), "mpi" or "nccl".</summary>
        string Backend { get; }

        /// <summary>Replaces <paramref name="tensor"/> (float32, float64 or int64) by its elementwise sum over all ranks.</summary>
        void AllReduceSum(Tensor tensor);

        /// <summary>Replaces <paramref name="tensor"/> on every rank by rank <paramref name="root"/>'s.</summary>
        void Broadcast(Tensor tensor, int root = 0);

        /// <summary>
        /// Every rank's <paramref name="tensor"/> (same shape on all ranks) concatenated along dimension 0 in rank order:
        /// shape <c>[Size · n, …]</c>. Not differentiable; <see cref="DistributedAutograd.AllGather"/> is.
        /// </summary>
        Tensor AllGather(Tensor tensor);

        /// <summary>Returns when every rank has called it.</summary>
        void Barrier();
    }
}
