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
    /// Supervised fine-tuning of a pretrained encoder with a new linear head (<c>[FineTune]</c>): cross-entropy (with
    /// optional label smoothing) on seeded, shuffled mini-batches; AdamW with one parameter group per
    /// <see cref="FineTuneParameterGroup"/> (head at LearningRate × HeadMultiplier; encoder at LearningRate ×
    /// BackboneMultiplier, or per layer × LayerDecay^(L − l), see <see cref="EncoderLayerMap"/>; each its own
    /// <see cref="AdamWOptimizer"/>), all following one per-step schedule (linear warm-up over WarmupEpochs, then a
    /// half-cosine to 0); training loss and top-1, validation loss and top-1 and the learning rates after every epoch
    /// (<see cref="FineTuneEpoch"/>); early stopping after Patience epochs without a lower validation loss; at the
    /// end the encoder and head get back the weights of the best epoch.
    /// A NaN or infinite training or validation loss ends the run at that epoch: the weights go back to the best finite
    /// epoch (<see cref="FineTuneResult.StopReason"/> says so), or, when no epoch was finite, to those before Fit, and
    /// <see cref="FineTuneDivergedException"/> is thrown — the encoder never keeps non-finite weights.
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
    /// <c>seed</c> (incomplete last batch dropped; with fewer samples than the batch size, one batch of all of
    /// them, see <see cref="FineTuneResult.BatchSize"/>); the head is initialised as PyTorch's Linear, from its own
    /// generator seeded with <c>seed</c>, so the same encoder weights, data and seed give the same history.
    /// The host reads the device once per epoch (train loss, validation loss and accuracy together), never per step.
    /// The best state is kept on the host (one copy of the head's and, when it trains, the encoder's parameters
    /// and buffers).
    /// </para>
    /// </remarks>
    public static class FineTuner
    {
        /// <summary>Batch size of the validation pass and the default of <see cref="FineTuneResult.Evaluate"/>.</summary>
        public const int EvaluationBatchSize = SslDefaults.EvaluationBatchSize;

        /// <summary>
        /// Fine-tunes <paramref name="encoder"/> (output <c>[B, embeddingDim]</c>) with a new linear head on
        /// <paramref name="classes"/> classes. See <see cref="FineTuner"/> for the protocol; the encoder changes in place.
        /// </summary>
        /// <exception cref="ArgumentException">Bad inputs, checked before any training (the message names which): label
        /// dtype, shape or range (<see cref="ArgumentOutOfRangeException"/> naming the first label outside
        /// [0, classes) and its index), sample-count or sample-shape mismatches, NaN or infinite inputs (the first
        /// such sample and how many), classes &lt; 2, embeddingDim different from the encoder's output, an encoder not
        /// on <paramref name="device"/>, and options out of range (LearningRate &lt;= 0, HeadMultiplier &lt;= 0,
        /// BackboneMultiplier &lt; 0, WeightDecay &lt; 0, Epochs &lt; 1, Patience &lt; 1, BatchSize &lt; 1, LayerDecay
        /// outside (0, 1], WarmupEpochs outside [0, Epochs), LabelSmoothing outside [0, 1)).</exception>
        /// <exception cref="FineTuneDivergedException">The first epoch's loss was NaN or infinite; the encoder has its
        /// weights from before the call again.</exception>
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
            EvaluationInputs.CheckClasses(classes);

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

            InputTensors.CheckFinite(trainInputs, nameof(trainInputs));
            InputTensors.CheckFinite(validationInputs, nameof(validationInputs));

            // Fewer samples than the batch size (a small labelled set, the default 64): one batch of all of them rather
            // than an error about a BatchSize the caller may never have set.
            int batchSize = (int)Math.Min(options.BatchSize, trainSamples);

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
                Tensor trainY = EvaluationInputs.CheckLabels(trainLabels, trainSamples, classes, nameof(trainLabels), nameof(trainInputs));
                Tensor validationY = EvaluationInputs.CheckLabels(validationLabels, validationSamples, classes, nameof(validationLabels), nameof(validationInputs));
                CheckEmbeddingDim(encoder, embeddingDim, validationHost, device);
                (List<FineTuneParameterGroup> groups, List<Parameter[]> members, List<string> notes) = FineTuneParameterGroups.Build(encoder, head, options);
                (List<FineTuneEpoch> history, int bestEpoch, FineTuneStop stop) =
                    Train(encoder, head, frozen, groups, members, trainHost, trainY, validationHost, validationY, options, batchSize, device, seed, progress);
                return new FineTuneResult(encoder, head, device, classes, batchSize, history, bestEpoch, stop, groups, notes);
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

        private static (List<FineTuneEpoch> History, int BestEpoch, FineTuneStop Stop) Train(
            nn.Module<Tensor, Tensor> encoder,
            Linear head,
            bool frozen,
            IReadOnlyList<FineTuneParameterGroup> groups,
            IReadOnlyList<Parameter[]> members,
            Tensor trainInputs,
            Tensor trainLabels,
            Tensor validationInputs,
            Tensor validationLabels,
            FineTuneOptions options,
            int batchSize,
            Device device,
            long seed,
            IProgress<FineTuneEpoch>? progress)
        {
            // One AdamW per group (each its own flat buffer over disjoint parameters), stepped at its own rate.
            var optimizers = new List<AdamWOptimizer>(groups.Count);
            try
            {
                foreach (Parameter[] group in members)
                {
                    optimizers.Add(new AdamWOptimizer(group, options.WeightDecay));
                }

                return Train(encoder, head, frozen, groups, optimizers, trainInputs, trainLabels, validationInputs, validationLabels, options, batchSize, device, seed, progress);
            }
            finally
            {
                optimizers.ForEach(o => o.Dispose());
            }
        }

        private static (List<FineTuneEpoch> History, int BestEpoch, FineTuneStop Stop) Train(
            nn.Module<Tensor, Tensor> encoder,
            Linear head,
            bool frozen,
            IReadOnlyList<FineTuneParameterGroup> groups,
            IReadOnlyList<AdamWOptimizer> optimizers,
            Tensor trainInputs,
            Tensor trainLabels,
            Tensor validationInputs,
            Tensor validationLabels,
            FineTuneOptions options,
            int batchSize,
            Device device,
            long seed,
            IProgress<FineTuneEpoch>? progress)
        {
            using var sampler = new BatchSampler(trainInputs.shape[0], batchSize, seed);
            long steps = sampler.BatchesPerEpoch;

            // Per optimizer step: linear warm-up to 1 over WarmupEpochs, then a half-cosine to 0 at the last step; each
            // group's rate is its peak rate times this factor.
            var schedule = new WarmupCosineSchedule(1.0, options.WarmupEpochs * steps, options.Epochs * steps);

            // The state restored at the end: parameters and buffers (batch-norm statistics) of what trains. Until an
            // epoch ends with finite losses, `best` holds the state before training, restored if none does.
            Tensor[] tracked = head.state_dict().Values
                .Concat(frozen ? Enumerable.Empty<Tensor>() : encoder.state_dict().Values)
                .ToArray();
            Tensor[] best = tracked.Select(t => empty(t.shape, dtype: t.dtype, device: CPU)).ToArray();
            CopyAll(tracked, best);
            Tensor trainSums = zeros(2, dtype: ScalarType.Float64, device: device); // loss sum, correct predictions

            var history = new List<FineTuneEpoch>();
            int bestEpoch = 0;
            double bestLoss = double.NaN;
            int sinceBest = 0;
            FineTuneStop stop = FineTuneStop.AllEpochs;
            long validationSamples = validationInputs.shape[0];
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                double firstFactor = schedule.At((epoch - 1) * steps);
                double[] learningRates = groups.Select(g => g.LearningRate * firstFactor).ToArray();
                encoder.train(!frozen);
                sampler.Shuffle();
                trainSums.zero_();
                for (long b = 0; b < steps; b++)
                {
                    using var stepScope = NewDisposeScope();
                    double factor = schedule.At(((epoch - 1) * steps) + b);
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

                    Tensor logits = head.call(features);
                    Tensor loss = nn.functional.cross_entropy(logits, y, label_smoothing: options.LabelSmoothing);
                    foreach (AdamWOptimizer optimizer in optimizers)
                    {
                        optimizer.ZeroGrad();
                    }

                    loss.backward();
                    for (int g = 0; g < optimizers.Count; g++)
                    {
                        optimizers[g].Step(groups[g].LearningRate * factor);
                    }

                    using (no_grad())
                    {
                        trainSums.add_(stack(new[] { loss.detach().to_type(ScalarType.Float64), logits.argmax(1).eq(y).sum().to_type(ScalarType.Float64) }));
                    }
                }

                encoder.eval();
                double[] read;
                using (var readScope = NewDisposeScope())
                using (no_grad())
                {
                    Tensor sums = EvaluationSums(encoder, head, validationInputs, validationLabels, device, EvaluationBatchSize);
                    read = cat(new[] { trainSums, sums }, 0).cpu().data<double>().ToArray(); // the one host read of the epoch
                }

                var record = new FineTuneEpoch(
                    epoch,
                    steps,
                    read[0] / steps,
                    read[1] / (steps * batchSize),
                    read[2] / validationSamples,
                    read[3] / validationSamples,
                    options.HeadLearningRate * firstFactor,
                    frozen ? 0 : options.BackboneLearningRate * firstFactor,
                    learningRates);
                history.Add(record);
                progress?.Report(record);

                if (!double.IsFinite(record.TrainLoss) || !double.IsFinite(record.ValidationLoss))
                {
                    // Diverged (too high a learning rate, an overflow): the weights are non-finite or about to be.
                    CopyAll(best, tracked);
                    if (bestEpoch == 0)
                    {
                        throw new FineTuneDivergedException(record, history);
                    }

                    stop = FineTuneStop.NonFiniteLoss;
                    break;
                }

                if (bestEpoch == 0 || record.ValidationLoss < bestLoss)
                {
                    bestEpoch = epoch;
                    bestLoss = record.ValidationLoss;
                    sinceBest = 0;
                    CopyAll(tracked, best);
                }
                else if (++sinceBest >= options.Patience && epoch < options.Epochs)
                {
                    stop = FineTuneStop.EarlyStopping;
                    break;
                }
            }

            if (stop != FineTuneStop.NonFiniteLoss && bestEpoch != history.Count)
            {
                CopyAll(best, tracked);
            }

            return (history, bestEpoch, stop);
        }

        /// <summary>Copies every tensor of <paramref name="from"/> into the same-index one of <paramref name="to"/>.</summary>
        private static void CopyAll(Tensor[] from, Tensor[] to)
        {
            using var noGrad = no_grad();
            for (int i = 0; i < from.Length; i++)
            {
                to[i].copy_(from[i]);
            }
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
            Require(double.IsFinite(options.LayerDecay) && options.LayerDecay > 0 && options.LayerDecay <= 1, $"LayerDecay is {options.LayerDecay}; must be in (0, 1] (1 = no layer decay)");
            Require(options.WarmupEpochs >= 0 && options.WarmupEpochs < options.Epochs, $"WarmupEpochs is {options.WarmupEpochs}; must be >= 0 and below Epochs ({options.Epochs})");
            Require(double.IsFinite(options.LabelSmoothing) && options.LabelSmoothing >= 0 && options.LabelSmoothing < 1, $"LabelSmoothing is {options.LabelSmoothing}; must be in [0, 1)");
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
