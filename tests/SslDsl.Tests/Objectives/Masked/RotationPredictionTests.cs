using System;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.Masked.MaskedTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

/// <summary>RotNet's four rotations (counter-clockwise, as np.rot90 and the authors' rotate_img) and its 4-way loss.</summary>
public sealed class RotationPredictionTests
{
    [Fact]
    public void TwoByTwoImageRotatesCounterClockwise()
    {
        // 1 2        90°: 2 4   180°: 4 3   270°: 3 1
        // 3 4             1 3         2 1         4 2
        using var scope = NewDisposeScope();
        Tensor image = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 1, 1, 2, 2 });

        (Tensor rotated, Tensor labels) = RotationPrediction.Rotate(image);

        Assert.Equal(new long[] { 4, 1, 2, 2 }, rotated.shape);
        Assert.Equal(new double[] { 1, 2, 3, 4, 2, 4, 1, 3, 4, 3, 2, 1, 3, 1, 4, 2 }, ToDoubles(rotated));
        Assert.Equal(new long[] { 0, 1, 2, 3 }, ToLongs(labels));
        Assert.Equal(ScalarType.Int64, labels.dtype);
    }

    [Fact]
    public void ThreeByThreeImageRotatesCounterClockwise()
    {
        // 1 2 3        3 6 9
        // 4 5 6  90° → 2 5 8   (the authors' rotate_img: flipud(transpose(img)))
        // 7 8 9        1 4 7
        using var scope = NewDisposeScope();
        Tensor image = arange(1, 10, dtype: ScalarType.Float32).view(1, 1, 3, 3);

        (Tensor rotated, _) = RotationPrediction.Rotate(image);

        Assert.Equal(new double[] { 3, 6, 9, 2, 5, 8, 1, 4, 7 }, ToDoubles(rotated[1]));
        Assert.Equal(new double[] { 9, 8, 7, 6, 5, 4, 3, 2, 1 }, ToDoubles(rotated[2]));
        Assert.Equal(new double[] { 7, 4, 1, 8, 5, 2, 9, 6, 3 }, ToDoubles(rotated[3]));
    }

    [Fact]
    public void BatchIsRotationMajorWithMatchingLabels()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        const int B = 3;
        Tensor images = rand(new long[] { B, 2, 5, 5 }, generator: generator);

        (Tensor rotated, Tensor labels) = RotationPrediction.Rotate(images);

        Assert.Equal(new long[] { 4 * B, 2, 5, 5 }, rotated.shape);
        Assert.Equal(new long[] { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3 }, ToLongs(labels));
        for (int r = 0; r < 4; r++)
        {
            for (int i = 0; i < B; i++)
            {
                // undo rotation r with 4 − r more quarter turns: the original sample comes back
                Tensor back = rotated[(r * B) + i].rot90(4 - r, (1, 2));
                Assert.True(Identical(images[i], back), $"rotation {r}, sample {i}");
            }

            if (r > 0)
            {
                Assert.False(Identical(images, rotated.narrow(0, r * B, B)));
            }
        }
    }

    [Fact]
    public void RotationInvariantImageGivesFourEqualCopies()
    {
        using var scope = NewDisposeScope();
        Tensor image = tensor(new float[] { 1, 2, 1, 2, 5, 2, 1, 2, 1 }, new long[] { 1, 1, 3, 3 });

        (Tensor rotated, _) = RotationPrediction.Rotate(image);

        for (int r = 1; r < 4; r++)
        {
            Assert.True(Identical(rotated[0], rotated[r]));
        }
    }

    [Fact]
    public void NonSquareOrNonImageInputsAreRejected()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => RotationPrediction.Rotate(zeros(2, 1, 4, 5)));
        Assert.Contains("square", ex.Message);
        Assert.Throws<ArgumentException>(() => RotationPrediction.Rotate(zeros(2, 4, 4)));
    }

    [Fact]
    public void LossIsFourWayCrossEntropy()
    {
        using var scope = NewDisposeScope();
        double[] logits = RandomDoubles(3, 8 * 4, scale: 3);
        long[] labels = { 0, 1, 2, 3, 3, 2, 1, 0 };

        double actual = RotationPrediction.Loss(tensor(logits, new long[] { 8, 4 }), tensor(labels)).item<double>();

        double expected = 0;
        for (int i = 0; i < 8; i++)
        {
            double[] row = Row(logits, i, 4);
            double max = row.Max();
            double logSum = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            expected += logSum - row[labels[i]];
        }

        Assert.Equal(expected / 8, actual, 1e-12);
        Assert.Throws<ArgumentException>(() => RotationPrediction.Loss(zeros(8, 3), tensor(labels)));
    }
}
