using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// The outcome of <see cref="FineTuner.Fit"/>: the per-epoch history, the best (lowest validation loss) epoch
    /// whose weights the encoder and <see cref="Head"/> hold now, whether early stopping ended the run, and the
    /// fine-tuned classifier itself (<see cref="Encoder"/> → <see cref="Head"/>) to evaluate or predict with.
    /// </summary>
    /// <remarks>
    /// <see cref="Encoder"/> is the caller's encoder, fine-tuned in place; <see cref="Evaluate"/> and
    /// <see cref="Predict"/> use it as it is when they are called, so evaluate before restoring pretrained weights.
    /// The result owns <see cref="Head"/>: dispose the result to free it.
    /// </remarks>
    public sealed record FineTuneResult : IDisposable
    {
        internal FineTuneResult(
            nn.Module<Tensor, Tensor> encoder,
            Linear head,
            Device device,
            int classes,
            int batchSize,
            IReadOnlyList<FineTuneEpoch> history,
            int bestEpoch,
            FineTuneStop stopReason,
            IReadOnlyList<FineTuneParameterGroup> parameterGroups,
            IReadOnlyList<string> notes)
        {
            ParameterGroups = parameterGroups;
            Notes = notes;
            Encoder = encoder;
            Head = head;
            Device = device;
            Classes = classes;
            BatchSize = batchSize;
            History = history;
            BestEpoch = bestEpoch;
            StopReason = stopReason;
        }

        /// <summary>
        /// One entry per epoch run, in order (<c>History[i].Epoch == i + 1</c>); with <see cref="FineTuneStop.NonFiniteLoss"/>
        /// the last entry is the epoch whose loss was NaN or infinite (its weights were discarded).
        /// </summary>
        public IReadOnlyList<FineTuneEpoch> History { get; }

        /// <summary>1-based epoch with the lowest validation loss; the encoder and head hold its weights.</summary>
        public int BestEpoch { get; }

        /// <summary>
        /// The AdamW parameter groups, each with its parameters' names and peak learning rate; the order of
        /// <see cref="FineTuneEpoch.LearningRates"/>. The head comes first; a frozen encoder has no group.
        /// </summary>
        public IReadOnlyList<FineTuneParameterGroup> ParameterGroups { get; }

        /// <summary>What the run could not do as asked (LayerDecay on an encoder without a layer map); empty when nothing.</summary>
        public IReadOnlyList<string> Notes { get; }

        /// <summary>Why training ended: all epochs run, early stopping, or a NaN/infinite loss.</summary>
        public FineTuneStop StopReason { get; }

        /// <summary>True when the validation loss stopped improving for Patience epochs before the last epoch.</summary>
        public bool StoppedEarly => StopReason == FineTuneStop.EarlyStopping;

        /// <summary>
        /// The mini-batch size used: <see cref="FineTuneOptions.BatchSize"/>, or the number of training samples when
        /// there were fewer (one batch of all of them per epoch).
        /// </summary>
        public int BatchSize { get; }

        /// <summary>Epochs actually run.</summary>
        public int EpochsRun => History.Count;

        /// <summary>Validation loss of the best epoch (that of the restored weights).</summary>
        public double BestValidationLoss => History[BestEpoch - 1].ValidationLoss;

        /// <summary>Validation top-1 of the best (lowest-loss) epoch, i.e. of the restored weights.</summary>
        public double BestValidationTop1 => History[BestEpoch - 1].ValidationTop1;

        /// <summary>Number of classes of the head.</summary>
        public int Classes { get; }

        /// <summary>The fine-tuned encoder (the instance passed to <see cref="FineTuner.Fit"/>).</summary>
        public nn.Module<Tensor, Tensor> Encoder { get; }

        /// <summary>The trained linear head, <c>[B, embeddingDim] → [B, Classes]</c> logits, on <see cref="Device"/>.</summary>
        public Linear Head { get; }

        /// <summary>Where the encoder and head live; inputs are moved there per batch.</summary>
        public Device Device { get; }

        /// <summary>
        /// Mean cross-entropy and top-1 of encoder → head on labelled data (host tensors, any input kind that
        /// <see cref="Training.InputTensors.ToDevice"/> handles), in eval mode without gradients, batched; the encoder's
        /// mode is restored. One host read. With the default batch size it computes exactly what the validation of
        /// <see cref="FineTuner.Fit"/> computed.
        /// </summary>
        public FineTuneEvaluation Evaluate(Tensor inputs, Tensor labels, int batchSize = FineTuner.EvaluationBatchSize)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            ArgumentNullException.ThrowIfNull(labels);
            if (batchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be >= 1");
            }

            long samples = FineTuner.CheckSamples(inputs, nameof(inputs));
            using var scope = NewDisposeScope();
            Tensor hostLabels = EvaluationInputs.CheckLabels(labels, samples, Classes, nameof(labels), nameof(inputs));
            bool wasTraining = Encoder.training;
            Encoder.eval();
            try
            {
                using var noGrad = no_grad();
                double[] sums = FineTuner.EvaluationSums(Encoder, Head, FineTuner.OnHost(inputs), hostLabels, Device, batchSize).cpu().data<double>().ToArray();
                return new FineTuneEvaluation(sums[0] / samples, sums[1] / samples, (int)samples);
            }
            finally
            {
                Encoder.train(wasTraining);
            }
        }

        /// <summary>
        /// Logits <c>[N, Classes]</c> (float32, on the CPU) of encoder → head for host inputs, in eval mode without
        /// gradients, batched; the encoder's mode is restored.
        /// </summary>
        public Tensor Predict(Tensor inputs, int batchSize = FineTuner.EvaluationBatchSize)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            if (batchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be >= 1");
            }

            long samples = FineTuner.CheckSamples(inputs, nameof(inputs));
            bool wasTraining = Encoder.training;
            Encoder.eval();
            try
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                Tensor host = FineTuner.OnHost(inputs);
                var parts = new List<Tensor>();
                for (long start = 0; start < samples; start += batchSize)
                {
                    long length = Math.Min(batchSize, samples - start);
                    Tensor batch = Training.InputTensors.ToDevice(host.narrow(0, start, length), Device);
                    parts.Add(Head.call(Encoder.call(batch)).to(CPU));
                }

                return cat(parts, 0).MoveToOuterDisposeScope();
            }
            finally
            {
                Encoder.train(wasTraining);
            }
        }

        /// <summary>Frees the head's parameters (the encoder belongs to the caller).</summary>
        public void Dispose() => Head.Dispose();
    }
}
