using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Weighted kNN on L2-normalised embeddings (Wu et al. 2018, used as the monitor in SimCLR/MoCo/DINO code):
    /// the K most cosine-similar training samples vote for their class with weight exp(sim / T).
    /// </summary>
    public static class KnnClassifier
    {
        /// <summary>Top-1 of the weighted vote for <paramref name="testFeatures"/> among <paramref name="trainFeatures"/>.</summary>
        /// <exception cref="ArgumentException">Features not 2-D floating point, with NaN/±Inf, or of different widths;
        /// labels not 1-D integer (int64, int32, uint8), or not one per feature row.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A label outside [0, classes), classes &lt; 2, k &lt; 1,
        /// temperature not &gt; 0, chunk &lt; 1.</exception>
        public static double Top1(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes, int k = 200, double temperature = 0.1, int chunk = 1024)
        {
            EvaluationInputs.CheckClasses(classes);
            if (k < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(k), k, $"k is {k}; must be >= 1");
            }

            if (!double.IsFinite(temperature) || temperature <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, $"temperature is {temperature}; must be finite and > 0");
            }

            if (chunk < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(chunk), chunk, $"chunk is {chunk}; must be >= 1");
            }

            long trainRows = EvaluationInputs.CheckFeatures(trainFeatures, nameof(trainFeatures));
            long testRows = EvaluationInputs.CheckFeatures(testFeatures, nameof(testFeatures));
            EvaluationInputs.CheckSameWidth(trainFeatures, nameof(trainFeatures), testFeatures, nameof(testFeatures));

            using var scope = NewDisposeScope();
            // Checked labels: an index outside [0, classes) would reach scatter_add_ below.
            Tensor trainLabelsHost = EvaluationInputs.CheckLabels(trainLabels, trainRows, classes, nameof(trainLabels), nameof(trainFeatures));
            Tensor testLabelsHost = EvaluationInputs.CheckLabels(testLabels, testRows, classes, nameof(testLabels), nameof(testFeatures));
            Tensor train = nn.functional.normalize(trainFeatures.to_type(ScalarType.Float32), dim: 1);
            Tensor test = nn.functional.normalize(testFeatures.to_type(ScalarType.Float32).to(train.device), dim: 1);
            Tensor yTrain = trainLabelsHost.to(train.device);
            Tensor yTest = testLabelsHost.to(train.device);
            int neighbours = (int)Math.Min(k, train.shape[0]);
            Tensor correct = zeros(1, dtype: ScalarType.Int64, device: train.device);
            for (long start = 0; start < test.shape[0]; start += chunk)
            {
                using var inner = NewDisposeScope();
                long length = Math.Min(chunk, test.shape[0] - start);
                Tensor similarity = test.narrow(0, start, length).matmul(train.t());
                (Tensor values, Tensor indices) = similarity.topk(neighbours, dim: 1);
                Tensor weights = values.div_(temperature).exp_();
                Tensor votes = zeros(length, classes, device: train.device).scatter_add_(1, yTrain[indices], weights);
                correct.add_(votes.argmax(1).eq(yTest.narrow(0, start, length)).sum());
            }

            return correct.item<long>() / (double)test.shape[0];
        }
    }
}
