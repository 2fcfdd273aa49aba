using System;
using SslDsl.Evaluation;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        private OnlineLinearProbe? onlineProbe;
        private OnlineProbeData? probeData;

        /// <summary>The labels of the batch in progress, on the device, while Fit runs with probe data; else null.</summary>
        private Tensor? stepLabels;

        private protected Tensor? CurrentStepLabels => stepLabels;

        /// <summary>[OnlineProbe]: how Fit trains the online probe when given <see cref="OnlineProbeData"/>; null: no online probe.</summary>
        public OnlineProbeSettings? OnlineProbe { get; set; }

        /// <summary>The online probe Fit trains (null until a Fit with probe data); checkpoints hold it.</summary>
        public OnlineLinearProbe? OnlineProbeClassifier => onlineProbe;

        /// <summary>Checks the probe data against the training data and makes (or keeps) a probe that fits them.</summary>
        private void StartOnlineProbe(Tensor data, OnlineProbeData probe)
        {
            if (OnlineProbe is not { } settings)
            {
                throw new ArgumentException($"{Settings.Experiment} has no online probe: add [OnlineProbe] to the experiment (or set the trainer's OnlineProbe) to pass probe data to Fit", nameof(probe));
            }

            EvaluationInputs.CheckClasses(probe.Classes);
            Settings.Input.Check(probe.TestImages, "probe.TestImages", Settings.Experiment);
            InputTensors.CheckFinite(probe.TestImages, "probe.TestImages");
            EvaluationInputs.CheckLabels(probe.TestLabels, probe.TestImages.shape[0], probe.Classes, "probe.TestLabels", "probe.TestImages").Dispose();
            CheckPartialLabels(probe.Labels, data.shape[0], probe.Classes);
            if (onlineProbe is not { } existing || existing.Classes != probe.Classes || existing.Features != encoderOutputDim
                || existing.LearningRate != settings.LearningRate || existing.WeightDecay != settings.WeightDecay)
            {
                onlineProbe?.Dispose();
                onlineProbe = new OnlineLinearProbe(encoderOutputDim, probe.Classes, Device, settings.LearningRate, settings.WeightDecay);
            }

            probeData = probe;
        }

        /// <summary>Labels for the training rows: 1-D integers, one per row, each -1 (unlabelled) or a class; some labelled.</summary>
        private static void CheckPartialLabels(Tensor labels, long rows, int classes)
        {
            const string name = "probe.Labels";
            if (labels.dim() != 1 || labels.shape[0] != rows || labels.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            {
                throw new ArgumentException($"{name} must be int64 or int32 [N] with one label per training row ({rows}), got {labels.dtype} [{string.Join(", ", labels.shape)}]", name);
            }

            using var scope = NewDisposeScope();
            Tensor host = labels.to(CPU).to_type(ScalarType.Int64);
            long min = host.min().item<long>();
            long max = host.max().item<long>();
            if (min < -1 || max >= classes)
            {
                throw new ArgumentOutOfRangeException(name, $"{name} has values in [{min}, {max}]; each must be -1 (unlabelled) or a class in [0, {classes})");
            }

            if (max < 0)
            {
                throw new ArgumentException($"{name} labels no row (all are -1); the online probe needs some labels", name);
            }
        }

        /// <summary>The labels of batch <paramref name="index"/>, in the sampler's order, on the device; null without probe data.</summary>
        private Tensor? LabelsOf(BatchSampler sampler, long index) =>
            probeData is null ? null : sampler.Rows(probeData.Labels, index, Device).to_type(ScalarType.Int64);

        /// <summary>The probe's step on a joint-embedding step's encoder features (every view, each with its sample's label).</summary>
        internal void ObserveFeatures(ViewOutputs outputs, Tensor? labels)
        {
            if (onlineProbe is null || labels is null || outputs.EmbeddingsOrNull is not { } features)
            {
                return;
            }

            using var scope = NewDisposeScope();
            onlineProbe.Observe(features, labels.repeat(outputs.Views));
        }

        /// <summary>
        /// The probe's step for objectives without views (MAE, rotation, MLM, sensor pretext tasks): the encoder on the
        /// clean batch in eval mode without gradients, one extra forward pass per batch.
        /// </summary>
        private void ObserveBatch(Tensor batch)
        {
            if (onlineProbe is null || stepLabels is null)
            {
                return;
            }

            using var scope = NewDisposeScope();
            nn.Module<Tensor, Tensor> encoder = EncoderModule;
            bool wasTraining = encoder.training;
            encoder.eval();
            try
            {
                using var noGrad = no_grad();
                onlineProbe.Observe(encoder.call(Settings.Input.EncoderView(batch)), stepLabels);
            }
            finally
            {
                encoder.train(wasTraining);
            }
        }

        /// <summary>The probe's held-out top-1 at an epoch end (embedding the test images), or null without probe data.</summary>
        private double? OnlineProbeTop1()
        {
            if (onlineProbe is null || probeData is null)
            {
                return null;
            }

            using Tensor features = Embed(probeData.TestImages);
            return onlineProbe.Top1(features, probeData.TestLabels.to_type(ScalarType.Int64));
        }
    }
}
