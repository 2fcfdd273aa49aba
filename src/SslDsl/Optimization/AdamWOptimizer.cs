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
        private readonly FlatState firstMoments;
        private readonly FlatState secondMoments;

        public AdamWOptimizer(IEnumerable<Parameter> parameters, double weightDecay, double beta1 = 0.9, double beta2 = 0.999) : base(parameters)
        {
            this.weightDecay = weightDecay;
            this.beta1 = beta1;
            this.beta2 = beta2;
            firstMoments = NewState();
            secondMoments = NewState();
        }

        private protected override void StepGroup(ParameterGroup group, double learningRate)
        {
            Tensor p = group.Values;
            Tensor grad = group.Gradients;
            if (weightDecay != 0)
            {
                p.addcmul_(p, group.DecayMask, -learningRate * weightDecay); // w − lr·λ·w on the decayed segments
            }

            Update(p, grad, firstMoments.Of(group), secondMoments.Of(group), learningRate);
        }

        private protected override void StepEachParameter(double learningRate)
        {
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

                Update(p, grad, firstMoments.PerParameter[i], secondMoments.PerParameter[i], learningRate);
            }
        }

        protected override IEnumerable<Tensor> StateTensors() => firstMoments.PerParameter.Concat(secondMoments.PerParameter);

        /// <summary>The moment updates and the bias-corrected step of step <c>StepCount + 1</c>.</summary>
        private void Update(Tensor p, Tensor grad, Tensor first, Tensor second, double learningRate)
        {
            long t = StepCount + 1;
            double correction1 = 1 - Math.Pow(beta1, t);
            double correction2 = 1 - Math.Pow(beta2, t);
            first.mul_(beta1).add_(grad, alpha: 1 - beta1);
            second.mul_(beta2).addcmul_(grad, grad, value: 1 - beta2);
            Tensor denominator = second.div(correction2).sqrt_().add_(Epsilon);
            p.addcdiv_(first, denominator, value: -learningRate / correction1);
        }
    }
}
