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
        public static double Top1(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes, int k = 200, double temperature = 0.1, int chunk = 1024)
        {
            using var scope = NewDisposeScope();
            Tensor train = nn.functional.normalize(trainFeatures.to_type(ScalarType.Float32), dim: 1);
            Tensor test = nn.functional.normalize(testFeatures.to_type(ScalarType.Float32).to(train.device), dim: 1);
            Tensor yTrain = trainLabels.to_type(ScalarType.Int64).to(train.device);
            Tensor yTest = testLabels.to_type(ScalarType.Int64).to(train.device);
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
