using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>
    /// Transformer encoder for text and sequences: an input embedding plus a learned position embedding, pre-norm
    /// <see cref="TransformerBlock"/>s (MLP ratio 4, as BERT's intermediate size) and a final LayerNorm (eps 1e-6).
    /// <see cref="ForTokens"/>: token ids int64 <c>[B, T]</c> through a token embedding (BERT, Devlin et al. 2019);
    /// <see cref="ForChannels"/>: float <c>[B, C, T]</c>, each time step's C values through a Linear projection.
    /// <see cref="ForwardTokens"/> gives <c>[B, T, dim]</c>; <c>forward</c> their mean over time <c>[B, dim]</c>.
    /// With an <see cref="AttentionWindow"/> W &gt; 0 the blocks attend as Longformer (Beltagy et al. 2020): each position to
    /// the W/2 positions on each side and to the first <see cref="GlobalTokens"/> positions, which attend to all
    /// (<see cref="SlidingWindowAttention"/>): time and memory grow as L·W instead of L², and no L×L score matrix is formed.
    /// </summary>
    /// <remarks>
    /// Pre-norm blocks (as ViT/GPT-2) where BERT is post-norm, which trains without a long warmup. Sequences shorter than
    /// <see cref="Length"/> use the first T positions. Token and position embeddings start as BERT's (N(0, 0.02); the
    /// positions truncated at ±2σ as BERT's truncated_normal), the channel projection as MAE's Linear layers (Xavier-uniform, zero bias).
    /// No padding mask: with full attention (the default) every position attends to every other one. The window adds no
    /// parameters: the same weights run with full or windowed attention, and give the same outputs when the window covers
    /// the sequence.
    /// </remarks>
    public sealed class TransformerSequenceEncoder : Module<Tensor, Tensor>, IEncoder
    {
        private readonly Embedding? tokenEmbedding;
        private readonly Linear? channelProjection;
        private readonly Sequential blocks;
        private readonly LayerNorm norm;
        private Parameter positions;

        private TransformerSequenceEncoder(
            Embedding? tokenEmbedding, Linear? channelProjection, int inputSize, int length, int dim, int depth, int heads, int attentionWindow, int globalTokens)
            : base(nameof(TransformerSequenceEncoder))
        {
            this.tokenEmbedding = tokenEmbedding;
            this.channelProjection = channelProjection;
            Length = length;
            OutputDim = dim;
            AttentionWindow = attentionWindow;
            GlobalTokens = globalTokens;
            if (tokenEmbedding is null)
            {
                Channels = inputSize;
            }
            else
            {
                VocabSize = inputSize;
            }

            // One attention pattern for every block: it holds no parameters.
            SlidingWindowAttention? window = attentionWindow > 0 ? new SlidingWindowAttention(attentionWindow, globalTokens) : null;
            blocks = Sequential();
            for (int i = 0; i < depth; i++)
            {
                blocks.append($"{i}", new TransformerBlock(dim, heads, slidingWindow: window));
            }

            norm = LayerNorm(dim, eps: 1e-6);
            // kept out of any dispose scope the caller has open
            positions = new Parameter(zeros(1, length, dim).DetachFromDisposeScope());
            RegisterComponents();

            using var noGrad = no_grad();
            TruncatedNormal.Fill(positions, mean: 0, std: 0.02, a: -0.04, b: 0.04); // not init.trunc_normal_: see TruncatedNormal
            if (tokenEmbedding is not null)
            {
                init.normal_(tokenEmbedding.weight!, std: 0.02);
            }

            if (channelProjection is not null)
            {
                init.xavier_uniform_(channelProjection.weight);
                init.zeros_(channelProjection.bias!);
            }
        }

        /// <inheritdoc />
        public int OutputDim { get; }

        /// <summary>Longest sequence (number of learned positions).</summary>
        public int Length { get; }

        /// <summary>Vocabulary size for a token encoder; 0 for a channel encoder.</summary>
        public int VocabSize { get; }

        /// <summary>Channels per time step for a channel encoder; 0 for a token encoder.</summary>
        public int Channels { get; }

        /// <summary>Longformer's window W: each position attends to W/2 positions on each side; 0 for full attention.</summary>
        public int AttentionWindow { get; }

        /// <summary>Leading positions that attend to and are attended by every position (with a window); 0 without.</summary>
        public int GlobalTokens { get; }

        /// <summary>Encoder for token ids int64 <c>[B, T]</c>, T ≤ <paramref name="length"/>, ids in [0, vocabSize).</summary>
        /// <param name="vocabSize">Number of token ids.</param>
        /// <param name="length">Longest sequence (learned positions).</param>
        /// <param name="dim">Token width.</param>
        /// <param name="depth">Transformer blocks.</param>
        /// <param name="heads">Attention heads per block; they divide <paramref name="dim"/>.</param>
        /// <param name="attentionWindow">0 for full attention, else an even window W (W/2 positions on each side).</param>
        /// <param name="globalTokens">With a window: leading positions with global attention, below <paramref name="length"/>.</param>
        public static TransformerSequenceEncoder ForTokens(int vocabSize, int length, int dim, int depth, int heads, int attentionWindow = 0, int globalTokens = 0)
        {
            if (vocabSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "vocabulary size must be >= 1");
            }

            Validate(length, dim, depth, heads, attentionWindow, globalTokens);
            return new TransformerSequenceEncoder(Embedding(vocabSize, dim), null, vocabSize, length, dim, depth, heads, attentionWindow, globalTokens);
        }

        /// <summary>Encoder for multichannel sequences float <c>[B, C, T]</c>, T ≤ <paramref name="length"/>.</summary>
        /// <param name="channels">Values per time step.</param>
        /// <param name="length">Longest sequence (learned positions).</param>
        /// <param name="dim">Token width.</param>
        /// <param name="depth">Transformer blocks.</param>
        /// <param name="heads">Attention heads per block; they divide <paramref name="dim"/>.</param>
        /// <param name="attentionWindow">0 for full attention, else an even window W (W/2 time steps on each side).</param>
        /// <param name="globalTokens">With a window: leading time steps with global attention, below <paramref name="length"/>.</param>
        public static TransformerSequenceEncoder ForChannels(int channels, int length, int dim, int depth, int heads, int attentionWindow = 0, int globalTokens = 0)
        {
            if (channels < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(channels), channels, "sequence channels must be >= 1");
            }

            Validate(length, dim, depth, heads, attentionWindow, globalTokens);
            return new TransformerSequenceEncoder(null, Linear(channels, dim), channels, length, dim, depth, heads, attentionWindow, globalTokens);
        }

        /// <summary>Mean over time of <see cref="ForwardTokens"/>: <c>→ [B, dim]</c>.</summary>
        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            return ForwardTokens(input).mean(new long[] { 1 }).MoveToOuterDisposeScope();
        }

        /// <summary>Every time step's output after the final norm: <c>→ [B, T, dim]</c> (for MLM and masked reconstruction).</summary>
        public Tensor ForwardTokens(Tensor input)
        {
            using var scope = NewDisposeScope();
            Tensor embedded;
            if (tokenEmbedding is not null)
            {
                if (input.dim() != 2 || input.dtype != ScalarType.Int64 || input.shape[1] < 1 || input.shape[1] > Length)
                {
                    throw new ArgumentException(
                        $"token encoder expects int64 [B, T] with 1 <= T <= {Length}, got {input.dtype} [{string.Join(", ", input.shape)}]", nameof(input));
                }

                embedded = tokenEmbedding.call(input);
            }
            else
            {
                if (input.dim() != 3 || input.shape[1] != Channels || input.shape[2] < 1 || input.shape[2] > Length)
                {
                    throw new ArgumentException(
                        $"sequence encoder expects [B, {Channels}, T] with 1 <= T <= {Length}, got [{string.Join(", ", input.shape)}]", nameof(input));
                }

                embedded = channelProjection!.call(input.transpose(1, 2));
            }

            Tensor x = embedded.add(positions.narrow(1, 0, embedded.shape[1]));
            return norm.call(blocks.call(x)).MoveToOuterDisposeScope();
        }

        private static void Validate(int length, int dim, int depth, int heads, int attentionWindow, int globalTokens)
        {
            if (length < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "sequence length must be >= 1");
            }

            if (depth < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(depth), depth, "transformer depth must be >= 1");
            }

            TransformerBlock.Validate(dim, heads, 4.0);
            if (attentionWindow == 0)
            {
                // Full attention already lets every position attend to every other: a global token would mean nothing.
                if (globalTokens != 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(globalTokens), globalTokens, "global tokens need an attention window (> 0); full attention has none");
                }

                return;
            }

            SlidingWindowAttention.Validate(attentionWindow, globalTokens);
            if (globalTokens >= length)
            {
                throw new ArgumentOutOfRangeException(nameof(globalTokens), globalTokens, $"global tokens must be fewer than the sequence length {length}");
            }
        }
    }
}
