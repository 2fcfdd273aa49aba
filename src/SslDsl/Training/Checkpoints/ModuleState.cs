using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>A module's parameters and buffers (its state dict, PyTorch names) in a checkpoint.</summary>
    public sealed class ModuleState : ICheckpointState
    {
        private readonly nn.Module module;

        public ModuleState(nn.Module module) => this.module = module;

        public void Write(StateWriter writer, string prefix)
        {
            foreach ((string name, Tensor value) in module.state_dict())
            {
                writer.Tensor(prefix + name, value);
            }
        }

        public Action Stage(StateReader reader, string prefix)
        {
            var copies = new StagedCopies();
            foreach ((string name, Tensor live) in module.state_dict())
            {
                copies.Add(live, reader, prefix + name);
            }

            return copies.CopyIn;
        }
    }
}
