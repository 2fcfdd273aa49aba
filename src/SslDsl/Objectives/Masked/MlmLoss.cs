using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Masked-language-model loss (BERT): cross-entropy of the token logits against the labels of
    /// <see cref="MlmMasking.Apply"/>, averaged over the selected positions only (labels −100 are ignored).
    /// </summary>
    public static class MlmLoss
    {
        /// <summary>Mean cross-entropy over the positions whose label is not −100; a scalar tensor.</summary>
        /// <param name="logits"><c>[B, T, V]</c> vocabulary logits.</param>
        /// <param name="labels">int64 <c>[B, T]</c>: the original id where a token was selected, −100 elsewhere.</param>
        /// <remarks>A batch without any selected position gives 0/0 = NaN, as PyTorch's <c>cross_entropy</c>.</remarks>
        public static Tensor Compute(Tensor logits, Tensor labels)
        {
            ArgumentNullException.ThrowIfNull(logits);
            ArgumentNullException.ThrowIfNull(labels);
            using AutocastScope float32Region = LossPrecision.Float32Region(logits); // the loss computes in float32 (mixed precision)
            logits = LossPrecision.AtLeastFloat32(logits);
            if (logits.dim() != 3 || labels.dim() != 2 || labels.shape[0] != logits.shape[0] || labels.shape[1] != logits.shape[1]
                || labels.dtype != ScalarType.Int64)
            {
                throw new ArgumentException(
                    $"MLM loss expects [B, T, V] logits and int64 [B, T] labels, got [{string.Join(", ", logits.shape)}] and {labels.dtype} [{string.Join(", ", labels.shape)}]",
                    nameof(labels));
            }

            using var scope = NewDisposeScope();
            long vocab = logits.shape[2];
            return nn.functional.cross_entropy(logits.reshape(-1, vocab), labels.reshape(-1), ignore_index: MlmMasking.IgnoreIndex)
                .MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The same loss as <c>Compute(head(hidden), labels)</c>, with the position-wise <paramref name="head"/> applied at
        /// the selected positions only: at p = 0.15 it skips ~85 % of the V-wide logits, which dominate a small model's
        /// step when V is thousands of tokens. Gathering the selected rows reads their count back from the device once.
        /// </summary>
        /// <param name="head">Maps <c>[S, D]</c> to <c>[S, V]</c> row by row (a linear layer).</param>
        /// <param name="hidden"><c>[B, T, D]</c> encoder outputs.</param>
        /// <param name="labels">int64 <c>[B, T]</c>: the original id where a token was selected, −100 elsewhere.</param>
        public static Tensor Compute(nn.Module<Tensor, Tensor> head, Tensor hidden, Tensor labels) => Compute(head, hidden, labels, SingleProcessGroup.Instance);

        /// <summary>
        /// On several ranks (data parallel), this rank's share of the global batch's loss: its cross-entropy summed over
        /// its selected positions, divided by the selected positions of every rank (one all-reduce of a count) and
        /// multiplied by the ranks, so that the ranks' averaged gradients and losses are those of the global mean.
        /// </summary>
        public static Tensor Compute(nn.Module<Tensor, Tensor> head, Tensor hidden, Tensor labels, IProcessGroup group)
        {
            ArgumentNullException.ThrowIfNull(group);
            ArgumentNullException.ThrowIfNull(head);
            ArgumentNullException.ThrowIfNull(hidden);
            ArgumentNullException.ThrowIfNull(labels);
            if (hidden.dim() != 3 || labels.dim() != 2 || labels.shape[0] != hidden.shape[0] || labels.shape[1] != hidden.shape[1]
                || labels.dtype != ScalarType.Int64)
            {
                throw new ArgumentException(
                    $"MLM loss expects [B, T, D] hidden states and int64 [B, T] labels, got [{string.Join(", ", hidden.shape)}] and {labels.dtype} [{string.Join(", ", labels.shape)}]",
                    nameof(labels));
            }

            using var scope = NewDisposeScope();
            (Tensor rows, Tensor targets) = MlmMasking.SelectedPositions(labels);
            Tensor logits = head.call(MlmMasking.RowsOf(hidden, rows)); // in the caller's precision region
            using AutocastScope float32Region = LossPrecision.Float32Region(logits);
            logits = LossPrecision.AtLeastFloat32(logits);
            if (group.Size == 1)
            {
                return nn.functional.cross_entropy(logits, targets).MoveToOuterDisposeScope();
            }

            Tensor summed = nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum);
            return summed.div(GlobalCount.Of(rows.shape[0], summed, group)).MoveToOuterDisposeScope();
        }
    }
}
