using System;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.Masked.MaskedTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

/// <summary>
/// MAE's <c>forward_loss</c> against a float64 reference with loops: per-patch standardised targets
/// (unbiased variance + 1e-6), squared error averaged over a patch, then over the masked patches only.
/// </summary>
public sealed class MaeLossTests
{
    [Theory]
    [InlineData(1, 2, 6, 4, true)]
    [InlineData(2, 3, 5, 12, true)]
    [InlineData(3, 1, 9, 3, true)]
    [InlineData(4, 2, 6, 4, false)]
    [InlineData(5, 3, 5, 12, false)]
    public void LossAndGradientMatchFloat64Reference(int seed, int batch, int patches, int patchDim, bool normalize)
    {
        using var scope = NewDisposeScope();
        double[] pred = RandomDoubles(seed, batch * patches * patchDim);
        double[] target = RandomDoubles(seed + 100, batch * patches * patchDim, scale: 3.0).Select(v => v + 0.5).ToArray();
        double[] mask = RandomMask(seed, batch, patches);
        long[] shape = { batch, patches, patchDim };
        Tensor predicted = tensor(pred, shape, requires_grad: true);

        double expected = Reference(pred, target, mask, batch, patches, patchDim, normalize, out double[] expectedGrad);
        Tensor loss = MaeLoss.Compute(predicted, tensor(target, shape), tensor(mask, new long[] { batch, patches }), normalize);
        loss.backward();

        Assert.Equal(0, loss.dim());
        Assert.Equal(expected, loss.item<double>(), 1e-12);
        double[] grad = ToDoubles(predicted.grad!);
        for (int i = 0; i < grad.Length; i++)
        {
            Assert.True(Math.Abs(expectedGrad[i] - grad[i]) <= 1e-12, $"grad[{i}]: expected {expectedGrad[i]}, got {grad[i]}");
        }
    }

    [Fact]
    public void Float32MaskFromMaeMaskingMatchesReference()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(8);
        const int B = 4, L = 16, P = 12;
        using MaeMask mask = MaeMasking.Sample(B, L, 0.75, generator, CPU);
        double[] pred = RandomDoubles(1, B * L * P).Select(v => (double)(float)v).ToArray();
        double[] target = RandomDoubles(2, B * L * P).Select(v => (double)(float)v).ToArray();
        long[] shape = { B, L, P };
        Tensor predicted = tensor(pred.Select(v => (float)v).ToArray(), shape);

        double expected = Reference(pred, target, ToDoubles(mask.Mask), B, L, P, normalize: true, out _);
        Tensor loss = MaeLoss.Compute(predicted, tensor(target.Select(v => (float)v).ToArray(), shape), mask.Mask);

        Assert.Equal(ScalarType.Float32, loss.dtype);
        Assert.Equal(expected, loss.item<float>(), 1e-5);
    }

    [Fact]
    public void ChangingAPredictionOnAVisiblePatchLeavesTheLossUnchanged()
    {
        using var scope = NewDisposeScope();
        const int B = 2, L = 5, P = 4;
        double[] pred = RandomDoubles(3, B * L * P);
        double[] target = RandomDoubles(4, B * L * P);
        double[] mask = { 1, 0, 1, 0, 0, 0, 1, 1, 0, 1 };
        long[] shape = { B, L, P };
        Tensor t = tensor(target, shape);
        Tensor m = tensor(mask, new long[] { B, L });
        double before = MaeLoss.Compute(tensor(pred, shape), t, m).item<double>();

        double[] visibleChanged = (double[])pred.Clone();
        for (int p = 0; p < P; p++)
        {
            visibleChanged[(1 * P) + p] += 10;         // sample 0, patch 1 (visible)
            visibleChanged[(((1 * L) + 3) * P) + p] -= 7; // sample 1, patch 3 (visible)
        }

        double[] maskedChanged = (double[])pred.Clone();
        maskedChanged[(2 * P) + 1] += 1;                // sample 0, patch 2 (masked)

        Assert.Equal(before, MaeLoss.Compute(tensor(visibleChanged, shape), t, m).item<double>());
        Assert.NotEqual(before, MaeLoss.Compute(tensor(maskedChanged, shape), t, m).item<double>());
    }

    [Fact]
    public void NormalisedTargetIsInvariantToPerPatchAffineChangesOfTheImage()
    {
        // norm-pix: (a·t + c − mean) / std is t's standardisation (up to the 1e-6 in the variance), so the loss barely moves
        using var scope = NewDisposeScope();
        const int B = 2, L = 3, P = 8;
        long[] shape = { B, L, P };
        Tensor pred = tensor(RandomDoubles(5, B * L * P), shape);
        Tensor target = tensor(RandomDoubles(6, B * L * P), shape);
        Tensor mask = ones(B, L, dtype: ScalarType.Float64);
        Tensor scale = tensor(new double[] { 2, 0.5, 3, 1.5, 4, 0.25 }, new long[] { B, L, 1 });

        double plain = MaeLoss.Compute(pred, target, mask).item<double>();
        double affine = MaeLoss.Compute(pred, target.mul(scale).add(7), mask).item<double>();
        double raw = MaeLoss.Compute(pred, target.mul(scale).add(7), mask, normalizePixels: false).item<double>();

        Assert.Equal(plain, affine, 1e-4);
        Assert.True(Math.Abs(raw - plain) > 1, "without norm-pix the shifted target must change the loss");
    }

    [Fact]
    public void NoGradientFlowsIntoTheTarget()
    {
        using var scope = NewDisposeScope();
        Tensor pred = tensor(RandomDoubles(9, 48), new long[] { 2, 4, 6 }, requires_grad: true);
        Tensor target = tensor(RandomDoubles(10, 48), new long[] { 2, 4, 6 }, requires_grad: true);
        MaeLoss.Compute(pred, target, ones(2, 4, dtype: ScalarType.Float64)).backward();

        Assert.NotNull(pred.grad);
        Assert.Null(target.grad);
    }

    [Theory]
    [InlineData(new long[] { 2, 4, 6 }, new long[] { 2, 4, 5 }, new long[] { 2, 4 }, "targetPatches")]
    [InlineData(new long[] { 8, 6 }, new long[] { 8, 6 }, new long[] { 2, 4 }, "targetPatches")]
    [InlineData(new long[] { 2, 4, 6 }, new long[] { 2, 4, 6 }, new long[] { 2, 5 }, "mask")]
    [InlineData(new long[] { 2, 4, 6 }, new long[] { 2, 4, 6 }, new long[] { 8 }, "mask")]
    [InlineData(new long[] { 2, 4, 1 }, new long[] { 2, 4, 1 }, new long[] { 2, 4 }, "targetPatches")]
    public void WrongShapesAreRejected(long[] predShape, long[] targetShape, long[] maskShape, string param)
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => MaeLoss.Compute(zeros(predShape), zeros(targetShape), zeros(maskShape)));
        Assert.Equal(param, ex.ParamName);
    }

    // ---- patchify ----

    [Fact]
    public void PatchifyFlattensEachPatchAsRowColumnChannelInRowMajorPatchOrder()
    {
        // MAE: x.reshape(N, C, h, p, w, p) → einsum('nchpwq->nhwpqc') → [N, h·w, p·p·C]
        using var scope = NewDisposeScope();
        const int C = 2, H = 4, W = 6, p = 2;
        Tensor images = arange(C * H * W, dtype: ScalarType.Float64).view(1, C, H, W);

        Tensor patches = MaePatches.Patchify(images, p);

        Assert.Equal(new long[] { 1, (H / p) * (W / p), p * p * C }, patches.shape);
        double[] flat = ToDoubles(patches);
        int index = 0;
        for (int hi = 0; hi < H / p; hi++)
        {
            for (int wi = 0; wi < W / p; wi++)
            {
                for (int py = 0; py < p; py++)
                {
                    for (int px = 0; px < p; px++)
                    {
                        for (int c = 0; c < C; c++)
                        {
                            double pixel = (c * H * W) + (((hi * p) + py) * W) + (wi * p) + px;
                            Assert.Equal(pixel, flat[index++]);
                        }
                    }
                }
            }
        }

        Assert.True(Identical(images, MaePatches.Unpatchify(patches, p, C, H, W)));
    }

    [Fact]
    public void PatchifyRejectsSizesThatAreNotMultiplesOfThePatch()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => MaePatches.Patchify(zeros(1, 1, 6, 5), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => MaePatches.Patchify(zeros(1, 1, 6, 6), 0));
        Assert.Throws<ArgumentException>(() => MaePatches.Unpatchify(zeros(1, 9, 4), 2, 1, 6, 4));
    }

    // ---- float64 reference, plain loops ----

    /// <summary>
    /// L = Σ_bl m_bl · (1/P) Σ_p (x_blp − t̂_blp)² / Σ_bl m_bl, t̂ = (t − mean) / sqrt(var_unbiased + 1e-6) when normalising.
    /// ∂L/∂x_blp = m_bl · 2 (x_blp − t̂_blp) / (P · Σ m).
    /// </summary>
    private static double Reference(double[] x, double[] t, double[] m, int batch, int patches, int dim, bool normalize, out double[] grad)
    {
        double maskSum = m.Sum();
        double total = 0;
        grad = new double[x.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int l = 0; l < patches; l++)
            {
                int offset = ((b * patches) + l) * dim;
                double[] target = new double[dim];
                Array.Copy(t, offset, target, 0, dim);
                if (normalize)
                {
                    double mean = target.Average();
                    double variance = target.Sum(v => (v - mean) * (v - mean)) / (dim - 1);
                    double std = Math.Sqrt(variance + 1e-6);
                    for (int p = 0; p < dim; p++)
                    {
                        target[p] = (target[p] - mean) / std;
                    }
                }

                double squared = 0;
                for (int p = 0; p < dim; p++)
                {
                    double diff = x[offset + p] - target[p];
                    squared += diff * diff;
                    grad[offset + p] = m[(b * patches) + l] * 2 * diff / (dim * maskSum);
                }

                total += m[(b * patches) + l] * squared / dim;
            }
        }

        return total / maskSum;
    }

    /// <summary>A 0/1 mask with at least one masked and one visible patch per sample.</summary>
    private static double[] RandomMask(int seed, int batch, int patches)
    {
        var random = new Random(seed);
        var mask = new double[batch * patches];
        for (int b = 0; b < batch; b++)
        {
            for (int l = 0; l < patches; l++)
            {
                mask[(b * patches) + l] = random.NextDouble() < 0.6 ? 1 : 0;
            }

            mask[b * patches] = 1;
            if (patches > 1)
            {
                mask[(b * patches) + patches - 1] = 0;
            }
        }

        return mask;
    }
}
