using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>
    /// Longformer's local + global self-attention (Beltagy, Peters &amp; Cohan 2020, §3.1): a token at position i attends
    /// to the positions j with <c>|i − j| ≤ W/2</c> (W = <see cref="Window"/>: W/2 on each side, itself included, W + 1
    /// keys) and to the first G = <see cref="GlobalTokens"/> positions; those G tokens attend to every position.
    /// Computed block by block: memory and time grow as <c>L·W</c>, not <c>L²</c>. Scaled by <c>1/√head_dim</c>, no dropout,
    /// as <see cref="TransformerBlock"/>'s full attention.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The two-sided window is Longformer's (HF <c>LongformerSelfAttention</c>: <c>one_sided_attn_window_size =
    /// attention_window // 2</c>, an even <c>attention_window</c>), so that a bidirectional encoder sees as much to the left
    /// as to the right. As there, a global key is taken out of the band and scored once, in the global columns.
    /// </para>
    /// <para>
    /// Queries are cut into blocks of b = W/2 positions (the sequence is padded to a multiple of b). The keys a block
    /// needs, <c>[c·b − W/2, c·b + b − 1 + W/2]</c>, are exactly its own block and its two neighbours: one <c>unfold</c> of
    /// the keys padded by a block on each side gives them, the G global keys are appended to every block's, and the
    /// scores are <c>[B, H, L/b, b, 3b + G]</c> (1.5·L·W + L·G per head), masked to <c>|i − j| ≤ W/2</c> and to real,
    /// non-global band keys, in one softmax. The G global queries are a full softmax over all keys, <c>[B, H, G, L]</c>.
    /// No L×L tensor is formed. (<c>scaled_dot_product_attention</c> over the same blocks with this mask measured no
    /// faster and no leaner on the CPU with libtorch 2.10, so the softmax is written out.)
    /// </para>
    /// <para>
    /// No row of the band is empty, so the <c>−∞</c> fill never gives a NaN: a local query sees itself, a padded query
    /// the last real position (less than a block away), and any query the global keys when G &gt; 0.
    /// </para>
    /// <para>
    /// A window that covers the sequence (<c>W/2 + G ≥ L − 1</c>: every pair of positions may attend) is full attention,
    /// and <see cref="Attend"/> computes it as such, with <c>scaled_dot_product_attention</c>.
    /// </para>
    /// </remarks>
    public sealed class SlidingWindowAttention
    {
        /// <summary>Attention to <c>±window/2</c> positions plus <paramref name="globalTokens"/> global positions at the start.</summary>
        /// <param name="window">The window W: even and ≥ 2; each token sees W/2 positions on each side.</param>
        /// <param name="globalTokens">The number G of leading positions (e.g. a [CLS] token) that attend to and are attended by all, ≥ 0.</param>
        public SlidingWindowAttention(int window, int globalTokens)
        {
            Validate(window, globalTokens);
            Window = window;
            GlobalTokens = globalTokens;
        }

        /// <summary>The window W: each token attends to the W/2 positions on its left and the W/2 on its right.</summary>
        public int Window { get; }

        /// <summary>Tokens on each side a query attends to, W/2.</summary>
        public int HalfWindow => Window / 2;

        /// <summary>Leading positions that attend to every position and that every position attends to.</summary>
        public int GlobalTokens { get; }

        /// <summary>Whether every pair of positions of a sequence of <paramref name="length"/> may attend: then this is full attention.</summary>
        public bool CoversSequence(long length) => (long)HalfWindow + GlobalTokens >= length - 1;

        /// <summary>
        /// Attention of <paramref name="query"/> over <paramref name="key"/> / <paramref name="value"/>, all
        /// <c>[B, heads, L, head_dim]</c>, restricted to the window and the global tokens: <c>→ [B, heads, L, head_dim]</c>.
        /// </summary>
        public Tensor Attend(Tensor query, Tensor key, Tensor value)
        {
            CheckShapes(query, key, value);
            return CoversSequence(query.shape[2])
                ? functional.scaled_dot_product_attention(query, key, value)
                : AttendInBlocks(query, key, value);
        }

        /// <summary>
        /// The blocked computation, also when the window covers the sequence (then with one block of L queries): what
        /// <see cref="Attend"/> runs otherwise, exposed so that tests can compare it with full attention.
        /// </summary>
        internal Tensor AttendInBlocks(Tensor query, Tensor key, Tensor value)
        {
            CheckShapes(query, key, value);
            using var scope = NewDisposeScope();
            long batch = query.shape[0], heads = query.shape[1], length = query.shape[2], headDim = query.shape[3];
            long global = Math.Min(GlobalTokens, length);
            long block = Math.Min(HalfWindow, length); // a window wider than the sequence needs no block longer than it
            long blocks = (length + block - 1) / block;
            long padding = (blocks * block) - length;

            Tensor queryBlocks = PadTime(query.mul(1.0 / Math.Sqrt(headDim)), 0, padding).reshape(batch, heads, blocks, block, headDim);
            Tensor keys = BlockKeys(key, global, block, blocks, padding);     // [B, H, blocks, 3b + G, D]
            Tensor values = BlockKeys(value, global, block, blocks, padding); // [B, H, blocks, 3b + G, D]

            // The one tensor that grows with L·W: [B, H, blocks, b, 3b + G]. Masked in place (matmul's backward needs
            // its inputs, not its output) and released as soon as softmax has read it, so that only the weights that
            // softmax's backward needs stay alive through the layer.
            Tensor scores = queryBlocks.matmul(keys.transpose(3, 4));
            scores.masked_fill_(Allowed(length, global, block, blocks, query.device).logical_not(), double.NegativeInfinity);
            Tensor weights = scores.softmax(-1);
            scores.Dispose();
            Tensor local = weights.matmul(values).reshape(batch, heads, blocks * block, headDim).narrow(2, 0, length);
            weights.Dispose();
            if (global == 0)
            {
                return local.MoveToOuterDisposeScope();
            }

            // The global queries see every key: a full softmax over [B, H, G, L].
            Tensor globalRows = functional.scaled_dot_product_attention(query.narrow(2, 0, global), key, value);
            return cat(new[] { globalRows, local.narrow(2, global, length - global) }, 2).MoveToOuterDisposeScope();
        }

        /// <summary>Throws unless <paramref name="window"/> is even and ≥ 2 and <paramref name="globalTokens"/> ≥ 0.</summary>
        internal static void Validate(int window, int globalTokens)
        {
            if (window < 2 || window % 2 != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(window), window, "attention window must be an even number >= 2 (window/2 positions on each side)");
            }

            if (globalTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(globalTokens), globalTokens, "global tokens must be >= 0");
            }
        }

        /// <summary>
        /// The keys (or values) each block of queries may look at: <c>[B, H, blocks, 3b + G, D]</c>, the 3b positions from
        /// one block before to one block after it, then the G global positions.
        /// </summary>
        private static Tensor BlockKeys(Tensor x, long global, long block, long blocks, long padding)
        {
            long batch = x.shape[0], heads = x.shape[1], headDim = x.shape[3];
            // One block of zeros before and after: window c of the unfold holds positions (c − 1)·b … (c + 2)·b − 1.
            Tensor windows = PadTime(x, block, padding + block).unfold(2, 3 * block, block).transpose(3, 4);
            return global == 0
                ? windows
                : cat(new[] { windows, x.narrow(2, 0, global).unsqueeze(2).expand(batch, heads, blocks, global, headDim) }, 3);
        }

        /// <summary>
        /// Which keys of <see cref="BlockKeys"/> a query may attend to: <c>[blocks, b, 3b + G]</c> bool. Query r of block
        /// c is at c·b + r, band key k at (c − 1)·b + k: allowed when <c>|k − b − r| ≤ W/2</c> and the key is a real
        /// position past the global ones (those come once, in the last G columns, always allowed).
        /// </summary>
        private Tensor Allowed(long length, long global, long block, long blocks, Device device)
        {
            long span = 3 * block;
            Tensor rows = arange(block, ScalarType.Int64, device).view(block, 1);
            Tensor columns = arange(span, ScalarType.Int64, device).view(1, span);
            Tensor inBand = columns.sub(block).sub(rows).abs().le(HalfWindow);                                                  // [b, 3b]
            Tensor keyPositions = arange(blocks, ScalarType.Int64, device).view(blocks, 1).mul(block).sub(block).add(columns); // [blocks, 3b]
            Tensor realKeys = keyPositions.ge(global).logical_and(keyPositions.lt(length));
            Tensor band = inBand.unsqueeze(0).logical_and(realKeys.unsqueeze(1));
            return global == 0 ? band : cat(new[] { band, ones(new[] { blocks, block, global }, ScalarType.Bool, device) }, 2);
        }

        /// <summary>Zeros before and after the time axis (dim 2) of <c>[B, H, L, D]</c>.</summary>
        private static Tensor PadTime(Tensor x, long before, long after) =>
            before == 0 && after == 0 ? x : functional.pad(x, new[] { 0L, 0L, before, after });

        private static void CheckShapes(Tensor query, Tensor key, Tensor value)
        {
            if (query.dim() != 4 || !SameShape(query, key) || !SameShape(query, value) || query.shape[2] < 1)
            {
                throw new ArgumentException(
                    $"sliding-window attention expects query, key and value of one shape [B, heads, L, head_dim] with L >= 1, got [{string.Join(", ", query.shape)}], "
                    + $"[{string.Join(", ", key.shape)}], [{string.Join(", ", value.shape)}]", nameof(query));
            }
        }

        private static bool SameShape(Tensor a, Tensor b) => a.shape.AsSpan().SequenceEqual(b.shape);
    }
}
