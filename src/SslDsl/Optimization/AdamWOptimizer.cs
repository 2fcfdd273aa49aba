using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Optimization
{
    /// <summary>
    /// AdamW (Loshchilov &amp; Hutter 2019) as PyTorch implements it: decoupled decay w ← w(1 − lr·λ) on weights
    /// only, bias-corrected moments, ε = 1e-8 outside the square root.
    /// </summary>
    public sealed class AdamWOptimizer : SslOptimizer
    {
        private const double Epsilon = 1e-8;
        private readonly double weightDecay;
        private readonly double beta1;
        private readonly double beta2;
        private readonly Tensor[] firstMoments;
        private readonly Tensor[] secondMoments;

        public AdamWOptimizer(IEnumerable<Parameter> parameters, double weightDecay, double beta1 = 0.9, double beta2 = 0.999) : base(parameters)
        {
            this.weightDecay = weightDecay;
            this.beta1 = beta1;
            this.beta2 = beta2;
            firstMoments = ZerosLikeParameters();
            secondMoments = ZerosLikeParameters();
        }

        public override void Step(double learningRate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            long t = StepCount + 1;
            double correction1 = 1 - Math.Pow(beta1, t);
            double correction2 = 1 - Math.Pow(beta2, t);
            for (int i = 0; i < Parameters.Length; i++)
            {
                Parameter p = Parameters[i];
                Tensor? grad = p.grad;
                if (grad is null)
                {
                    continue;
                }

                if (!Excluded[i] && weightDecay != 0)
                {
                    p.mul_(1 - (learningRate * weightDecay));
                }

                firstMoments[i].mul_(beta1).add_(grad, alpha: 1 - beta1);
                secondMoments[i].mul_(beta2).addcmul_(grad, grad, value: 1 - beta2);
                Tensor denominator = secondMoments[i].div(correction2).sqrt_().add_(Epsilon);
                p.addcdiv_(firstMoments[i], denominator, value: -learningRate / correction1);
            }

            StepCount++;
        }

        protected override IEnumerable<Tensor> StateTensors() => firstMoments.Concat(secondMoments);
    }
}
