using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>
    /// Pre-norm transformer block as timm's <c>Block</c> that MAE's ViT uses (Dosovitskiy et al. 2021; He et al. 2022):
    /// <c>x + Attn(LN(x))</c>, then <c>x + MLP(LN(x))</c>, with LayerNorm eps 1e-6, a fused qkv projection with bias
    /// (<c>qkv_bias=True</c>), multi-head self-attention through <c>scaled_dot_product_attention</c> and an MLP
    /// Linear → GELU (exact, erf) → Linear of hidden width <c>(int)(dim · mlpRatio)</c>. No dropout (MAE uses none).
    /// <c>[B, N, dim] → [B, N, dim]</c>. With a <see cref="SlidingWindowAttention"/>, Longformer's local + global attention
    /// takes the place of full attention (same projections and parameters).
    /// </summary>
    /// <remarks>
    /// The qkv output is split as timm does: <c>reshape(B, N, 3, heads, dim / heads)</c>, i.e. columns
    /// <c>[0, dim)</c> are the queries, <c>[dim, 2·dim)</c> the keys, <c>[2·dim, 3·dim)</c> the values, and head h owns
    /// columns <c>[h·dim/heads, (h+1)·dim/heads)</c> of each. Linear layers start as MAE's <c>_init_weights</c>:
    /// Xavier-uniform weights and zero biases; LayerNorms start at weight 1, bias 0.
    /// </remarks>
    public sealed class TransformerBlock : Module<Tensor, Tensor>
    {
        private readonly LayerNorm norm1;
        private readonly Linear qkv;
        private readonly Linear proj;
        private readonly LayerNorm norm2;
        private readonly Linear fc1;
        private readonly Linear fc2;
        private readonly int heads;

        /// <summary>A block of width <paramref name="dim"/> with <paramref name="heads"/> heads.</summary>
        /// <param name="dim">Token width, divisible by <paramref name="heads"/>.</param>
        /// <param name="heads">Attention heads.</param>
        /// <param name="mlpRatio">MLP hidden width over <paramref name="dim"/>.</param>
        /// <param name="slidingWindow">Local + global attention in place of full attention; null (the default) for full attention.</param>
        public TransformerBlock(int dim, int heads, double mlpRatio = 4.0, SlidingWindowAttention? slidingWindow = null) : base(nameof(TransformerBlock))
        {
            Validate(dim, heads, mlpRatio);
            Dim = dim;
            this.heads = heads;
            SlidingWindow = slidingWindow;
            HiddenDim = (int)(dim * mlpRatio);

            norm1 = LayerNorm(dim, eps: 1e-6);
            qkv = Linear(dim, 3 * dim, hasBias: true);
            proj = Linear(dim, dim);
            norm2 = LayerNorm(dim, eps: 1e-6);
            fc1 = Linear(dim, HiddenDim);
            fc2 = Linear(HiddenDim, dim);
            RegisterComponents();

            using var noGrad = no_grad();
            foreach (Linear linear in new[] { qkv, proj, fc1, fc2 })
            {
                init.xavier_uniform_(linear.weight);
                init.zeros_(linear.bias!);
            }
        }

        /// <summary>Token width.</summary>
        public int Dim { get; }

        /// <summary>Number of attention heads.</summary>
        public int Heads => heads;

        /// <summary>Width of the MLP's hidden layer, <c>(int)(dim · mlpRatio)</c> as timm.</summary>
        public int HiddenDim { get; }

        /// <summary>Longformer's local + global attention, or null for full attention.</summary>
        public SlidingWindowAttention? SlidingWindow { get; }

        /// <summary>Throws unless <paramref name="dim"/>, <paramref name="heads"/> and <paramref name="mlpRatio"/> make a valid block.</summary>
        internal static void Validate(int dim, int heads, double mlpRatio)
        {
            if (dim < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(dim), dim, "transformer dim must be >= 1");
            }

            if (heads < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(heads), heads, "attention heads must be >= 1");
            }

            if (dim % heads != 0)
            {
                throw new ArgumentException($"transformer dim {dim} is not divisible by the number of heads {heads}", nameof(heads));
            }

            if (!(mlpRatio > 0) || double.IsInfinity(mlpRatio) || (int)(dim * mlpRatio) < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(mlpRatio), mlpRatio, $"MLP ratio must be > 0 and give a hidden width >= 1 (dim {dim})");
            }
        }

        public override Tensor forward(Tensor x)
        {
            if (x.dim() != 3 || x.shape[2] != Dim)
            {
                throw new ArgumentException($"transformer block expects [B, N, {Dim}] tokens, got [{string.Join(", ", x.shape)}]", nameof(x));
            }

            using var scope = NewDisposeScope();
            long batch = x.shape[0];
            long tokens = x.shape[1];

            // timm Attention: qkv(x).reshape(B, N, 3, heads, head_dim).permute(2, 0, 3, 1, 4) → q, k, v [B, heads, N, head_dim]
            Tensor[] qkvParts = qkv.call(norm1.call(x))
                .reshape(batch, tokens, 3, heads, Dim / heads)
                .permute(2, 0, 3, 1, 4)
                .unbind(0);
            Tensor attended = SlidingWindow is null
                ? functional.scaled_dot_product_attention(qkvParts[0], qkvParts[1], qkvParts[2])
                : SlidingWindow.Attend(qkvParts[0], qkvParts[1], qkvParts[2]);
            Tensor merged = attended.transpose(1, 2).reshape(batch, tokens, Dim);
            Tensor y = x.add(proj.call(merged));

            Tensor mlp = fc2.call(functional.gelu(fc1.call(norm2.call(y))));
            return y.add(mlp).MoveToOuterDisposeScope(); // not in place: LayerNorm saved y for backward
        }
    }
}
