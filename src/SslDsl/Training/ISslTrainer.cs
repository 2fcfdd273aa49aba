using System;
using System.Collections.Generic;
using System.Threading;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// What every trainer offers, so that tools can drive any experiment. <see cref="SslTrainer"/> implements it once
    /// for all generated trainers.
    /// </summary>
    public interface ISslTrainer : IDisposable
    {
        Device Device { get; }

        long OptimizerSteps { get; }

        double LearningRate { get; }

        void Step(Tensor batch);

        PretrainReport Fit(Tensor data, int? epochs = null, TimeSpan? timeBudget = null, IProgress<EpochReport>? progress = null, KnnMonitorData? monitor = null, CancellationToken cancellationToken = default, bool resume = false, OnlineProbeData? probe = null);

        Tensor Embed(Tensor data, int batchSize = SslDefaults.EvaluationBatchSize);

        /// <inheritdoc cref="SslTrainer.RecalibrateBatchNorm"/>
        int RecalibrateBatchNorm(Tensor data, int batchSize = SslDefaults.EvaluationBatchSize);

        LinearProbeResult LinearProbe(Tensor trainData, Tensor trainLabels, Tensor testData, Tensor testLabels, int classes);

        LinearProbeResult LinearProbe(Tensor trainData, Tensor trainLabels, Tensor testData, Tensor testLabels, int classes, LinearProbeOptions options);

        IReadOnlyList<LinearProbeResult> LinearProbe(Tensor trainData, Tensor trainLabels, Tensor testData, Tensor testLabels, int classes, IReadOnlyList<double> labelFractions, LinearProbeOptions? options = null);

        FineTuneResult FineTune(Tensor trainData, Tensor trainLabels, Tensor validationData, Tensor validationLabels, int classes, IProgress<FineTuneEpoch>? progress = null);

        double KnnTop1(KnnMonitorData data);

        void ExportEncoder(string path);

        void Save(string path);

        void Load(string path);
    }
}
