using System;
using System.IO;
using System.Linq;
using SslDsl.Data;
using TorchSharp;
using static SslDsl.Datasets.Tests.DataTestSupport;

namespace SslDsl.Datasets.Tests;

public class ImageDatasetTests
{
    private static ImageDataset LoadFixture() => FashionMnist.LoadSplit(FixtureImages, FixtureLabels, "fixture");

    [Fact]
    public void FixtureLoadsWithTheRightShapesAndTypes()
    {
        using var data = LoadFixture();

        Assert.Equal("fixture", data.Name);
        Assert.Equal(300, data.Count);
        Assert.Equal(10, data.ClassCount);
        Assert.Equal(new long[] { 300, 1, 28, 28 }, data.Images.shape);
        Assert.Equal(torch.ScalarType.Byte, data.Images.dtype);
        Assert.Equal(new long[] { 300 }, data.Labels.shape);
        Assert.Equal(torch.ScalarType.Int64, data.Labels.dtype);
        Assert.Equal((1, 28, 28), data.ImageShape);
    }

    [Fact]
    public void FixtureLabelsAreInRangeAndMatchTheRawFile()
    {
        byte[] raw = Gunzip(FixtureLabels);
        using var data = LoadFixture();

        long[] labels = data.LabelArray();

        Assert.All(labels, l => Assert.InRange(l, 0, 9));
        Assert.Equal(raw.Skip(8).Select(b => (long)b), labels);
        Assert.Equal(10, labels.Distinct().Count());
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 14, 14)]
    [InlineData(5, 10, 20)]
    [InlineData(123, 27, 27)]
    [InlineData(299, 7, 3)]
    [InlineData(299, 20, 13)]
    public void FixturePixelsMatchTheRawFile(int n, int row, int column)
    {
        byte[] raw = Gunzip(FixtureImages);
        using var data = LoadFixture();

        byte expected = raw[16 + n * 784 + row * 28 + column];
        using var pixel = data.Images[n, 0, row, column];

        Assert.Equal(expected, pixel.item<byte>());
    }

    [Fact]
    public void FixtureImagesAreNotBlank()
    {
        using var data = LoadFixture();
        using var max = data.Images.max();
        using var sum = data.Images.to_type(torch.ScalarType.Int64).sum();

        Assert.True(max.item<byte>() > 200);
        Assert.Equal(Gunzip(FixtureImages).Skip(16).Sum(b => (long)b), sum.item<long>());
    }

    [Fact]
    public void ToFloatScalesToUnitInterval()
    {
        using var data = LoadFixture();
        using var scaled = data.ToFloat();
        using var min = scaled.min();
        using var max = scaled.max();
        using var pixel = scaled[5, 0, 10, 20];
        using var rawPixel = data.Images[5, 0, 10, 20];

        Assert.Equal(torch.ScalarType.Float32, scaled.dtype);
        Assert.Equal(data.Images.shape, scaled.shape);
        Assert.True(min.item<float>() >= 0f);
        Assert.True(max.item<float>() <= 1f);
        Assert.Equal(rawPixel.item<byte>() / 255f, pixel.item<float>(), 6);
        Assert.False(data.Images.IsInvalid);
    }

    [Fact]
    public void StratifiedFractionTakesEqualCountsPerClass()
    {
        using var data = LoadFixture();

        // 10 % of 300 in 10 classes: 3 per class.
        using var labelled = data.StratifiedFraction(0.1, seed: 7);

        Assert.Equal(30, labelled.Count);
        Assert.Equal(10, labelled.ClassCount);
        var counts = labelled.LabelArray().GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(3, c));
    }

    [Fact]
    public void StratifiedFractionOfOnePercentOfSixtyThousandIsSixtyPerClass()
    {
        const int n = 60_000;
        var labels = Enumerable.Range(0, n).Select(i => (long)((i * 7) % 10)).ToArray();
        using var data = new ImageDataset(
            "synthetic",
            torch.zeros(new long[] { n, 1, 1, 1 }, torch.ScalarType.Byte),
            torch.tensor(labels),
            classCount: 10);

        using var labelled = data.StratifiedFraction(0.01, seed: 0);

        Assert.Equal(600, labelled.Count);
        Assert.All(labelled.LabelArray().GroupBy(l => l), g => Assert.Equal(60, g.Count()));
    }

    [Fact]
    public void StratifiedFractionIsDeterministicPerSeed()
    {
        using var data = LoadFixture();

        using var a = data.StratifiedFraction(0.2, seed: 42);
        using var b = data.StratifiedFraction(0.2, seed: 42);
        using var c = data.StratifiedFraction(0.2, seed: 43);

        Assert.Equal(a.LabelArray(), b.LabelArray());
        Assert.Equal(Bytes(a.Images), Bytes(b.Images));
        Assert.NotEqual(Bytes(a.Images), Bytes(c.Images));
    }

    [Fact]
    public void StratifiedFractionPicksRealExamplesWithTheirOwnLabels()
    {
        using var data = LoadFixture();
        using var picked = data.StratifiedFraction(0.1, seed: 3);
        long[] allLabels = data.LabelArray();
        long[] pickedLabels = picked.LabelArray();

        for (int i = 0; i < picked.Count; i++)
        {
            using var image = picked.Images[i];
            using var matches = data.Images.eq(image).flatten(1).all(1);
            using var where = matches.nonzero().flatten();
            long[] sources = where.data<long>().ToArray();
            Assert.NotEmpty(sources);
            Assert.Contains(sources, s => allLabels[s] == pickedLabels[i]);
        }
    }

    [Fact]
    public void StratifiedFractionRejectsSharesLargerThanTheSmallestClass()
    {
        using var data = LoadFixture();

        // 30 per class, but class 9 has only 25 examples in the fixture.
        var ex = Assert.Throws<InvalidOperationException>(() => data.StratifiedFraction(1.0, seed: 0));
        Assert.Contains("needs 30 examples per class", ex.Message);
        Assert.Contains("class 3 has 29 example(s), class 4 has 29 example(s), class 8 has 27 example(s), class 9 has 25 example(s)", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.StratifiedFraction(0.001, seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.StratifiedFraction(0, seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.StratifiedFraction(1.5, seed: 0));
    }

    [Fact]
    public void SubsetIsDeterministicPerSeedAndWithoutReplacement()
    {
        using var data = LoadFixture();

        using var a = data.Subset(50, seed: 1);
        using var b = data.Subset(50, seed: 1);
        using var c = data.Subset(50, seed: 2);

        Assert.Equal(50, a.Count);
        Assert.Equal(new long[] { 50, 1, 28, 28 }, a.Images.shape);
        Assert.Equal(Bytes(a.Images), Bytes(b.Images));
        Assert.Equal(a.LabelArray(), b.LabelArray());
        Assert.NotEqual(Bytes(a.Images), Bytes(c.Images));
        using var unique = torch.unique(a.Images.flatten(1), dim: 0).Item1;
        Assert.Equal(50, unique.shape[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset(301, seed: 0));
    }

    [Fact]
    public void SubsetsOwnTheirTensors()
    {
        using var data = LoadFixture();
        var subset = data.Subset(10, seed: 0);
        subset.Dispose();

        Assert.Equal(300, data.Count);
        using var sum = data.Images.sum();
        Assert.True(sum.item<long>() > 0);
        Assert.Throws<ObjectDisposedException>(() => subset.Subset(1, seed: 0));
    }

    [Fact]
    public void LabelOutOfRangeIsRejected()
    {
        using var temp = new TempFolder();
        string images = temp.File("images", Idx(0x00000803, new[] { 2, 1, 1 }, new byte[] { 0, 1 }));
        string labels = temp.File("labels", Idx(0x00000801, new[] { 2 }, new byte[] { 3, 10 }));

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadSplit(images, labels, "bad"));

        Assert.Contains("label 10 at index 1 is out of range 0..9", ex.Message);
    }

    [Fact]
    public void ImageAndLabelCountsMustAgree()
    {
        using var temp = new TempFolder();
        string images = temp.File("images", Idx(0x00000803, new[] { 2, 1, 1 }, new byte[] { 0, 1 }));
        string labels = temp.File("labels", Idx(0x00000801, new[] { 3 }, new byte[] { 1, 2, 3 }));

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadSplit(images, labels, "bad"));

        Assert.Contains("holds 2 images", ex.Message);
        Assert.Contains("holds 3 labels", ex.Message);
    }
}
