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
    /// The trust ratios stay device tensors: no host synchronisation. The fused step takes every parameter's two
    /// norms from one segmented reduction of the flat buffers (row sums of <c>[chunks, 16]</c>, then an
    /// <c>index_add_</c> of the chunks into their parameters, in float64).
    /// </summary>
    public sealed class LarsOptimizer : SslOptimizer
    {
        private readonly double momentum;
        private readonly double weightDecay;
        private readonly double trustCoefficient;
        private readonly FlatState momentumBuffers;

        public LarsOptimizer(IEnumerable<Parameter> parameters, double momentum, double weightDecay, double trustCoefficient) : base(parameters)
        {
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            this.trustCoefficient = trustCoefficient;
            momentumBuffers = NewState();
        }

        private protected override void StepGroup(ParameterGroup group, double learningRate)
        {
            Tensor update = group.Gradients.addcmul(group.Values, group.DecayMask, weightDecay);
            Tensor weightNorm = SegmentNorms(group, group.Values);
            Tensor updateNorm = SegmentNorms(group, update);
            // η‖w‖/‖u‖, and 1 where a norm is 0 (the division's inf or NaN is masked) or the parameter is excluded
            Tensor keep = weightNorm.le(0).logical_or_(updateNorm.le(0)).logical_or_(group.ExcludedMembers);
            Tensor trust = weightNorm.mul(trustCoefficient).div_(updateNorm).masked_fill_(keep, 1).to_type(group.Storage.DType);
            update.view(-1, FlatStorage.Alignment).mul_(trust.index_select(0, group.ChunkOwners).unsqueeze(1));
            Tensor buffer = momentumBuffers.Of(group).mul_(momentum).add_(update);
            if (group.UnitRates)
            {
                group.Values.add_(buffer, alpha: -learningRate);
            }
            else
            {
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

                momentumBuffers.PerParameter[i].mul_(momentum).add_(update);
                p.add_(momentumBuffers.PerParameter[i], alpha: -RateOf(i, learningRate));
            }
        }

        protected override IEnumerable<Tensor> StateTensors() => momentumBuffers.PerParameter;

        /// <summary>
        /// Per member of <paramref name="group"/>, the L2 norm of its segment of <paramref name="flat"/> (float64): norms of
        /// the 16-element chunks in one pass over the buffer (no full-size temporary), their squares accumulated per
        /// member in float64 (a long segment summed in float32 one chunk after another would lose digits).
        /// </summary>
        private static Tensor SegmentNorms(ParameterGroup group, Tensor flat)
        {
            Tensor chunkSums = flat.view(-1, FlatStorage.Alignment).norm(1).to_type(ScalarType.Float64).pow_(2);
            return zeros(group.Count, dtype: ScalarType.Float64, device: flat.device).index_add_(0, group.ChunkOwners, chunkSums, 1).sqrt_();
        }
    }
}
