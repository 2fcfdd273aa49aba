using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Encoders
{
    /// <summary>
    /// Vision Transformer (Dosovitskiy et al. 2021) as MAE's encoder builds it (He et al. 2022,
    /// <c>models_mae.MaskedAutoencoderViT</c>): non-overlapping patches embedded by a Conv2d with kernel = stride =
    /// patch, a learned CLS token, a FIXED 2-D sin-cos position embedding (<c>get_2d_sincos_pos_embed</c>, the CLS
    /// position is zeros), pre-norm <see cref="TransformerBlock"/>s and a final LayerNorm (eps 1e-6).
    /// <c>[B, C, H, W] → [B, dim]</c>: the CLS token's output.
    /// </summary>
    /// <remarks>
    /// Any H x W rectangle works as long as the patch divides both sides; the grid is <c>H/p x W/p</c>, patches
    /// numbered row-major. Initialisation follows MAE's <c>initialize_weights</c>: the patch-embedding weight
    /// Xavier-uniform on its <c>[dim, C·p·p]</c> view, the CLS token N(0, 0.02), Linear layers Xavier-uniform with zero
    /// bias (in <see cref="TransformerBlock"/>). The position embedding is a buffer (saved with the module, never
    /// trained), where MAE keeps it as a parameter with <c>requires_grad=False</c>.
    /// </remarks>
    public sealed class VisionTransformerEncoder : Module<Tensor, Tensor>, IEncoder
    {
        private readonly Conv2d patchEmbed;
        private readonly Sequential blocks;
        private readonly LayerNorm norm;
        private Parameter clsToken;
        private Tensor posEmbed;

        public VisionTransformerEncoder(int channels, int height, int width, int patchSize, int dim, int depth, int heads, double mlpRatio = 4.0)
            : base(nameof(VisionTransformerEncoder))
        {
            if (channels < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(channels), channels, "image channels must be >= 1");
            }

            if (height < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(height), height, "image height must be >= 1");
            }

            if (width < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(width), width, "image width must be >= 1");
            }

            if (patchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(patchSize), patchSize, "ViT patch size must be >= 1");
            }

            if (height % patchSize != 0)
            {
                throw new ArgumentException($"ViT patch size {patchSize} does not divide the image height {height}", nameof(patchSize));
            }

            if (width % patchSize != 0)
            {
                throw new ArgumentException($"ViT patch size {patchSize} does not divide the image width {width}", nameof(patchSize));
            }

            if (dim < 4 || dim % 4 != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dim), dim, "ViT dim must be a positive multiple of 4 (the 2-D sin-cos position embedding splits it into 4 parts)");
            }

            if (depth < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(depth), depth, "ViT depth must be >= 1");
            }

            TransformerBlock.Validate(dim, heads, mlpRatio);

            Channels = channels;
            Height = height;
            Width = width;
            PatchSize = patchSize;
            GridHeight = height / patchSize;
            GridWidth = width / patchSize;
            OutputDim = dim;

            patchEmbed = Conv2d(channels, dim, patchSize, stride: patchSize);
            blocks = Sequential();
            for (int i = 0; i < depth; i++)
            {
                blocks.append($"{i}", new TransformerBlock(dim, heads, mlpRatio));
            }

            norm = LayerNorm(dim, eps: 1e-6);
            // our own tensors are kept out of any dispose scope the caller has open
            clsToken = new Parameter(zeros(1, 1, dim).DetachFromDisposeScope());
            using (NewDisposeScope())
            {
                // row 0 (the CLS position) stays zero, as get_2d_sincos_pos_embed(..., cls_token=True)
                posEmbed = cat(new[] { zeros(1, dim), SinCosPositionEmbedding(dim, GridHeight, GridWidth) }, 0)
                    .unsqueeze(0)
                    .DetachFromDisposeScope();
            }

            RegisterComponents();

            using var noGrad = no_grad();
            using (Tensor flatWeight = patchEmbed.weight.view(dim, -1))
            {
                // MAE: xavier_uniform_(w.view([w.shape[0], -1])), i.e. as if the conv were a Linear(C·p·p, dim)
                init.xavier_uniform_(flatWeight);
            }

            init.normal_(clsToken, std: 0.02);
        }

        /// <inheritdoc />
        public int OutputDim { get; }

        /// <summary>Image channels C.</summary>
        public int Channels { get; }

        /// <summary>Image height H.</summary>
        public int Height { get; }

        /// <summary>Image width W.</summary>
        public int Width { get; }

        /// <summary>Side p of a square patch.</summary>
        public int PatchSize { get; }

        /// <summary>Patch rows, H / p.</summary>
        public int GridHeight { get; }

        /// <summary>Patch columns, W / p.</summary>
        public int GridWidth { get; }

        /// <summary>Number of patches L = (H / p)·(W / p).</summary>
        public int PatchCount => GridHeight * GridWidth;

        /// <summary>Values in one patch, p²·C (what MAE's decoder predicts per patch).</summary>
        public int PatchDim => PatchSize * PatchSize * Channels;

        /// <summary>The fixed position embedding <c>[1, 1 + L, dim]</c>, row 0 for the CLS token (zeros). Do not modify.</summary>
        public Tensor PositionEmbedding => posEmbed;

        /// <summary>
        /// MAE's <c>get_2d_sincos_pos_embed(dim, grid)</c> for a <paramref name="gridHeight"/> x <paramref name="gridWidth"/>
        /// grid, without the CLS row: <c>[gh·gw, dim]</c> float32, computed in float64 as MAE does with numpy. Patch (i, j)
        /// (row i, column j, index i·gw + j) gets <c>[sin(j·ω), cos(j·ω), sin(i·ω), cos(i·ω)]</c> with
        /// <c>ω_k = 1 / 10000^(k / (dim/4))</c>, k &lt; dim/4. The column comes first because MAE builds the grid with
        /// <c>np.meshgrid(grid_w, grid_h)</c>, so its "emb_h" half encodes the column. Also used for MAE's decoder.
        /// </summary>
        public static Tensor SinCosPositionEmbedding(int dim, int gridHeight, int gridWidth)
        {
            if (dim < 4 || dim % 4 != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dim), dim, "2-D sin-cos position embedding needs a positive multiple of 4");
            }

            if (gridHeight < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(gridHeight), gridHeight, "must be >= 1");
            }

            if (gridWidth < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(gridWidth), gridWidth, "must be >= 1");
            }

            int quarter = dim / 4;
            var omega = new double[quarter];
            for (int k = 0; k < quarter; k++)
            {
                omega[k] = 1.0 / Math.Pow(10000.0, k / (double)quarter);
            }

            var values = new float[gridHeight * gridWidth * dim];
            for (int i = 0; i < gridHeight; i++)
            {
                for (int j = 0; j < gridWidth; j++)
                {
                    int row = ((i * gridWidth) + j) * dim;
                    for (int k = 0; k < quarter; k++)
                    {
                        values[row + k] = (float)Math.Sin(j * omega[k]);
                        values[row + quarter + k] = (float)Math.Cos(j * omega[k]);
                        values[row + (2 * quarter) + k] = (float)Math.Sin(i * omega[k]);
                        values[row + (3 * quarter) + k] = (float)Math.Cos(i * omega[k]);
                    }
                }
            }

            return tensor(values, new long[] { gridHeight * gridWidth, dim });
        }

        /// <summary>The CLS token's output after the final norm: <c>[B, C, H, W] → [B, dim]</c>.</summary>
        public override Tensor forward(Tensor images)
        {
            using var scope = NewDisposeScope();
            return ForwardTokens(images).select(1, 0).MoveToOuterDisposeScope();
        }

        /// <summary>Every token's output after the final norm, CLS first: <c>[B, C, H, W] → [B, 1 + L, dim]</c>.</summary>
        public Tensor ForwardTokens(Tensor images)
        {
            using var scope = NewDisposeScope();
            return Encode(EmbedPatches(images)).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// MAE's <c>forward_encoder</c> after masking: embeds every patch, adds its position, keeps per sample the patches
        /// listed in <paramref name="keepIndices"/> (int64 <c>[B, K]</c>, in that order), prepends CLS (+ its position)
        /// and runs the blocks and the final norm. <c>→ [B, 1 + K, dim]</c>. Indices must lie in [0, L).
        /// </summary>
        public Tensor ForwardVisible(Tensor images, Tensor keepIndices)
        {
            if (keepIndices.dtype != ScalarType.Int64 || keepIndices.dim() != 2 || keepIndices.shape[0] != images.shape[0] || keepIndices.shape[1] < 1)
            {
                throw new ArgumentException(
                    $"keep indices must be int64 [B, K] with B = {images.shape[0]} and K >= 1, got {keepIndices.dtype} [{string.Join(", ", keepIndices.shape)}]",
                    nameof(keepIndices));
            }

            using var scope = NewDisposeScope();
            Tensor tokens = EmbedPatches(images);
            Tensor index = keepIndices.unsqueeze(-1).expand(-1, -1, OutputDim);
            return Encode(tokens.gather(1, index)).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// MAE's <c>patchify</c>: <c>[B, C, H, W] → [B, L, p²·C]</c>, patches row-major, the values of one patch in
        /// (p, q, c) order (patch row, patch column, channel; channel fastest).
        /// </summary>
        public Tensor Patchify(Tensor images)
        {
            ValidateImages(images);
            using var scope = NewDisposeScope();
            long batch = images.shape[0];
            return images
                .reshape(batch, Channels, GridHeight, PatchSize, GridWidth, PatchSize)
                .permute(0, 2, 4, 3, 5, 1) // nchpwq → nhwpqc
                .reshape(batch, PatchCount, PatchDim)
                .MoveToOuterDisposeScope();
        }

        /// <summary>MAE's <c>unpatchify</c>, the inverse of <see cref="Patchify"/>: <c>[B, L, p²·C] → [B, C, H, W]</c>.</summary>
        public Tensor Unpatchify(Tensor patches)
        {
            if (patches.dim() != 3 || patches.shape[1] != PatchCount || patches.shape[2] != PatchDim)
            {
                throw new ArgumentException($"patches must be [B, {PatchCount}, {PatchDim}], got [{string.Join(", ", patches.shape)}]", nameof(patches));
            }

            using var scope = NewDisposeScope();
            long batch = patches.shape[0];
            return patches
                .reshape(batch, GridHeight, GridWidth, PatchSize, PatchSize, Channels)
                .permute(0, 5, 1, 3, 2, 4) // nhwpqc → nchpwq
                .reshape(batch, Channels, Height, Width)
                .MoveToOuterDisposeScope();
        }

        /// <summary>Patch embedding plus position: <c>[B, C, H, W] → [B, L, dim]</c> (MAE: <c>patch_embed(x) + pos_embed[:, 1:]</c>).</summary>
        private Tensor EmbedPatches(Tensor images)
        {
            ValidateImages(images);
            Tensor tokens = patchEmbed.call(images).flatten(2).transpose(1, 2);
            return tokens.add(posEmbed.narrow(1, 1, PatchCount));
        }

        /// <summary>Prepends CLS (+ its position), runs the blocks and the final norm: <c>[B, K, dim] → [B, 1 + K, dim]</c>.</summary>
        private Tensor Encode(Tensor tokens)
        {
            Tensor cls = clsToken.add(posEmbed.narrow(1, 0, 1)).expand(tokens.shape[0], -1, -1);
            Tensor x = cat(new[] { cls, tokens }, 1);
            return norm.call(blocks.call(x));
        }

        private void ValidateImages(Tensor images)
        {
            if (images.dim() != 4 || images.shape[1] != Channels || images.shape[2] != Height || images.shape[3] != Width)
            {
                throw new ArgumentException(
                    $"ViT expects images [B, {Channels}, {Height}, {Width}], got [{string.Join(", ", images.shape)}]", nameof(images));
            }
        }
    }
}
