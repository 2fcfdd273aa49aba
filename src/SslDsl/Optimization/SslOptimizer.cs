using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using SslDsl.Training.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Optimization
{
    /// <summary>
    /// Base of SslDsl's optimizers: a flat list of parameters, each tagged whether it is a bias or normalisation
    /// parameter (1-D, excluded from weight decay and LARS adaptation as in the SimCLR / Barlow Twins code), with
    /// per-parameter state buffers allocated once. The learning rate is passed to <see cref="Step"/> so that the
    /// schedule stays on the host (no tensor, no sync).
    /// </summary>
    public abstract class SslOptimizer : ICheckpointState, IDisposable
    {
        protected SslOptimizer(IEnumerable<Parameter> parameters)
        {
            Parameters = parameters.Where(p => p.requires_grad).ToArray();
            if (Parameters.Length == 0)
            {
                throw new ArgumentException("the optimizer got no trainable parameters", nameof(parameters));
            }

            Excluded = Parameters.Select(p => p.dim() <= 1).ToArray();
        }

        /// <summary>The optimized parameters in a fixed order (checkpoints rely on it).</summary>
        public Parameter[] Parameters { get; }

        /// <summary>Per parameter: true for biases and normalisation weights (no decay, no adaptation).</summary>
        public bool[] Excluded { get; }

        /// <summary>Optimizer steps taken so far.</summary>
        public long StepCount { get; protected set; }

        /// <summary>Updates every parameter that has a gradient, with the given learning rate.</summary>
        public abstract void Step(double learningRate);

        public void ZeroGrad()
        {
            foreach (Parameter p in Parameters)
            {
                p.grad?.zero_();
            }
        }

        /// <summary>State buffers in a fixed order, for checkpoints.</summary>
        protected abstract IEnumerable<Tensor> StateTensors();

        /// <summary>The step count and every state buffer, in a fixed order.</summary>
        public void Write(StateWriter writer, string prefix)
        {
            writer.Int64(prefix + "steps", StepCount);
            int i = 0;
            foreach (Tensor t in StateTensors())
            {
                writer.Tensor(prefix + "state." + i++, t);
            }
        }

        public Action Stage(StateReader reader, string prefix)
        {
            long steps = reader.Int64(prefix + "steps", 0, long.MaxValue);
            var copies = new StagedCopies();
            int i = 0;
            foreach (Tensor live in StateTensors())
            {
                copies.Add(live, reader, prefix + "state." + i++);
            }

            return () =>
            {
                copies.CopyIn();
                StepCount = steps;
            };
        }

        public void Dispose()
        {
            foreach (Tensor t in StateTensors())
            {
                t.Dispose();
            }

            GC.SuppressFinalize(this);
        }

        /// <summary>One zero buffer per parameter, same shape, dtype and device; owned by the optimizer.</summary>
        protected Tensor[] ZerosLikeParameters()
        {
            var buffers = new Tensor[Parameters.Length];
            for (int i = 0; i < buffers.Length; i++)
            {
                buffers[i] = zeros_like(Parameters[i]).DetachFromDisposeScope();
            }

            return buffers;
        }
    }
}
