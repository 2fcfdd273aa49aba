using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Optimization
{
    /// <summary>
    /// LARS (You et al. 2017) in the form SimCLR and Barlow Twins use: for weights (not biases or norms)
    /// g ← g + λw, then g ← g · η‖w‖/‖g‖ (1 when either norm is 0); then momentum buf = m·buf + g and
    /// w ← w − lr·buf. Biases and normalisation parameters get plain momentum SGD without decay.
    /// The trust ratio stays a device tensor: no host synchronisation.
    /// </summary>
    public sealed class LarsOptimizer : SslOptimizer
    {
        private readonly double momentum;
        private readonly double weightDecay;
        private readonly double trustCoefficient;
        private readonly Tensor[] momentumBuffers;

        public LarsOptimizer(IEnumerable<Parameter> parameters, double momentum, double weightDecay, double trustCoefficient) : base(parameters)
        {
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            this.trustCoefficient = trustCoefficient;
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

                Tensor update = grad;
                if (!Excluded[i])
                {
                    update = weightDecay != 0 ? grad.add(p, alpha: weightDecay) : grad.clone();
                    Tensor weightNorm = p.norm();
                    Tensor updateNorm = update.norm();
                    Tensor one = ones_like(weightNorm);
                    Tensor trust = where(weightNorm.gt(0), where(updateNorm.gt(0), weightNorm.mul(trustCoefficient).div_(updateNorm), one), one);
                    update.mul_(trust);
                }

                momentumBuffers[i].mul_(momentum).add_(update);
                p.add_(momentumBuffers[i], alpha: -learningRate);
            }

            StepCount++;
        }

        protected override IEnumerable<Tensor> StateTensors() => momentumBuffers;
    }
}
