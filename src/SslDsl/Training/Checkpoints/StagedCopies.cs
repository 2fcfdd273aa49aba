using System.Collections.Generic;
using static TorchSharp.torch;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>
    /// Live tensors paired with their staged checkpoint values (checked for dtype and shape when added), copied in
    /// together once every part has staged: the two phases of <see cref="ICheckpointState"/> for tensor state.
    /// </summary>
    internal sealed class StagedCopies
    {
        private readonly List<(Tensor Live, Tensor Staged)> pairs = new();

        /// <summary>Stages <paramref name="key"/>, which must have <paramref name="live"/>'s dtype and shape.</summary>
        public void Add(Tensor live, StateReader reader, string key) => pairs.Add((live, reader.Tensor(key, live.shape, live.dtype)));

        public void CopyIn()
        {
            using var noGrad = no_grad();
            foreach ((Tensor live, Tensor staged) in pairs)
            {
                live.copy_(staged);
            }
        }
    }
}
