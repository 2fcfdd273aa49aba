using System.IO;
using SslDsl.Data;
using static SslDsl.Datasets.Tests.DataTestSupport;

namespace SslDsl.Datasets.Tests;

public class FashionMnistTests
{
    [Fact]
    public void LoadsBothSplitsFromAFolder()
    {
        using var temp = new TempFolder();
        File.Copy(FixtureImages, Path.Combine(temp.Path, FashionMnist.TrainImagesFile));
        File.Copy(FixtureLabels, Path.Combine(temp.Path, FashionMnist.TrainLabelsFile));
        // The test split may also be stored uncompressed.
        File.WriteAllBytes(Path.Combine(temp.Path, "t10k-images-idx3-ubyte"), Gunzip(FixtureImages));
        File.Copy(FixtureLabels, Path.Combine(temp.Path, FashionMnist.TestLabelsFile));

        var (train, test) = FashionMnist.Load(temp.Path);
        using (train)
        using (test)
        {
            Assert.Equal("fashion-mnist/train", train.Name);
            Assert.Equal("fashion-mnist/test", test.Name);
            Assert.Equal(new long[] { 300, 1, 28, 28 }, train.Images.shape);
            Assert.Equal(new long[] { 300, 1, 28, 28 }, test.Images.shape);
            Assert.Equal(Bytes(train.Images), Bytes(test.Images));
            Assert.Equal(10, train.ClassCount);
        }
    }

    [Fact]
    public void MissingFolderSaysWhatToPass()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "nowhere");

        var ex = Assert.Throws<DirectoryNotFoundException>(() => FashionMnist.Load(folder));

        Assert.Contains("Fashion-MNIST folder not found", ex.Message);
        Assert.Contains(folder, ex.Message);
        Assert.Contains($"{FashionMnist.TrainImagesFile}, {FashionMnist.TrainLabelsFile}, {FashionMnist.TestImagesFile} and {FashionMnist.TestLabelsFile}", ex.Message);
        Assert.Contains("dataset-fashion-mnist", ex.Message);
        Assert.DoesNotContain("samples/", ex.Message);
    }

    [Fact]
    public void MissingFileSaysWhatToPass()
    {
        using var temp = new TempFolder();
        File.Copy(FixtureImages, Path.Combine(temp.Path, FashionMnist.TrainImagesFile));

        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(temp.Path));

        Assert.Contains("Fashion-MNIST file missing", ex.Message);
        Assert.Contains(Path.Combine(temp.Path, FashionMnist.TrainLabelsFile), ex.Message);
        Assert.Contains("nor 'train-labels-idx1-ubyte' uncompressed", ex.Message);
        Assert.Contains($"{FashionMnist.TrainImagesFile}, {FashionMnist.TrainLabelsFile}, {FashionMnist.TestImagesFile} and {FashionMnist.TestLabelsFile}", ex.Message);
        Assert.DoesNotContain("samples/", ex.Message);
    }

    [Fact]
    public void ClassNamesAreTheTenFashionMnistClasses()
    {
        Assert.Equal(10, FashionMnist.ClassNames.Count);
        Assert.Equal("T-shirt/top", FashionMnist.ClassNames[0]);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[9]);
    }
}
