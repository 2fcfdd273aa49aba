using System;
using System.Threading;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// What every generated trainer offers, so that tools can drive any experiment. The training step itself is
    /// called non-virtually inside the generated <c>Fit</c>; this interface is for the calls around it.
    /// </summary>
    public interface ISslTrainer : IDisposable
    {
        Device Device { get; }

        long OptimizerSteps { get; }

        double LearningRate { get; }

        void Step(Tensor batch);

        PretrainReport Fit(Tensor images, int? epochs = null, TimeSpan? timeBudget = null, IProgress<EpochReport>? progress = null, KnnMonitorData? monitor = null, CancellationToken cancellationToken = default);

        Tensor Embed(Tensor images, int batchSize = 512);

        LinearProbeResult LinearProbe(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels, int classes);

        double KnnTop1(KnnMonitorData data);

        void Save(string path);

        void Load(string path);
    }
}
