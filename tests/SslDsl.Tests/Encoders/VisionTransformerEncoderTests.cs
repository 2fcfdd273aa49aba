using System;
using System.Linq;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Encoders.EncoderTestSupport;

namespace SslDsl.Tests.Encoders;

/// <summary>ViT as MAE's encoder: conv patch embedding, CLS token, fixed 2-D sin-cos positions, pre-norm blocks, final norm.</summary>
public sealed class VisionTransformerEncoderTests
{
    /// <summary>3x32x48 images, 16-pixel patches: a 2x3 grid of 768-value patches.</summary>
    private static VisionTransformerEncoder RectangularVit(int depth = 1) => new(3, 32, 48, 16, dim: 32, depth: depth, heads: 2);

    [Fact]
    public void ForwardMapsImagesToTheClsFeature()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit();

        Tensor output = vit.call(RandomInput(1, 2, 3, 32, 48));

        Assert.Equal(new long[] { 2, 32 }, output.shape);
        Assert.Equal(32, vit.OutputDim);
    }

    [Fact]
    public void NonSquareImageGetsATwoByThreeGridOfPatches()
    {
        using var vit = RectangularVit();

        Assert.Equal((2, 3), (vit.GridHeight, vit.GridWidth));
        Assert.Equal(6, vit.PatchCount);
        Assert.Equal(16 * 16 * 3, vit.PatchDim);
    }

    [Fact]
    public void ForwardTokensReturnsClsAndOneTokenPerPatch()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit();

        Tensor tokens = vit.ForwardTokens(RandomInput(2, 2, 3, 32, 48));

        Assert.Equal(new long[] { 2, 7, 32 }, tokens.shape);
    }

    [Fact]
    public void ForwardIsTheClsTokenOfForwardTokens()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit();
        vit.eval();
        Tensor images = RandomInput(3, 2, 3, 32, 48);

        Tensor cls = vit.call(images);
        Tensor tokens = vit.ForwardTokens(images);

        Assert.True(cls.sub(tokens.select(1, 0)).abs().max().item<float>() < 1e-6);
    }

    [Theory]
    [InlineData(40, 48, "height 40")]
    [InlineData(32, 40, "width 40")]
    public void PatchThatDoesNotDivideASideIsRejected(int height, int width, string side)
    {
        var error = Assert.Throws<ArgumentException>(() => new VisionTransformerEncoder(3, height, width, 16, 32, 1, 2));

        Assert.Equal("patchSize", error.ParamName);
        Assert.Contains("patch size 16", error.Message);
        Assert.Contains(side, error.Message);
    }

    [Fact]
    public void DimThatIsNotAMultipleOfFourIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VisionTransformerEncoder(3, 32, 32, 16, 30, 1, 2));

        Assert.Equal("dim", error.ParamName);
    }

    [Fact]
    public void DimThatTheHeadsDoNotDivideIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new VisionTransformerEncoder(3, 32, 32, 16, 32, 1, 3));

        Assert.Equal("heads", error.ParamName);
        Assert.Contains("32", error.Message);
    }

    [Fact]
    public void PositionEmbeddingMatchesMaeSinCosReference()
    {
        using var vit = RectangularVit();
        double[,] expected = MaeSinCosReference(dim: 32, gridHeight: 2, gridWidth: 3);

        Tensor actual = vit.PositionEmbedding;

        Assert.Equal(new long[] { 1, 7, 32 }, actual.shape);
        float[] values = actual.data<float>().ToArray();
        double worst = 0;
        for (int row = 0; row < 7; row++)
        {
            for (int d = 0; d < 32; d++)
            {
                worst = Math.Max(worst, Math.Abs(values[(row * 32) + d] - expected[row, d]));
            }
        }

        Assert.True(worst < 1e-6, $"largest difference {worst}");
    }

    [Fact]
    public void PositionEmbeddingIsABufferAndNotATrainableParameter()
    {
        using var vit = RectangularVit();

        Assert.DoesNotContain(vit.named_parameters(), np => np.parameter.shape.SequenceEqual(new long[] { 1, 7, 32 }));
        Assert.Contains(vit.named_buffers(), nb => nb.buffer.shape.SequenceEqual(new long[] { 1, 7, 32 }));
        Assert.False(vit.PositionEmbedding.requires_grad);
    }

    [Fact]
    public void PatchifyOfAHandMadeImageListsPixelsInRowColumnChannelOrder()
    {
        // 2 channels, 4x6 pixels, 2x2 patches → 2x3 grid; pixel (c, y, x) holds 100c + 10y + x
        using var scope = NewDisposeScope();
        using var vit = new VisionTransformerEncoder(2, 4, 6, 2, dim: 16, depth: 1, heads: 1);
        var pixels = new float[2 * 4 * 6];
        for (int c = 0; c < 2; c++)
        {
            for (int y = 0; y < 4; y++)
            {
                for (int x = 0; x < 6; x++)
                {
                    pixels[(c * 24) + (y * 6) + x] = (100 * c) + (10 * y) + x;
                }
            }
        }

        float[] patches = vit.Patchify(tensor(pixels, new long[] { 1, 2, 4, 6 })).data<float>().ToArray();

        // patch (i, j) at index 3i + j; within a patch (p, q, c) with c fastest
        float[] expected =
        {
            0, 100, 1, 101, 10, 110, 11, 111,
            2, 102, 3, 103, 12, 112, 13, 113,
            4, 104, 5, 105, 14, 114, 15, 115,
            20, 120, 21, 121, 30, 130, 31, 131,
            22, 122, 23, 123, 32, 132, 33, 133,
            24, 124, 25, 125, 34, 134, 35, 135,
        };
        Assert.Equal(expected, patches);
    }

    [Fact]
    public void PatchifyGivesOneRowOfPatchDimValuesPerPatch()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit();

        Tensor patches = vit.Patchify(RandomInput(4, 2, 3, 32, 48));

        Assert.Equal(new long[] { 2, 6, 768 }, patches.shape);
    }

    [Fact]
    public void UnpatchifyInvertsPatchify()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit();
        Tensor images = RandomInput(5, 2, 3, 32, 48);

        Tensor roundTrip = vit.Unpatchify(vit.Patchify(images));

        Assert.Equal(images.shape, roundTrip.shape);
        Assert.True(roundTrip.eq(images).all().item<bool>());
    }

    [Fact]
    public void PatchifyInvertsUnpatchify()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit();
        Tensor patches = RandomInput(6, 2, 6, 768);

        Assert.True(vit.Patchify(vit.Unpatchify(patches)).eq(patches).all().item<bool>());
    }

    [Fact]
    public void ForwardVisibleReturnsClsAndTheKeptTokens()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit();

        Tensor output = vit.ForwardVisible(RandomInput(7, 2, 3, 32, 48), tensor(new long[] { 0, 3, 1, 5 }, new long[] { 2, 2 }));

        Assert.Equal(new long[] { 2, 3, 32 }, output.shape);
    }

    [Fact]
    public void ForwardVisibleKeepingEveryPatchInOrderEqualsForwardTokens()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit(depth: 2);
        vit.eval();
        Tensor images = RandomInput(8, 2, 3, 32, 48);
        Tensor identity = arange(6L, dtype: ScalarType.Int64).unsqueeze(0).expand(2, -1).contiguous();

        Tensor visible = vit.ForwardVisible(images, identity);
        Tensor full = vit.ForwardTokens(images);

        Assert.Equal(full.shape, visible.shape);
        Assert.True(visible.sub(full).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void ForwardVisibleWithPermutedPatchesPermutesTheTokensAndKeepsTheCls()
    {
        // positions are added before the gather, and attention is permutation-equivariant
        using var scope = NewDisposeScope();
        using var vit = RectangularVit(depth: 2);
        vit.eval();
        Tensor images = RandomInput(9, 2, 3, 32, 48);
        long[][] orders = { new long[] { 5, 4, 3, 2, 1, 0 }, new long[] { 2, 0, 5, 1, 3, 4 } };

        Tensor visible = vit.ForwardVisible(images, tensor(orders.SelectMany(o => o).ToArray(), new long[] { 2, 6 }));
        Tensor full = vit.ForwardTokens(images);

        for (int b = 0; b < 2; b++)
        {
            Assert.True(visible[b, 0].sub(full[b, 0]).abs().max().item<float>() < 1e-5);
            for (int k = 0; k < 6; k++)
            {
                Assert.True(visible[b, 1 + k].sub(full[b, 1 + orders[b][k]]).abs().max().item<float>() < 1e-5, $"sample {b}, token {k}");
            }
        }
    }

    [Fact]
    public void MaskedPatchesDoNotInfluenceForwardVisible()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit(depth: 2);
        vit.eval();
        Tensor images = RandomInput(10, 2, 3, 32, 48);
        Tensor keep = tensor(new long[] { 0, 2, 4, 5, 1, 3 }, new long[] { 2, 3 });
        Tensor changed = images.clone();
        Patch(changed, sample: 0, row: 0, column: 1).add_(0.7); // patch 1: masked in sample 0
        Patch(changed, sample: 1, row: 0, column: 0).mul_(-2); // patch 0: masked in sample 1

        Tensor before = vit.ForwardVisible(images, keep);
        Tensor after = vit.ForwardVisible(changed, keep);

        Assert.True(after.sub(before).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void KeptPatchesInfluenceForwardVisible()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit(depth: 2);
        vit.eval();
        Tensor images = RandomInput(11, 2, 3, 32, 48);
        Tensor keep = tensor(new long[] { 0, 2, 4, 5, 1, 3 }, new long[] { 2, 3 });
        Tensor changed = images.clone();
        Patch(changed, sample: 0, row: 0, column: 2).add_(0.7); // patch 2: kept in sample 0

        Tensor before = vit.ForwardVisible(images, keep);
        Tensor after = vit.ForwardVisible(changed, keep);

        Assert.True(after[0, 0].sub(before[0, 0]).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void ForwardVisibleRejectsIndicesThatAreNotInt64()
    {
        using var scope = NewDisposeScope();
        using var vit = RectangularVit();

        Assert.Throws<ArgumentException>(() => vit.ForwardVisible(RandomInput(12, 2, 3, 32, 48), zeros(2, 3, dtype: ScalarType.Int32)));
    }

    [Fact]
    public void ParameterCountMatchesAHandCount()
    {
        // dim 32, two blocks, MLP hidden 4·32 = 128; the position embedding is not a parameter
        const long dim = 32, hidden = 128, patchValues = 3 * 16 * 16;
        long patchEmbedding = (patchValues * dim) + dim;
        long cls = dim;
        long block =
            (2 * dim) + // norm1
            ((dim * 3 * dim) + (3 * dim)) + // qkv
            ((dim * dim) + dim) + // proj
            (2 * dim) + // norm2
            ((dim * hidden) + hidden) + // fc1
            ((hidden * dim) + dim); // fc2
        long finalNorm = 2 * dim;
        long expected = patchEmbedding + cls + (2 * block) + finalNorm;
        Assert.Equal(50_112L, expected);

        using var vit = RectangularVit(depth: 2);

        Assert.Equal(expected, ParameterCount(vit));
    }

    [Fact]
    public void GradientReachesEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var vit = new VisionTransformerEncoder(3, 16, 16, 8, dim: 32, depth: 2, heads: 2);

        Assert.Empty(ParametersWithoutGradient(vit, RandomInput(13, 2, 3, 16, 16)));
    }

    /// <summary>A view of one 16x16 patch of one sample.</summary>
    private static Tensor Patch(Tensor images, int sample, int row, int column) =>
        images.select(0, sample).narrow(1, row * 16, 16).narrow(2, column * 16, 16);

    /// <summary>
    /// MAE's get_2d_sincos_pos_embed(dim, grid, cls_token=True) transcribed step by step in float64:
    /// grid = meshgrid(grid_w, grid_h) (so grid[0] holds the column), each half of dim a 1-D embedding
    /// [sin(pos·ω), cos(pos·ω)] with ω_i = 1 / 10000^(2i / (dim/2)), i &lt; dim/4; a zero row for CLS in front.
    /// </summary>
    private static double[,] MaeSinCosReference(int dim, int gridHeight, int gridWidth)
    {
        int count = gridHeight * gridWidth;
        var grid0 = new double[count]; // np.meshgrid(grid_w, grid_h)[0].reshape(-1): the column
        var grid1 = new double[count]; // [1]: the row
        for (int i = 0; i < gridHeight; i++)
        {
            for (int j = 0; j < gridWidth; j++)
            {
                grid0[(i * gridWidth) + j] = j;
                grid1[(i * gridWidth) + j] = i;
            }
        }

        double[,] embH = OneDimensional(dim / 2, grid0);
        double[,] embW = OneDimensional(dim / 2, grid1);
        var result = new double[count + 1, dim];
        for (int m = 0; m < count; m++)
        {
            for (int d = 0; d < dim / 2; d++)
            {
                result[m + 1, d] = embH[m, d];
                result[m + 1, (dim / 2) + d] = embW[m, d];
            }
        }

        return result;
    }

    /// <summary>get_1d_sincos_pos_embed_from_grid(embedDim, pos): <c>[M, embedDim]</c> = [sin(pos ⊗ ω), cos(pos ⊗ ω)].</summary>
    private static double[,] OneDimensional(int embedDim, double[] positions)
    {
        int half = embedDim / 2;
        var result = new double[positions.Length, embedDim];
        for (int i = 0; i < half; i++)
        {
            double omega = 1.0 / Math.Pow(10000.0, 2.0 * i / embedDim); // arange(D/2) / (D/2), D = embedDim
            for (int m = 0; m < positions.Length; m++)
            {
                result[m, i] = Math.Sin(positions[m] * omega);
                result[m, half + i] = Math.Cos(positions[m] * omega);
            }
        }

        return result;
    }
}
