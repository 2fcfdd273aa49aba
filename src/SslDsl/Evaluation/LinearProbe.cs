using System;
using TorchSharp;
using TorchSharp.Modules;
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
    public static class LinearProbe
    {
        public static LinearProbeResult Fit(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes, int iterations = 100, double weightDecay = 1e-4)
        {
            if (trainFeatures.dim() != 2 || testFeatures.dim() != 2 || trainFeatures.shape[1] != testFeatures.shape[1])
            {
                throw new ArgumentException($"features must be [N, D] with the same D (train [{string.Join(", ", trainFeatures.shape)}], test [{string.Join(", ", testFeatures.shape)}])");
            }

            if (trainLabels.shape[0] != trainFeatures.shape[0] || testLabels.shape[0] != testFeatures.shape[0])
            {
                throw new ArgumentException("features and labels must have the same number of rows");
            }

            using var scope = NewDisposeScope();
            Device device = trainFeatures.device;
            Tensor train = trainFeatures.to_type(ScalarType.Float32);
            Tensor test = testFeatures.to_type(ScalarType.Float32).to(device);
            Tensor mean = train.mean(new long[] { 0 }, keepdim: true);
            Tensor std = train.std(0, keepdim: true).clamp_min_(1e-6);
            train = train.sub(mean).div_(std);
            test = test.sub(mean).div_(std);
            Tensor yTrain = trainLabels.to_type(ScalarType.Int64).to(device);
            Tensor yTest = testLabels.to_type(ScalarType.Int64).to(device);

            long dim = train.shape[1];
            var weight = new Parameter(zeros(dim, classes, device: device));
            var bias = new Parameter(zeros(classes, device: device));
            LBFGS optimizer = optim.LBFGS(new[] { weight, bias }, lr: 1, max_iter: iterations, history_size: 20, tolerance_change: 1e-9, tolerange_grad: 1e-7);
            double finalLoss = double.NaN;
            optimizer.step(() =>
            {
                optimizer.zero_grad();
                Tensor logits = train.matmul(weight).add(bias);
                Tensor loss = nn.functional.cross_entropy(logits, yTrain).add(weight.square().sum().mul(0.5 * weightDecay));
                loss.backward();
                return loss;
            });

            using (no_grad())
            {
                Tensor trainLoss = nn.functional.cross_entropy(train.matmul(weight).add(bias), yTrain);
                finalLoss = trainLoss.item<float>();
                double trainTop1 = Accuracy(train.matmul(weight).add(bias), yTrain);
                double top1 = Accuracy(test.matmul(weight).add(bias), yTest);
                optimizer.Dispose();
                return new LinearProbeResult(top1, trainTop1, (int)train.shape[0], (int)test.shape[0], (int)dim, finalLoss);
            }
        }

        internal static double Accuracy(Tensor logits, Tensor labels) =>
            logits.argmax(1).eq(labels).to_type(ScalarType.Float64).mean().item<double>();
    }
}
