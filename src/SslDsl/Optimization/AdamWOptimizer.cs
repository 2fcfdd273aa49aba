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
            long steps = ParameterSteps[group.Indices[0]];
            bool sameSteps = true;
            foreach (int i in group.Indices)
            {
                sameSteps &= ParameterSteps[i] == steps; // a loop, not LINQ: no allocation per step
            }

            if (group.UnitRates && sameSteps)
            {
                if (weightDecay != 0)
                {
                    p.addcmul_(p, group.DecayMask, -learningRate * weightDecay); // w − lr·λ·w on the decayed segments
                }

                Update(p, grad, firstMoments.Of(group), secondMoments.Of(group), learningRate, steps + 1);
                return;
            }

            // Members at their own rates (multipliers) or step counts (unfrozen later): the decay, step size and
            // second-moment correction of each member, as per-chunk factors.
            if (weightDecay != 0)
            {
                p.addcmul_(p, group.ScaledDecayMask, -learningRate * weightDecay);
            }

            Tensor first = firstMoments.Of(group).mul_(beta1).add_(grad, alpha: 1 - beta1);
            Tensor second = secondMoments.Of(group).mul_(beta2).addcmul_(grad, grad, value: 1 - beta2);
            var stepSizes = new double[group.Count];
            var inverseCorrections2 = new double[group.Count];
            for (int m = 0; m < group.Count; m++)
            {
                long t = ParameterSteps[group.Indices[m]] + 1;
                stepSizes[m] = group.Multipliers[m] / (1 - Math.Pow(beta1, t));
                inverseCorrections2[m] = 1 / (1 - Math.Pow(beta2, t));
            }

            long a = FlatStorage.Alignment;
            Tensor denominator = second.view(-1, a).mul(group.PerChunk(inverseCorrections2).unsqueeze_(1)).sqrt_().add_(Epsilon);
            p.view(-1, a).addcdiv_(first.view(-1, a).mul(group.PerChunk(stepSizes).unsqueeze_(1)), denominator, value: -learningRate);
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

                double rate = RateOf(i, learningRate);
                if (!Excluded[i] && weightDecay != 0)
                {
                    p.mul_(1 - (rate * weightDecay));
                }

                Update(p, grad, firstMoments.PerParameter[i], secondMoments.PerParameter[i], rate, ParameterSteps[i] + 1);
            }
        }

        protected override IEnumerable<Tensor> StateTensors() => firstMoments.PerParameter.Concat(secondMoments.PerParameter);

        /// <summary>The moment updates and the bias-corrected step of the parameter's <paramref name="t"/>-th update.</summary>
        private void Update(Tensor p, Tensor grad, Tensor first, Tensor second, double learningRate, long t)
        {
            double correction1 = 1 - Math.Pow(beta1, t);
            double correction2 = 1 - Math.Pow(beta2, t);
            first.mul_(beta1).add_(grad, alpha: 1 - beta1);
            second.mul_(beta2).addcmul_(grad, grad, value: 1 - beta2);
            Tensor denominator = second.div(correction2).sqrt_().add_(Epsilon);
            p.addcdiv_(first, denominator, value: -learningRate / correction1);
        }
    }
}
