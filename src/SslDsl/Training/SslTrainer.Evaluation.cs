using System;
using SslDsl.Evaluation;
using SslDsl.Export;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        /// <summary>Encoder outputs (the representation, before any head) for <paramref name="data"/>, in eval mode, on the host.</summary>
        public Tensor Embed(Tensor data, int batchSize = 512)
        {
            Settings.Input.Check(data, nameof(data), Settings.Experiment);
            return Embeddings.Compute(EncoderModule, Settings.Input.EncoderView(data), Device, batchSize);
        }

        /// <summary>
        /// Writes the encoder's weights and buffers as safetensors with PyTorch's module names (atomically), for use
        /// in PyTorch or another trainer: see <see cref="EncoderExport.SaveSafetensors"/>.
        /// </summary>
        public void ExportEncoder(string path) => EncoderExport.SaveSafetensors(EncoderModule, path);

        /// <summary>Linear probe on frozen embeddings ([LinearProbe] iterations and L2); returns test top-1.</summary>
        public LinearProbeResult LinearProbe(Tensor trainData, Tensor trainLabels, Tensor testData, Tensor testLabels, int classes)
        {
            using Tensor train = Embed(trainData);
            using Tensor test = Embed(testData);
            LinearProbeResult result = Evaluation.LinearProbe.Fit(train, trainLabels, test, testLabels, classes, Settings.LinearProbe.Iterations, Settings.LinearProbe.WeightDecay);
            Report.AddLinearProbe($"linear probe ({result.TrainSamples} labels)", result);
            WriteReport();
            return result;
        }

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
        /// Supervised fine-tuning with a new linear head ([FineTune]: learning rate, head and encoder multipliers, epochs,
        /// early stopping on validation loss; the best epoch's weights are kept). It changes the encoder in place:
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
            Report.AddFineTune("fine-tune", result);
            WriteReport();
            return result;
        }
    }
}
