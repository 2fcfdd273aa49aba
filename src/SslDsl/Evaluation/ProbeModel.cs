using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// One fitted multinomial logistic regression of the linear probe: standardisation (the fitting set's mean and
    /// deviation), weight <c>[D, C]</c> and bias <c>[C]</c>. Its tensors live in the caller's dispose scope.
    /// </summary>
    internal sealed class ProbeModel
    {
        private ProbeModel(Tensor mean, Tensor std, Tensor weight, Tensor bias, double finalLoss)
        {
            Mean = mean;
            Std = std;
            Weight = weight;
            Bias = bias;
            FinalLoss = finalLoss;
        }

        public Tensor Mean { get; }

        public Tensor Std { get; }

        public Tensor Weight { get; }

        public Tensor Bias { get; }

        /// <summary>Training cross-entropy (without the L2 term) after L-BFGS.</summary>
        public double FinalLoss { get; }

        /// <summary>
        /// Fits float32 <paramref name="features"/> <c>[N, D]</c> to int64 <paramref name="labels"/> (same device) by
        /// full-batch L-BFGS on mean cross-entropy + ½·weightDecay·‖W‖² (the bias is not penalised).
        /// </summary>
        public static ProbeModel Fit(Tensor features, Tensor labels, int classes, int iterations, double weightDecay)
        {
            using var scope = NewDisposeScope();
            Tensor mean = features.mean(new long[] { 0 }, keepdim: true);
            Tensor std = features.std(0, keepdim: true).clamp_min_(1e-6);
            Tensor x = features.sub(mean).div_(std); // one standardised copy, freed with this scope

            // One flat vector [weight (D×C, row-major), bias (C)]: the order in which libtorch's LBFGS gathered them.
            long dim = x.shape[1];
            long weights = dim * classes;
            Tensor parameters = zeros(weights + classes, device: features.device);
            Tensor Weight(Tensor p) => p.narrow(0, 0, weights).view(dim, classes);
            Tensor Bias(Tensor p) => p.narrow(0, weights, classes);
            Lbfgs.Minimize(
                parameters,
                p => nn.functional.cross_entropy(x.matmul(Weight(p)).add(Bias(p)), labels).add(Weight(p).square().sum().mul(0.5 * weightDecay)),
                maxIterations: iterations,
                learningRate: 1,
                historySize: 20,
                toleranceGrad: 1e-7,
                toleranceChange: 1e-9);

            using var noGrad = no_grad();
            double finalLoss = nn.functional.cross_entropy(x.matmul(Weight(parameters)).add(Bias(parameters)), labels).item<float>();
            if (!double.IsFinite(finalLoss))
            {
                // Finite, standardised inputs keep the loss finite; this guards against an overflow we did not foresee.
                throw new InvalidOperationException($"the linear probe's training loss is {finalLoss} after L-BFGS (weight decay {weightDecay}); the fit diverged");
            }

            return new ProbeModel(
                mean.MoveToOuterDisposeScope(),
                std.MoveToOuterDisposeScope(),
                Weight(parameters).clone().MoveToOuterDisposeScope(),
                Bias(parameters).clone().MoveToOuterDisposeScope(),
                finalLoss);
        }

        /// <summary>Logits <c>[N, C]</c> of raw (unstandardised) float32 features on the model's device.</summary>
        public Tensor Logits(Tensor features)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return features.sub(Mean).div_(Std).matmul(Weight).add_(Bias).MoveToOuterDisposeScope();
        }
    }
}
