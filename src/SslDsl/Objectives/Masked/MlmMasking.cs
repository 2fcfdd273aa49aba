using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// BERT's masked-language-model corruption (Devlin et al. 2019, §3.1 and appendix A.1): every position whose token
    /// is not special is selected independently with probability p (0.15); a selected token becomes the mask token with
    /// probability 0.8, a random token with probability 0.1, and stays unchanged with probability 0.1. The labels hold the
    /// original token at the selected positions and <see cref="IgnoreIndex"/> (−100) elsewhere, for
    /// <see cref="MlmLoss"/>. Random numbers come from the generator passed to <see cref="Apply"/>, on the tokens' device;
    /// nothing is read back to the host.
    /// </summary>
    /// <remarks>
    /// Differences from the references: the random replacement is drawn uniformly from the ordinary (non-special)
    /// vocabulary, where BERT's <c>create_pretraining_data.py</c> and Hugging Face's <c>DataCollatorForLanguageModeling</c>
    /// draw from the whole vocabulary (so they can insert [CLS], [SEP], [PAD] or [MASK] itself); the mask token always
    /// counts as special. Selection is per-position Bernoulli as in Hugging Face, not BERT's fixed
    /// <c>round(len · 0.15)</c> positions per sequence. The 80/10/10 split comes from one uniform per position
    /// (u &lt; 0.8 → mask, 0.8 ≤ u &lt; 0.9 → random, else keep): the same distribution as Hugging Face's two Bernoulli draws.
    /// </remarks>
    public sealed class MlmMasking : IDisposable
    {
        /// <summary>The label of positions that are not predicted (PyTorch's cross-entropy default <c>ignore_index</c>).</summary>
        public const long IgnoreIndex = -100;

        /// <summary>
        /// The flat indices (into <c>B·T</c>) of the selected positions of <paramref name="labels"/> <c>[B, T]</c> — label not
        /// <see cref="IgnoreIndex"/> — and their labels: where MLM losses and scores apply a head and read the targets.
        /// Reads the count back from the device once.
        /// </summary>
        public static (Tensor Rows, Tensor Targets) SelectedPositions(Tensor labels)
        {
            ArgumentNullException.ThrowIfNull(labels);
            Tensor flat = labels.reshape(-1);
            Tensor rows = flat.ne(IgnoreIndex).nonzero().squeeze(1);
            return (rows, flat.index_select(0, rows));
        }

        /// <summary><paramref name="hidden"/> <c>[B, T, D]</c> at the flat <paramref name="rows"/> of <see cref="SelectedPositions"/>: <c>[S, D]</c>.</summary>
        internal static Tensor RowsOf(Tensor hidden, Tensor rows) => hidden.reshape(-1, hidden.shape[2]).index_select(0, rows);

        /// <summary>BERT's selection probability.</summary>
        public const double DefaultMaskProbability = 0.15;

        /// <summary>Of the selected tokens, the share replaced by the mask token.</summary>
        public const double MaskTokenShare = 0.8;

        /// <summary>Of the selected tokens, the share replaced by a random ordinary token (the rest stay unchanged).</summary>
        public const double RandomTokenShare = 0.1;

        private readonly long[] specialIds;
        private readonly long[] ordinaryIds;
        private Tensor? isSpecial;   // bool [V]
        private Tensor? ordinary;    // int64 [V − S]

        /// <param name="vocabSize">V: token ids are in [0, V).</param>
        /// <param name="maskTokenId">The [MASK] id; it is treated as special (never selected, never a random replacement).</param>
        /// <param name="specialTokenIds">Ids never selected nor drawn as replacements ([CLS], [SEP], [PAD], …).</param>
        /// <param name="maskProbability">Selection probability p, in (0, 1); BERT uses 0.15.</param>
        public MlmMasking(int vocabSize, long maskTokenId, long[] specialTokenIds, double maskProbability = DefaultMaskProbability)
        {
            ArgumentNullException.ThrowIfNull(specialTokenIds);
            if (vocabSize < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "the vocabulary needs the mask token and at least one ordinary token");
            }

            if (maskTokenId < 0 || maskTokenId >= vocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(maskTokenId), maskTokenId, $"the mask token id must be in [0, {vocabSize})");
            }

            foreach (long id in specialTokenIds)
            {
                if (id < 0 || id >= vocabSize)
                {
                    throw new ArgumentOutOfRangeException(nameof(specialTokenIds), id, $"special token id {id} is not in the vocabulary [0, {vocabSize})");
                }
            }

            if (!(maskProbability > 0.0 && maskProbability < 1.0))
            {
                throw new ArgumentOutOfRangeException(nameof(maskProbability), maskProbability, "the MLM mask probability must be in (0, 1)");
            }

            var special = new SortedSet<long>(specialTokenIds) { maskTokenId };
            if (special.Count >= vocabSize)
            {
                throw new ArgumentException(
                    $"every id of the {vocabSize}-token vocabulary is special (mask token included): there is no ordinary token to mask or draw",
                    nameof(specialTokenIds));
            }

            VocabSize = vocabSize;
            MaskTokenId = maskTokenId;
            MaskProbability = maskProbability;
            specialIds = special.ToArray();
            ordinaryIds = Enumerable.Range(0, vocabSize).Select(i => (long)i).Where(i => !special.Contains(i)).ToArray();
        }

        public int VocabSize { get; }

        public long MaskTokenId { get; }

        /// <summary>Selection probability p.</summary>
        public double MaskProbability { get; }

        /// <summary>The special ids, mask token included, ascending.</summary>
        public IReadOnlyList<long> SpecialTokenIds => specialIds;

        /// <summary>Number of ordinary tokens (the ones that can be selected or drawn as replacements).</summary>
        public int OrdinaryTokenCount => ordinaryIds.Length;

        /// <summary>Corrupts a batch of token ids.</summary>
        /// <param name="tokens">int64 ids in [0, V), any shape (typically <c>[B, T]</c>). An id outside the vocabulary is an
        /// index error on the CPU and a device-side assertion on CUDA (checking it here would read the tensor back).</param>
        /// <param name="generator">Source of the three draws (selection, 80/10/10 split, replacement ids); on the tokens' device.</param>
        /// <returns>The corrupted inputs (same shape, int64) and the labels (original id where selected, −100 elsewhere).</returns>
        public (Tensor Inputs, Tensor Labels) Apply(Tensor tokens, Generator generator)
        {
            ArgumentNullException.ThrowIfNull(tokens);
            ArgumentNullException.ThrowIfNull(generator);
            if (tokens.dtype != ScalarType.Int64)
            {
                throw new ArgumentException($"MLM masking expects int64 token ids, got {tokens.dtype}", nameof(tokens));
            }

            EnsureTables(tokens.device);
            using var scope = NewDisposeScope();
            long[] shape = tokens.shape;
            Tensor special = isSpecial!.take(tokens);
            Tensor selected = SampleDraws.Uniform(shape, generator, tokens.device)
                .lt(MaskProbability).logical_and_(special.logical_not());
            Tensor split = SampleDraws.Uniform(shape, generator, tokens.device);
            Tensor replacementIndex = SampleDraws.Integers(ordinaryIds.Length, shape, generator, tokens.device);

            Tensor toMask = split.lt(MaskTokenShare).logical_and_(selected);
            Tensor toRandom = split.ge(MaskTokenShare).logical_and_(split.lt(MaskTokenShare + RandomTokenShare)).logical_and_(selected);
            Tensor inputs = where(toRandom, ordinary!.take(replacementIndex), tokens).masked_fill_(toMask, MaskTokenId);
            Tensor labels = tokens.masked_fill(selected.logical_not(), IgnoreIndex);
            return (inputs.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
        }

        public void Dispose()
        {
            isSpecial?.Dispose();
            ordinary?.Dispose();
            isSpecial = null;
            ordinary = null;
        }

        /// <summary>The lookup tables depend only on the vocabulary: built once per device.</summary>
        private void EnsureTables(Device device)
        {
            // Device has no value equality (Tensor.device is a new object per call): compare type and index
            if (isSpecial is not null && isSpecial.device_type == device.type && isSpecial.device_index == device.index)
            {
                return;
            }

            isSpecial?.Dispose();
            ordinary?.Dispose();
            using var scope = NewDisposeScope();
            var flags = new bool[VocabSize];
            foreach (long id in specialIds)
            {
                flags[id] = true;
            }

            isSpecial = tensor(flags, device: device).MoveToOuterDisposeScope().DetachFromDisposeScope();
            ordinary = tensor(ordinaryIds, device: device).MoveToOuterDisposeScope().DetachFromDisposeScope();
        }
    }
}
