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
        private readonly FlatState momentumBuffers;

        public SgdOptimizer(IEnumerable<Parameter> parameters, double momentum, double weightDecay) : base(parameters)
        {
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            momentumBuffers = NewState();
        }

        private protected override void StepGroup(ParameterGroup group, double learningRate)
        {
            Tensor update = weightDecay != 0 ? group.Gradients.addcmul(group.Values, group.DecayMask, weightDecay) : group.Gradients;
            // PyTorch starts the buffer at the first gradient; with a zero buffer that is the same update.
            Tensor buffer = momentumBuffers.Of(group).mul_(StepCount == 0 ? 0 : momentum).add_(update);
            if (group.UnitRates)
            {
                group.Values.add_(buffer, alpha: -learningRate);
            }
            else
            {
                // p -= lr·multiplier·buf, as PyTorch with one parameter group per multiplier
                group.Values.view(-1, FlatStorage.Alignment).addcmul_(buffer.view(-1, FlatStorage.Alignment), group.ChunkScales, value: -learningRate);
            }
        }

        private protected override void StepEachParameter(double learningRate)
        {
            for (int i = 0; i < Parameters.Length; i++)
            {
                Parameter p = Parameters[i];
                Tensor? grad = p.grad;
                if (grad is null || IsFrozen(i))
                {
                    continue;
                }

                Tensor update = !Excluded[i] && weightDecay != 0 ? grad.add(p, alpha: weightDecay) : grad;
                momentumBuffers.PerParameter[i].mul_(StepCount == 0 ? 0 : momentum).add_(update);
                p.add_(momentumBuffers.PerParameter[i], alpha: -RateOf(i, learningRate));
            }
        }

        protected override IEnumerable<Tensor> StateTensors() => momentumBuffers.PerParameter;
    }
}
