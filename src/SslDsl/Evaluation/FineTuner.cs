using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Optimization;
using SslDsl.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Supervised fine-tuning of a pretrained encoder with a new linear head (<c>[FineTune]</c>): cross-entropy on
    /// seeded, shuffled mini-batches; AdamW with two parameter groups (head at LearningRate × HeadMultiplier, encoder
    /// at LearningRate × BackboneMultiplier, each its own <see cref="AdamWOptimizer"/>), both decayed by a
    /// half-cosine over the epochs; validation loss and top-1 after every epoch; early stopping after Patience epochs
    /// without a lower validation loss; at the end the encoder and head get back the weights of the best epoch.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <b>The encoder is fine-tuned in place</b>: its parameters and batch-norm statistics change (unless
    /// BackboneMultiplier is 0), and after <see cref="Fit"/> it holds the best epoch's weights. To keep the
    /// pretrained weights, save them before and load them after — <c>trainer.Save(path)</c> / <c>trainer.Load(path)</c>
    /// for a generated trainer, or copies of <c>encoder.state_dict()</c> for a plain module — and evaluate the
    /// result before loading them back (<see cref="FineTuneResult.Evaluate"/> uses the encoder as it is then).
    /// </para>
    /// <para>
    /// BackboneMultiplier 0 freezes the encoder: it runs in eval mode (batch norm uses and keeps its running
    /// statistics) under <c>no_grad</c>, so no gradient is computed for it and its weights stay bit-identical;
    /// only the head trains. Otherwise the encoder trains in train mode.
    /// </para>
    /// <para>
    /// Inputs stay on the host and are moved per batch with <see cref="InputTensors.ToDevice"/> (images as bytes,
    /// sensor windows as floats, token ids as integers); labels are integer class indices <c>[N]</c>. The encoder
    /// must already live on <c>device</c>. Mini-batches come from a <see cref="BatchSampler"/> seeded with
    /// <c>seed</c> (incomplete last batch dropped); the head is initialised as PyTorch's Linear, from its own
    /// generator seeded with <c>seed</c>, so the same encoder weights, data and seed give the same history.
    /// The host reads the device once per epoch (train loss, validation loss and accuracy together), never per step.
    /// The best state is kept on the host (one copy of the head's and, when it trains, the encoder's parameters
    /// and buffers).
    /// </para>
    /// </remarks>
    public static class FineTuner
    {
        /// <summary>Batch size of the validation pass and the default of <see cref="FineTuneResult.Evaluate"/>.</summary>
        public const int EvaluationBatchSize = 512;

        /// <summary>
        /// Fine-tunes <paramref name="encoder"/> (output <c>[B, embeddingDim]</c>) with a new linear head on
        /// <paramref name="classes"/> classes. See <see cref="FineTuner"/> for the protocol; the encoder changes in place.
        /// </summary>
        /// <exception cref="ArgumentException">Bad inputs (the message names which): label dtype, shape or range,
        /// sample-count or sample-shape mismatches, classes &lt; 2, embeddingDim different from the encoder's output,
        /// an encoder not on <paramref name="device"/>, and options out of range (LearningRate &lt;= 0,
        /// HeadMultiplier &lt;= 0, BackboneMultiplier &lt; 0, WeightDecay &lt; 0, Epochs &lt; 1, Patience &lt; 1,
        /// BatchSize &lt; 1 or larger than the training set).</exception>
        public static FineTuneResult Fit(
            nn.Module<Tensor, Tensor> encoder,
            int embeddingDim,
            Tensor trainInputs,
            Tensor trainLabels,
            Tensor validationInputs,
            Tensor validationLabels,
            int classes,
            FineTuneOptions options,
            Device device,
            long seed,
            IProgress<FineTuneEpoch>? progress = null)
        {
            ArgumentNullException.ThrowIfNull(encoder);
            ArgumentNullException.ThrowIfNull(trainInputs);
            ArgumentNullException.ThrowIfNull(trainLabels);
            ArgumentNullException.ThrowIfNull(validationInputs);
            ArgumentNullException.ThrowIfNull(validationLabels);
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(device);
            CheckOptions(options);
            if (classes < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes is {classes}; a classifier needs at least 2 classes");
            }

            if (embeddingDim < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(embeddingDim), embeddingDim, $"embeddingDim is {embeddingDim}; must be >= 1");
            }

            long trainSamples = CheckSamples(trainInputs, nameof(trainInputs));
            long validationSamples = CheckSamples(validationInputs, nameof(validationInputs));
            if (!trainInputs.shape.Skip(1).SequenceEqual(validationInputs.shape.Skip(1)))
            {
                throw new ArgumentException(
                    $"trainInputs [{string.Join(", ", trainInputs.shape)}] and validationInputs [{string.Join(", ", validationInputs.shape)}] have different sample shapes",
                    nameof(validationInputs));
            }

            if (options.BatchSize > trainSamples)
            {
                throw new ArgumentException($"options.BatchSize is {options.BatchSize} but trainInputs has only {trainSamples} samples (need at least one full batch)", nameof(options));
            }

            bool frozen = options.FreezesEncoder;
            Parameter[] encoderParameters = encoder.parameters().ToArray();
            Parameter? misplaced = encoderParameters.FirstOrDefault(p => !SameDevice(p.device, device));
            if (misplaced is not null)
            {
                throw new ArgumentException($"the encoder's parameters are on {misplaced.device}, not on the device {device}; move the encoder there first", nameof(encoder));
            }

            if (!frozen && !encoderParameters.Any(p => p.requires_grad))
            {
                throw new ArgumentException("the encoder has no trainable parameter (requires_grad); use BackboneMultiplier = 0 to train only the head", nameof(encoder));
            }

            bool wasTraining = encoder.training;
            Linear head = CreateHead(embeddingDim, classes, seed, device); // outside our scope: the result owns it
            try
            {
                using var scope = NewDisposeScope();
                Tensor trainHost = OnHost(trainInputs);
                Tensor validationHost = OnHost(validationInputs);
                Tensor trainY = CheckLabels(trainLabels, trainSamples, classes, nameof(trainLabels), nameof(trainInputs));
                Tensor validationY = CheckLabels(validationLabels, validationSamples, classes, nameof(validationLabels), nameof(validationInputs));
                CheckEmbeddingDim(encoder, embeddingDim, validationHost, device);
                (List<FineTuneEpoch> history, int bestEpoch, bool stoppedEarly) =
                    Train(encoder, head, frozen, trainHost, trainY, validationHost, validationY, options, device, seed, progress);
                return new FineTuneResult(encoder, head, device, classes, history, bestEpoch, stoppedEarly);
            }
            catch
            {
                head.Dispose();
                throw;
            }
            finally
            {
                encoder.train(wasTraining);
            }
        }

        private static (List<FineTuneEpoch> History, int BestEpoch, bool StoppedEarly) Train(
            nn.Module<Tensor, Tensor> encoder,
            Linear head,
            bool frozen,
            Tensor trainInputs,
            Tensor trainLabels,
            Tensor validationInputs,
            Tensor validationLabels,
            FineTuneOptions options,
            Device device,
            long seed,
            IProgress<FineTuneEpoch>? progress)
        {
            using var headOptimizer = new AdamWOptimizer(head.parameters(), options.WeightDecay);
            using AdamWOptimizer? encoderOptimizer = frozen ? null : new AdamWOptimizer(encoder.parameters(), options.WeightDecay);
            using var sampler = new BatchSampler(trainInputs.shape[0], options.BatchSize, seed);
            var headSchedule = new WarmupCosineSchedule(options.HeadLearningRate, 0, options.Epochs);
            WarmupCosineSchedule? encoderSchedule = frozen ? null : new WarmupCosineSchedule(options.BackboneLearningRate, 0, options.Epochs);

            // The state restored at the end: parameters and buffers (batch-norm statistics) of what trains.
            Tensor[] tracked = head.state_dict().Values
                .Concat(frozen ? Enumerable.Empty<Tensor>() : encoder.state_dict().Values)
                .ToArray();
            Tensor[] best = tracked.Select(t => empty(t.shape, dtype: t.dtype, device: CPU)).ToArray();
            Tensor trainLossSum = zeros(1, dtype: ScalarType.Float64, device: device);

            var history = new List<FineTuneEpoch>();
            int bestEpoch = 0;
            double bestLoss = double.NaN;
            int sinceBest = 0;
            bool stoppedEarly = false;
            long steps = sampler.BatchesPerEpoch;
            long validationSamples = validationInputs.shape[0];
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                double headLearningRate = headSchedule.At(epoch - 1);
                double backboneLearningRate = encoderSchedule?.At(epoch - 1) ?? 0;
                encoder.train(!frozen);
                sampler.Shuffle();
                trainLossSum.zero_();
                for (long b = 0; b < steps; b++)
                {
                    using var stepScope = NewDisposeScope();
                    Tensor x = sampler.Batch(trainInputs, b, device);
                    Tensor y = sampler.Batch(trainLabels, b, device);
                    Tensor features;
                    if (frozen)
                    {
                        using var noGrad = no_grad();
                        features = encoder.call(x);
                    }
                    else
                    {
                        features = encoder.call(x);
                    }

                    Tensor loss = nn.functional.cross_entropy(head.call(features), y);
                    headOptimizer.ZeroGrad();
                    encoderOptimizer?.ZeroGrad();
                    loss.backward();
                    headOptimizer.Step(headLearningRate);
                    encoderOptimizer?.Step(backboneLearningRate);
                    using (no_grad())
                    {
                        trainLossSum.add_(loss.detach().to_type(ScalarType.Float64));
                    }
                }

                encoder.eval();
                double[] read;
                using (var readScope = NewDisposeScope())
                using (no_grad())
                {
                    Tensor sums = EvaluationSums(encoder, head, validationInputs, validationLabels, device, EvaluationBatchSize);
                    read = cat(new[] { trainLossSum, sums }, 0).cpu().data<double>().ToArray(); // the one host read of the epoch
                }

                var record = new FineTuneEpoch(epoch, steps, read[0] / steps, read[1] / validationSamples, read[2] / validationSamples, headLearningRate, backboneLearningRate);
                history.Add(record);
                progress?.Report(record);

                bool improved = bestEpoch == 0 || record.ValidationLoss < bestLoss || (double.IsNaN(bestLoss) && !double.IsNaN(record.ValidationLoss));
                if (improved)
                {
                    bestEpoch = epoch;
                    bestLoss = record.ValidationLoss;
                    sinceBest = 0;
                    using var noGrad = no_grad();
                    for (int i = 0; i < tracked.Length; i++)
                    {
                        best[i].copy_(tracked[i]);
                    }
                }
                else if (++sinceBest >= options.Patience && epoch < options.Epochs)
                {
                    stoppedEarly = true;
                    break;
                }
            }

            if (bestEpoch != history.Count)
            {
                using var noGrad = no_grad();
                for (int i = 0; i < tracked.Length; i++)
                {
                    tracked[i].copy_(best[i]);
                }
            }

            return (history, bestEpoch, stoppedEarly);
        }

        /// <summary>
        /// A Linear(embeddingDim → classes) on <paramref name="device"/>, initialised as PyTorch's default
        /// (weight and bias uniform in ±1/√embeddingDim) from a CPU generator seeded with <paramref name="seed"/>.
        /// </summary>
        internal static Linear CreateHead(int embeddingDim, int classes, long seed, Device device)
        {
            Linear head = nn.Linear(embeddingDim, classes, hasBias: true, device: device);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var generator = new Generator(unchecked((ulong)seed), CPU);
            double bound = 1.0 / Math.Sqrt(embeddingDim);
            head.weight!.copy_(rand(new long[] { classes, embeddingDim }, generator: generator).mul_(2 * bound).sub_(bound));
            head.bias!.copy_(rand(new long[] { classes }, generator: generator).mul_(2 * bound).sub_(bound));
            return head;
        }

        /// <summary>
        /// Summed cross-entropy and number of correct top-1 predictions of encoder → head over the whole set, as a
        /// float64 <c>[2]</c> tensor on <paramref name="device"/> (no host read). The caller sets eval mode and no_grad.
        /// </summary>
        internal static Tensor EvaluationSums(nn.Module<Tensor, Tensor> encoder, Linear head, Tensor inputs, Tensor labels, Device device, int batchSize)
        {
            using var scope = NewDisposeScope();
            Tensor sums = zeros(2, dtype: ScalarType.Float64, device: device);
            long samples = inputs.shape[0];
            for (long start = 0; start < samples; start += batchSize)
            {
                using var batchScope = NewDisposeScope();
                long length = Math.Min(batchSize, samples - start);
                Tensor x = InputTensors.ToDevice(inputs.narrow(0, start, length), device);
                Tensor y = labels.narrow(0, start, length).to(device);
                Tensor logits = head.call(encoder.call(x));
                Tensor loss = nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum);
                Tensor correct = logits.argmax(1).eq(y).sum();
                sums.add_(stack(new[] { loss.to_type(ScalarType.Float64), correct.to_type(ScalarType.Float64) }));
            }

            return sums.MoveToOuterDisposeScope();
        }

        /// <summary>Rows of an input tensor (at least one sample).</summary>
        internal static long CheckSamples(Tensor inputs, string name)
        {
            if (inputs.dim() < 1 || inputs.shape[0] < 1)
            {
                throw new ArgumentException($"{name} [{string.Join(", ", inputs.shape)}] has no samples", name);
            }

            return inputs.shape[0];
        }

        /// <summary>
        /// Checks that <paramref name="labels"/> are <c>[rows]</c> integer class indices in [0, classes) and returns
        /// them as int64 on the CPU (one host read, at the start).
        /// </summary>
        internal static Tensor CheckLabels(Tensor labels, long rows, int classes, string name, string inputsName)
        {
            if (labels.dtype is not (ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64))
            {
                throw new ArgumentException($"{name} must hold integer class indices, got {labels.dtype}", name);
            }

            if (labels.dim() != 1)
            {
                throw new ArgumentException($"{name} must be 1-D [N], got [{string.Join(", ", labels.shape)}]", name);
            }

            if (labels.shape[0] != rows)
            {
                throw new ArgumentException($"{name} has {labels.shape[0]} labels but {inputsName} has {rows} samples", name);
            }

            Tensor host = labels.to(CPU).to_type(ScalarType.Int64);
            long min = host.min().item<long>();
            long max = host.max().item<long>();
            if (min < 0 || max >= classes)
            {
                throw new ArgumentException($"{name} must lie in [0, {classes}) for {classes} classes; found labels from {min} to {max}", name);
            }

            return host;
        }

        /// <summary>The inputs on the CPU (as they are when they already are there).</summary>
        internal static Tensor OnHost(Tensor inputs) => inputs.device_type == DeviceType.CPU ? inputs : inputs.cpu();

        private static void CheckOptions(FineTuneOptions options)
        {
            static void Require(bool ok, string what)
            {
                if (!ok)
                {
                    throw new ArgumentException($"options.{what}", nameof(options));
                }
            }

            Require(double.IsFinite(options.LearningRate) && options.LearningRate > 0, $"LearningRate is {options.LearningRate}; must be > 0");
            Require(double.IsFinite(options.HeadMultiplier) && options.HeadMultiplier > 0, $"HeadMultiplier is {options.HeadMultiplier}; must be > 0 (the head must train)");
            Require(double.IsFinite(options.BackboneMultiplier) && options.BackboneMultiplier >= 0, $"BackboneMultiplier is {options.BackboneMultiplier}; must be >= 0 (0 freezes the encoder)");
            Require(double.IsFinite(options.WeightDecay) && options.WeightDecay >= 0, $"WeightDecay is {options.WeightDecay}; must be >= 0");
            Require(options.Epochs >= 1, $"Epochs is {options.Epochs}; must be >= 1");
            Require(options.Patience >= 1, $"Patience is {options.Patience}; must be >= 1");
            Require(options.BatchSize >= 1, $"BatchSize is {options.BatchSize}; must be >= 1");
        }

        /// <summary>Runs the encoder on up to two validation samples (eval, no_grad) and checks the embedding size.</summary>
        private static void CheckEmbeddingDim(nn.Module<Tensor, Tensor> encoder, int embeddingDim, Tensor inputs, Device device)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            encoder.eval();
            Tensor probe = InputTensors.ToDevice(inputs.narrow(0, 0, Math.Min(2, inputs.shape[0])), device);
            Tensor output = encoder.call(probe);
            if (output.dim() != 2 || output.shape[1] != embeddingDim)
            {
                throw new ArgumentException(
                    $"embeddingDim is {embeddingDim} but the encoder outputs [{string.Join(", ", output.shape)}] for a batch of {probe.shape[0]}",
                    nameof(embeddingDim));
            }
        }

        private static bool SameDevice(Device a, Device b) =>
            a.type == b.type && (a.index < 0 || b.index < 0 || a.index == b.index);
    }
}
