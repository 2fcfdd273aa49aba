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
            Tensor oneHot = nn.functional.one_hot(labels, classes).to_type(x.dtype);
            Lbfgs.Minimize(
                parameters,
                p => LossAndGradient(x, labels, oneHot, Weight(p), Bias(p), weightDecay),
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
        /// <summary>
        /// Mean cross-entropy of softmax(x·W + b) plus ½·λ·‖W‖², and its gradient in the flat [W, b] layout, in closed
        /// form: with P the softmax and Y the one-hot labels, ∂/∂W = xᵀ(P − Y)/N + λW and ∂/∂b = Σ(P − Y)/N. Autograd
        /// computes xᵀ·G through a transposed GEMM that took 4× as long as (Gᵀ·x)ᵀ here (60,000 × 256 features, 2 cores),
        /// and the probe's fits are mostly that product.
        /// </summary>
        internal static (double Loss, Tensor Gradient) LossAndGradient(Tensor x, Tensor labels, Tensor oneHot, Tensor weight, Tensor bias, double weightDecay)
        {
            using var scope = NewDisposeScope();
            long rows = x.shape[0];
            Tensor logProbabilities = nn.functional.log_softmax(x.matmul(weight).add_(bias), 1);
            // The loss in the features' precision, as autograd's objective computed it (L-BFGS's stopping rules read it).
            float loss = nn.functional.nll_loss(logProbabilities, labels).add_(weight.square().sum().mul_(0.5 * weightDecay)).item<float>();
            Tensor residual = logProbabilities.exp_().sub_(oneHot).div_(rows);                      // (P − Y)/N, [N, C]
            Tensor weightGradient = residual.t().matmul(x).t().add_(weight, alpha: weightDecay);  // [D, C]
            Tensor gradient = cat(new[] { weightGradient.reshape(-1), residual.sum(dim: 0) });
            return (loss, gradient.DetachFromDisposeScope());
        }

        public Tensor Logits(Tensor features)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return features.sub(Mean).div_(Std).matmul(Weight).add_(Bias).MoveToOuterDisposeScope();
        }
    }
}
