using static TorchSharp.torch;

namespace SslDsl.Distributed
{
    /// <summary>A job of one process: every collective is the identity (all-gather returns a copy).</summary>
    public sealed class SingleProcessGroup : IProcessGroup
    {
        public static SingleProcessGroup Instance { get; } = new();

        public int Rank => 0;

        public int Size => 1;

        public string Backend => "single";

        public void AllReduceSum(Tensor tensor)
        {
        }

        public void Broadcast(Tensor tensor, int root = 0)
        {
            ProcessGroupChecks.Root(root, 1);
        }

        public Tensor AllGather(Tensor tensor) => tensor.clone();

        public void Barrier()
        {
        }

        public void Dispose()
        {
        }
    }
}
