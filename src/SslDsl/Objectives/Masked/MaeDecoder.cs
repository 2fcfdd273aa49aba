using System;
using SslDsl.Encoders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Objectives
{
    /// <summary>
    /// MAE's lightweight decoder (He et al. 2022, <c>models_mae.py</c> <c>forward_decoder</c>): Linear embedding of
    /// the encoder's tokens to the decoder width, a learned mask token appended for the L − K hidden patches, the
    /// sequence unshuffled to patch order with <see cref="MaeMask.RestoreIndices"/> (the CLS token, when there is one,
    /// stays in front), + a position embedding, pre-norm transformer blocks (<see cref="TransformerBlock"/>), LayerNorm, Linear to the patch size,
    /// and the CLS token dropped: <c>([B, 1 + K, E], [B, L]) → [B, L, patchDim]</c>.
    /// </summary>
    /// <remarks>
    /// Difference from MAE: MAE's decoder position embedding is a fixed (not trained) 2-D sine-cosine table over the
    /// patch grid; here it is a learned <c>[1, (1) + L, decoderDim]</c> parameter (truncated normal, σ = 0.02, as ViT),
    /// so the decoder needs no grid geometry and works for 1-D sequences too. Everything else follows MAE: the blocks are
    /// the encoders' <see cref="TransformerBlock"/> (timm's pre-norm block: LayerNorm ε = 1e-6, qkv with bias,
    /// <c>scaled_dot_product_attention</c>, MLP ratio 4 with exact GELU), final LayerNorm ε = 1e-6, mask token
    /// ~ N(0, 0.02²), Linear weights Xavier-uniform with zero bias.
    /// </remarks>
    public sealed class MaeDecoder : Module<Tensor, Tensor, Tensor>
    {
        private const double LayerNormEpsilon = 1e-6;
        private const double MlpRatio = 4.0;

        private readonly Linear embed;
        private readonly Parameter maskToken;
        private readonly Parameter positions;
        private readonly ModuleList<TransformerBlock> blocks;
        private readonly LayerNorm norm;
        private readonly Linear prediction;
        private readonly int encoderDim;
        private readonly int decoderDim;
        private readonly int patches;
        private readonly int prefix;

        /// <param name="encoderDim">Width of the encoder's tokens (E).</param>
        /// <param name="decoderDim">Decoder width (MAE: 512).</param>
        /// <param name="depth">Number of transformer blocks (MAE: 8); 0 gives a per-token linear decoder.</param>
        /// <param name="heads">Attention heads (MAE: 16); must divide <paramref name="decoderDim"/>.</param>
        /// <param name="patches">L, the number of patches of a full sample.</param>
        /// <param name="patchDim">Values per reconstructed patch (p·p·C for images).</param>
        /// <param name="clsToken">The encoder's output starts with a CLS token (MAE's ViT); it is decoded along and dropped at the end.</param>
        public MaeDecoder(int encoderDim, int decoderDim, int depth, int heads, int patches, int patchDim, bool clsToken = true)
            : base(nameof(MaeDecoder))
        {
            if (encoderDim < 1 || decoderDim < 1 || patches < 1 || patchDim < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(decoderDim),
                    $"MAE decoder sizes must be >= 1 (encoder {encoderDim}, decoder {decoderDim}, patches {patches}, patch values {patchDim})");
            }

            if (depth < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(depth), depth, "the decoder depth must be >= 0");
            }

            if (heads < 1 || decoderDim % heads != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(heads), heads, $"the number of heads must be >= 1 and divide the decoder width {decoderDim}");
            }

            this.encoderDim = encoderDim;
            this.decoderDim = decoderDim;
            this.patches = patches;
            prefix = clsToken ? 1 : 0;
            Depth = depth;
            PatchDim = patchDim;

            embed = Linear(encoderDim, decoderDim);
            maskToken = new Parameter(zeros(1, 1, decoderDim));
            positions = new Parameter(zeros(1, prefix + patches, decoderDim));
            var blockList = new TransformerBlock[depth];
            for (int i = 0; i < depth; i++)
            {
                blockList[i] = new TransformerBlock(decoderDim, heads, MlpRatio);
            }

            blocks = ModuleList(blockList);
            norm = LayerNorm(decoderDim, eps: LayerNormEpsilon);
            prediction = Linear(decoderDim, patchDim);
            RegisterComponents();
            ResetParameters();
        }

        /// <summary>Number of transformer blocks.</summary>
        public int Depth { get; }

        /// <summary>Values per reconstructed patch.</summary>
        public int PatchDim { get; }

        /// <summary>The learned mask token, <c>[1, 1, decoderDim]</c>.</summary>
        internal Parameter MaskToken => maskToken;

        /// <summary>The learned position embedding, <c>[1, (1) + L, decoderDim]</c>.</summary>
        internal Parameter Positions => positions;

        /// <param name="latent">Encoder output on the visible patches, <c>[B, (1) + K, E]</c> (CLS first when configured).</param>
        /// <param name="restoreIndices"><c>[B, L]</c> int64 from <see cref="MaeMasking.Sample"/>.</param>
        /// <returns>Reconstructed patches <c>[B, L, patchDim]</c> in patch order.</returns>
        public override Tensor forward(Tensor latent, Tensor restoreIndices)
        {
            ArgumentNullException.ThrowIfNull(latent);
            ArgumentNullException.ThrowIfNull(restoreIndices);
            if (latent.dim() != 3 || latent.shape[2] != encoderDim || latent.shape[1] < prefix)
            {
                throw new ArgumentException(
                    $"the MAE decoder expects encoder tokens [B, {(prefix == 1 ? "1 + " : string.Empty)}K, {encoderDim}], got [{string.Join(", ", latent.shape)}]",
                    nameof(latent));
            }

            using var scope = NewDisposeScope();
            Tensor x = Unshuffle(embed.call(latent), restoreIndices);
            x = x.add(positions);
            foreach (TransformerBlock block in blocks)
            {
                x = block.call(x);
            }

            x = prediction.call(norm.call(x));
            return x.narrow(1, prefix, patches).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// MAE's unshuffle on already embedded tokens <c>[B, (1) + K, D]</c>: append L − K mask tokens, gather with
        /// <c>restoreIndices</c>, put the CLS token back in front → <c>[B, (1) + L, D]</c> (before the position embedding).
        /// </summary>
        internal Tensor Unshuffle(Tensor embedded, Tensor restoreIndices)
        {
            long batch = embedded.shape[0];
            long visible = embedded.shape[1] - prefix;
            if (restoreIndices.dim() != 2 || restoreIndices.shape[0] != batch || restoreIndices.shape[1] != patches
                || restoreIndices.dtype != ScalarType.Int64 || visible > patches)
            {
                throw new ArgumentException(
                    $"the MAE decoder expects int64 restore indices [{batch}, {patches}] and at most {patches} visible tokens, got {restoreIndices.dtype} [{string.Join(", ", restoreIndices.shape)}] and {visible} tokens",
                    nameof(restoreIndices));
            }

            using var scope = NewDisposeScope();
            Tensor tokens = embedded.narrow(1, prefix, visible);
            Tensor masks = maskToken.to_type(embedded.dtype).expand(batch, patches - visible, decoderDim);
            Tensor index = restoreIndices.unsqueeze(-1).expand(batch, patches, decoderDim);
            Tensor sequence = cat(new[] { tokens, masks }, 1).gather(1, index);
            if (prefix == 1)
            {
                sequence = cat(new[] { embedded.narrow(1, 0, 1), sequence }, 1);
            }

            return sequence.MoveToOuterDisposeScope();
        }

        private void ResetParameters()
        {
            using var noGrad = no_grad();
            SslDsl.Encoders.TruncatedNormal.Fill(positions, mean: 0, std: 0.02, a: -2, b: 2); // timm bounds; not init.trunc_normal_ (broken in TorchSharp 0.107)
            init.normal_(maskToken, std: 0.02);
            foreach (Module module in modules())
            {
                if (module is Linear linear)
                {
                    init.xavier_uniform_(linear.weight);
                    if (linear.bias is not null)
                    {
                        init.zeros_(linear.bias);
                    }
                }
            }
        }
    }
}
