using System;
using System.Linq;
using SslDsl.Encoders;
using SslDsl.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Held-out scores of a masked language model: each token sequence is corrupted once, as in training
    /// (<see cref="MlmMasking"/>: 80 % [MASK], 10 % random, 10 % kept), by a generator seeded with the given seed, and
    /// the model's predictions at the selected positions are scored — top-1 accuracy and cross-entropy, whose exponential
    /// is the masked-token perplexity. A fixed seed scores every model on the same corrupted positions.
    /// </summary>
    public static class MaskedLanguageModelEvaluation
    {
        /// <summary>
        /// Scores <paramref name="head"/>(<paramref name="encoder"/>.ForwardTokens(·)) — the generated MLM trainer's
        /// <c>Encoder</c> and <c>Head</c> — on <paramref name="tokens"/> (int64 <c>[N, T]</c> on the host) in eval mode
        /// without gradients; the modules' modes are restored. The corruption is drawn for the whole tensor at once on
        /// the CPU, so the score does not depend on <paramref name="batchSize"/> or on the modules' device.
        /// </summary>
        public static MaskedTokenScore Evaluate(TransformerSequenceEncoder encoder, nn.Module<Tensor, Tensor> head, MlmMasking masking, Tensor tokens, long seed, int batchSize = 256)
        {
            ArgumentNullException.ThrowIfNull(encoder);
            ArgumentNullException.ThrowIfNull(head);
            ArgumentNullException.ThrowIfNull(masking);
            CheckTokens(tokens, masking, nameof(tokens));
            if (batchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be >= 1");
            }

            Device device = encoder.parameters().First().device;
            bool encoderTraining = encoder.training, headTraining = head.training;
            encoder.eval();
            head.eval();
            try
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                (Tensor inputs, Tensor labels) = Corrupt(masking, tokens, seed);
                var total = new Sums();
                for (long start = 0; start < inputs.shape[0]; start += batchSize)
                {
                    using var batchScope = NewDisposeScope();
                    long length = Math.Min(batchSize, inputs.shape[0] - start);
                    // The head at the selected positions only (as MlmLoss): ~15 % of the [B·T, V] logits.
                    Tensor hidden = encoder.ForwardTokens(inputs.narrow(0, start, length).to(device));
                    (Tensor rows, Tensor target) = MlmMasking.SelectedPositions(labels.narrow(0, start, length).to(device));
                    total.Add(SumRows(head.call(MlmMasking.RowsOf(hidden, rows)), target));
                }

                return total.Score();
            }
            finally
            {
                encoder.train(encoderTraining);
                head.train(headTraining);
            }
        }

        /// <summary>Scores logits <c>[B, T, V]</c> against MLM labels <c>[B, T]</c> (−100 where not selected), in float64.</summary>
        public static MaskedTokenScore Score(Tensor logits, Tensor labels)
        {
            ArgumentNullException.ThrowIfNull(logits);
            ArgumentNullException.ThrowIfNull(labels);
            if (logits.dim() != 3 || labels.dim() != 2 || labels.shape[0] != logits.shape[0] || labels.shape[1] != logits.shape[1] || labels.dtype != ScalarType.Int64)
            {
                throw new ArgumentException(
                    $"expected [B, T, V] logits and int64 [B, T] labels, got [{string.Join(", ", logits.shape)}] and {labels.dtype} [{string.Join(", ", labels.shape)}]",
                    nameof(labels));
            }

            using var scope = NewDisposeScope();
            var total = new Sums();
            total.Add(Sum(logits, labels));
            return total.Score();
        }

        /// <summary>
        /// The unigram baseline on the same corrupted positions: every selected token is predicted from the frequencies
        /// of the ordinary (non-special) ids in <paramref name="trainTokens"/>, add-one smoothed; its accuracy is the share
        /// of the most frequent id. What a model must beat to have learnt anything from context.
        /// </summary>
        public static MaskedTokenScore Unigram(Tensor trainTokens, MlmMasking masking, Tensor tokens, long seed)
        {
            ArgumentNullException.ThrowIfNull(masking);
            CheckTokens(trainTokens, masking, nameof(trainTokens));
            CheckTokens(tokens, masking, nameof(tokens));
            using var scope = NewDisposeScope();
            Tensor counts = trainTokens.flatten().bincount(null, masking.VocabSize).to_type(ScalarType.Float64);
            Tensor ordinary = ones(masking.VocabSize, dtype: ScalarType.Bool);
            foreach (long id in masking.SpecialTokenIds)
            {
                ordinary[id] = false;
            }

            counts = counts.mul(ordinary).add(ordinary.to_type(ScalarType.Float64)); // add one to every ordinary id, zero for specials
            Tensor logProbabilities = counts.div(counts.sum()).log();
            (_, Tensor labels) = Corrupt(masking, tokens, seed);
            Tensor targets = labels.masked_select(labels.ne(MlmMasking.IgnoreIndex)); // the same prediction everywhere: no [N, T, V] logits needed
            var total = new Sums();
            total.Add((targets.numel(), targets.eq(logProbabilities.argmax()).sum().item<long>(), logProbabilities.index_select(0, targets).neg().sum().item<double>()));
            return total.Score();
        }

        private static (Tensor Inputs, Tensor Labels) Corrupt(MlmMasking masking, Tensor tokens, long seed)
        {
            using var generator = new Generator(unchecked((ulong)seed));
            return masking.Apply(tokens.to(CPU), generator);
        }

        /// <summary>Selected count, correct predictions and summed cross-entropy, as float64 host values.</summary>
        private static (long Count, long Correct, double CrossEntropy) Sum(Tensor logits, Tensor labels)
        {
            (Tensor rows, Tensor target) = MlmMasking.SelectedPositions(labels);
            return SumRows(MlmMasking.RowsOf(logits, rows), target);
        }

        /// <summary>The sums of <see cref="Sum"/> from the selected rows' logits <c>[S, V]</c>, widened to float64.</summary>
        private static (long Count, long Correct, double CrossEntropy) SumRows(Tensor selectedLogits, Tensor target)
        {
            selectedLogits = selectedLogits.to_type(ScalarType.Float64);
            Tensor crossEntropy = selectedLogits.log_softmax(-1).gather(-1, target.unsqueeze(-1)).neg().sum();
            Tensor correct = selectedLogits.argmax(-1).eq(target).sum();
            return (target.shape[0], correct.item<long>(), crossEntropy.item<double>());
        }

        private static void CheckTokens(Tensor tokens, MlmMasking masking, string name)
        {
            ArgumentNullException.ThrowIfNull(tokens, name);
            if (tokens.dim() != 2 || tokens.dtype != ScalarType.Int64)
            {
                throw new ArgumentException($"{name} must be int64 token ids [N, T], got {tokens.dtype} [{string.Join(", ", tokens.shape)}]", name);
            }

            if (tokens.numel() > 0 && (tokens.min().item<long>() < 0 || tokens.max().item<long>() >= masking.VocabSize))
            {
                throw new ArgumentException($"{name} holds ids outside the vocabulary [0, {masking.VocabSize}): min {tokens.min().item<long>()}, max {tokens.max().item<long>()}", name);
            }
        }

        private sealed class Sums
        {
            private long count;
            private long correct;
            private double crossEntropy;

            public void Add((long Count, long Correct, double CrossEntropy) part)
            {
                count += part.Count;
                correct += part.Correct;
                crossEntropy += part.CrossEntropy;
            }

            public MaskedTokenScore Score() => count == 0
                ? throw new ArgumentException("no position was selected for prediction: too few tokens, or only special ones")
                : new MaskedTokenScore(count, (double)correct / count, crossEntropy / count);
        }
    }
}
