using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>Top-1 accuracy of a linear probe and how it was fitted.</summary>
    public sealed record LinearProbeResult(double Top1, double TrainTop1, int TrainSamples, int TestSamples, int FeatureDim, double FinalLoss);

    /// <summary>
    /// Linear evaluation protocol: multinomial logistic regression on frozen features, standardised with the
    /// training mean and deviation, fitted by full-batch L-BFGS with an L2 penalty (as scikit-learn's
    /// LogisticRegression, which the linear-probe baselines of SimCLR's appendix and solo-learn's offline eval use).
    /// </summary>
    /// <remarks>
    /// All arguments are checked before any work (see <see cref="Fit"/>). L-BFGS is <see cref="Lbfgs"/>, a managed
    /// port of torch.optim.LBFGS: TorchSharp's runs the loss as a callback from native code (where an exception aborts
    /// the process) and prints a libtorch deprecation warning every time it is constructed.
    /// </remarks>
    public static class LinearProbe
    {
        /// <summary>
        /// Fits the probe on <paramref name="trainFeatures"/> <c>[N, D]</c> and reports top-1 on the test set.
        /// </summary>
        /// <exception cref="ArgumentException">Features not 2-D floating point, with NaN/±Inf (the message counts the
        /// samples), or of different widths; labels not 1-D integer (int64, int32, uint8), or not one per feature row.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A label outside [0, classes) (the message gives the first and its
        /// index), classes &lt; 2, iterations &lt; 1, weightDecay negative or not finite.</exception>
        public static LinearProbeResult Fit(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes, int iterations = 100, double weightDecay = 1e-4)
        {
            EvaluationInputs.CheckClasses(classes);
            if (iterations < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"iterations is {iterations}; must be >= 1");
            }

            if (!double.IsFinite(weightDecay) || weightDecay < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"weightDecay is {weightDecay}; must be finite and >= 0");
            }

            long trainRows = EvaluationInputs.CheckFeatures(trainFeatures, nameof(trainFeatures));
            long testRows = EvaluationInputs.CheckFeatures(testFeatures, nameof(testFeatures));
            EvaluationInputs.CheckSameWidth(trainFeatures, nameof(trainFeatures), testFeatures, nameof(testFeatures));

            using var scope = NewDisposeScope();
            Tensor yTrainHost = EvaluationInputs.CheckLabels(trainLabels, trainRows, classes, nameof(trainLabels), nameof(trainFeatures));
            Tensor yTestHost = EvaluationInputs.CheckLabels(testLabels, testRows, classes, nameof(testLabels), nameof(testFeatures));
            Device device = trainFeatures.device;
            Tensor train = trainFeatures.to_type(ScalarType.Float32);
            Tensor test = testFeatures.to_type(ScalarType.Float32).to(device);
            Tensor mean = train.mean(new long[] { 0 }, keepdim: true);
            Tensor std = train.std(0, keepdim: true).clamp_min_(1e-6);
            train = train.sub(mean).div_(std);
            test = test.sub(mean).div_(std);
            Tensor yTrain = yTrainHost.to(device);
            Tensor yTest = yTestHost.to(device);

            // One flat vector [weight (D×C, row-major), bias (C)]: the order in which libtorch's LBFGS gathered them.
            long dim = train.shape[1];
            long weights = dim * classes;
            Tensor parameters = zeros(weights + classes, device: device);
            Tensor Weight(Tensor p) => p.narrow(0, 0, weights).view(dim, classes);
            Tensor Bias(Tensor p) => p.narrow(0, weights, classes);
            Tensor Logits(Tensor x, Tensor p) => x.matmul(Weight(p)).add(Bias(p));
            Lbfgs.Minimize(
                parameters,
                p => nn.functional.cross_entropy(Logits(train, p), yTrain).add(Weight(p).square().sum().mul(0.5 * weightDecay)),
                maxIterations: iterations,
                learningRate: 1,
                historySize: 20,
                toleranceGrad: 1e-7,
                toleranceChange: 1e-9);

            using (no_grad())
            {
                double finalLoss = nn.functional.cross_entropy(Logits(train, parameters), yTrain).item<float>();
                if (!double.IsFinite(finalLoss))
                {
                    // Finite, standardised inputs keep the loss finite; this guards against an overflow we did not foresee.
                    throw new InvalidOperationException($"the linear probe's training loss is {finalLoss} after L-BFGS; the fit diverged");
                }

                double trainTop1 = Accuracy(Logits(train, parameters), yTrain);
                double top1 = Accuracy(Logits(test, parameters), yTest);
                return new LinearProbeResult(top1, trainTop1, (int)trainRows, (int)testRows, (int)dim, finalLoss);
            }
        }

        internal static double Accuracy(Tensor logits, Tensor labels) =>
            logits.argmax(1).eq(labels).to_type(ScalarType.Float64).mean().item<double>();
    }
}
