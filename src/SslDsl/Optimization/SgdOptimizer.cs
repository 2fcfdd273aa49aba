using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Optimization
{
    /// <summary>SGD with heavy-ball momentum as PyTorch defines it (buf = m·buf + g, p -= lr·buf); decay skips biases and norms.</summary>
    public sealed class SgdOptimizer : SslOptimizer
    {
        private readonly double momentum;
        private readonly double weightDecay;
        private readonly Tensor[] momentumBuffers;

        public SgdOptimizer(IEnumerable<Parameter> parameters, double momentum, double weightDecay) : base(parameters)
        {
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            momentumBuffers = ZerosLikeParameters();
        }

        public override void Step(double learningRate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            for (int i = 0; i < Parameters.Length; i++)
            {
                Parameter p = Parameters[i];
                Tensor? grad = p.grad;
                if (grad is null)
                {
                    continue;
                }

                Tensor update = !Excluded[i] && weightDecay != 0 ? grad.add(p, alpha: weightDecay) : grad;
                // PyTorch starts the buffer at the first gradient; with a zero buffer that is the same update.
                momentumBuffers[i].mul_(StepCount == 0 ? 0 : momentum).add_(update);
                p.add_(momentumBuffers[i], alpha: -learningRate);
            }

            StepCount++;
        }

        protected override IEnumerable<Tensor> StateTensors() => momentumBuffers;
    }
}
