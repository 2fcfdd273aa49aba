using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>A random generator's state (augmentation and masking draws continue where they stopped).</summary>
    public sealed class GeneratorState : ICheckpointState
    {
        private readonly Generator generator;

        public GeneratorState(Generator generator) => this.generator = generator;

        public void Write(StateWriter writer, string prefix)
        {
            using Tensor state = generator.get_state();
            writer.Tensor(prefix + "state", state);
        }

        public Action Stage(StateReader reader, string prefix)
        {
            long[] shape;
            ScalarType dtype;
            using (Tensor current = generator.get_state())
            {
                shape = current.shape;
                dtype = current.dtype;
            }

            Tensor staged = reader.Tensor(prefix + "state", shape, dtype);
            return () => generator.set_state(staged);
        }
    }
}
