using System;
using System.Collections.Generic;
using SslDsl.Evaluation;
using SslDsl.Export;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        /// <summary>Encoder outputs (the representation, before any head) for <paramref name="data"/>, in eval mode, on the host.</summary>
        public Tensor Embed(Tensor data, int batchSize = SslDefaults.EvaluationBatchSize)
        {
            Settings.Input.Check(data, nameof(data), Settings.Experiment);
            return Embeddings.Compute(EncoderModule, Settings.Input.EncoderView(data), Device, batchSize);
        }

        /// <summary>
        /// Writes the encoder's weights and buffers as safetensors with PyTorch's module names (atomically), for use
        /// in PyTorch or another trainer: see <see cref="EncoderExport.SaveSafetensors"/>.
        /// </summary>
        public void ExportEncoder(string path) => EncoderExport.SaveSafetensors(EncoderModule, path);

        /// <summary>
        /// Linear probe on frozen embeddings ([LinearProbe] iterations, L2 and weight-decay sweep; the sweep's
        /// validation split is drawn with the trainer's seed); returns test top-1 (and top-5 with more than 5 classes).
        /// </summary>
        public LinearProbeResult LinearProbe(Tensor trainData, Tensor trainLabels, Tensor testData, Tensor testLabels, int classes) =>
            LinearProbe(trainData, trainLabels, testData, testLabels, classes, Settings.LinearProbe.ToOptions(Seed));

        /// <summary>Linear probe on frozen embeddings with explicit <paramref name="options"/> (e.g. one fixed weight decay, or a sweep grid).</summary>
        public LinearProbeResult LinearProbe(Tensor trainData, Tensor trainLabels, Tensor testData, Tensor testLabels, int classes, LinearProbeOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            using Tensor train = Embed(trainData);
            using Tensor test = Embed(testData);
            LinearProbeResult result = Evaluation.LinearProbe.Fit(train, trainLabels, test, testLabels, classes, options);
            Report.AddLinearProbe(ProbeName(result), result);
            WriteReport();
            return result;
        }

        /// <summary>
        /// Linear probes on fractions of the training labels (e.g. 0.01, 0.1, 1: stratified subsets drawn with the
        /// trainer's seed, at least one sample per class; see <see cref="Evaluation.LinearProbe.FitFractions"/>), with
        /// the [LinearProbe] settings unless <paramref name="options"/> says otherwise. The data are embedded once.
        /// </summary>
        public IReadOnlyList<LinearProbeResult> LinearProbe(Tensor trainData, Tensor trainLabels, Tensor testData, Tensor testLabels, int classes, IReadOnlyList<double> labelFractions, LinearProbeOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(labelFractions);
            using Tensor train = Embed(trainData);
            using Tensor test = Embed(testData);
            IReadOnlyList<LinearProbeResult> results = Evaluation.LinearProbe.FitFractions(train, trainLabels, test, testLabels, classes, labelFractions, options ?? Settings.LinearProbe.ToOptions(Seed));
            foreach (LinearProbeResult result in results)
            {
                Report.AddLinearProbe(ProbeName(result), result);
            }

            WriteReport();
            return results;
        }

        /// <summary>"linear probe (600 labels, 1 %)": how the report tells probes apart.</summary>
        private static string ProbeName(LinearProbeResult result) =>
            FormattableString.Invariant($"linear probe ({result.TrainSamples} labels") + (result.LabelFraction < 1 ? FormattableString.Invariant($", {100 * result.LabelFraction:0.##} %)") : ")");

        /// <summary>Weighted kNN top-1 on embeddings ([KnnMonitor] k and temperature).</summary>
        public double KnnTop1(KnnMonitorData data)
        {
            double top1 = MeasureKnn(data);
            Report.AddKnn($"kNN k={Settings.Knn.K} ({data.TrainImages.shape[0]} labels)", top1);
            WriteReport();
            return top1;
        }

        private double MeasureKnn(KnnMonitorData data)
        {
            ArgumentNullException.ThrowIfNull(data);
            using Tensor train = Embed(data.TrainImages);
            using Tensor test = Embed(data.TestImages);
            return KnnClassifier.Top1(train, data.TrainLabels, test, data.TestLabels, data.Classes, Settings.Knn.K, Settings.Knn.Temperature);
        }

        /// <summary>
        /// Supervised fine-tuning with a new linear head ([FineTune]: learning rate, head and encoder multipliers, layer
        /// decay, warm-up, label smoothing, epochs, early stopping on validation loss; the best epoch's weights are kept). It changes the encoder in place:
        /// <see cref="Save"/> before and <see cref="Load"/> after to keep the pretrained weights. The result evaluates
        /// the fine-tuned model on test data.
        /// </summary>
        public FineTuneResult FineTune(Tensor trainData, Tensor trainLabels, Tensor validationData, Tensor validationLabels, int classes, IProgress<FineTuneEpoch>? progress = null)
        {
            Settings.Input.Check(trainData, nameof(trainData), Settings.Experiment);
            Settings.Input.Check(validationData, nameof(validationData), Settings.Experiment);
            FineTuneResult result = FineTuner.Fit(
                EncoderModule,
                encoderOutputDim,
                Settings.Input.EncoderView(trainData),
                trainLabels,
                Settings.Input.EncoderView(validationData),
                validationLabels,
                classes,
                Settings.FineTune,
                Device,
                Seed,
                progress);
            Report.AddFineTune($"fine-tune ({trainData.shape[0]} labels)", result);
            WriteReport();
            return result;
        }
    }
}
