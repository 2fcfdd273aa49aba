using System;
using System.Collections.Generic;
using System.IO;

namespace SslDsl.Data;

/// <summary>
/// Fashion-MNIST (Zalando Research, MIT licence): 60,000 training and 10,000 test grey-scale
/// 28 × 28 images of clothing in 10 classes, read from the four IDX files (<see cref="TrainImagesFile"/>,
/// <see cref="TrainLabelsFile"/>, <see cref="TestImagesFile"/>, <see cref="TestLabelsFile"/>) in a folder the caller
/// names, such as the one the Debian package <c>dataset-fashion-mnist</c> installs.
/// </summary>
public static class FashionMnist
{
    /// <summary>The training images file name.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte.gz";

    /// <summary>The training labels file name.</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte.gz";

    /// <summary>The test images file name.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte.gz";

    /// <summary>The test labels file name.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte.gz";

    /// <summary>The number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Array.AsReadOnly(new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    });

    /// <summary>
    /// Loads the training and test splits from <paramref name="folder"/> (gzipped IDX files; an
    /// uncompressed file without the <c>.gz</c> suffix is accepted too). The caller owns both data sets.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">One of the four files is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not valid IDX, or the files disagree.</exception>
    public static (ImageDataset Train, ImageDataset Test) Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"Fashion-MNIST folder not found: '{Path.GetFullPath(folder)}'. Pass the folder that holds {FileList} " +
                "(gzipped or not; the Debian package dataset-fashion-mnist has them).");
        }

        string trainImages = Locate(folder, TrainImagesFile);
        string trainLabels = Locate(folder, TrainLabelsFile);
        string testImages = Locate(folder, TestImagesFile);
        string testLabels = Locate(folder, TestLabelsFile);

        var train = LoadSplit(trainImages, trainLabels, "fashion-mnist/train");
        try
        {
            var test = LoadSplit(testImages, testLabels, "fashion-mnist/test");
            return (train, test);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>Loads one split from an image file and a label file (plain or gzipped IDX).</summary>
    public static ImageDataset LoadSplit(string imagesPath, string labelsPath, string name)
    {
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        return ImageDataset.FromIdx(name, images, labels, ClassCount);
    }

    private static string Locate(string folder, string fileName)
    {
        string gz = Path.Combine(folder, fileName);
        if (File.Exists(gz))
        {
            return gz;
        }

        string plain = Path.Combine(folder, Path.GetFileNameWithoutExtension(fileName));
        if (File.Exists(plain))
        {
            return plain;
        }

        throw new FileNotFoundException(
            $"Fashion-MNIST file missing: '{Path.GetFullPath(gz)}' (nor '{Path.GetFileName(plain)}' uncompressed). " +
            $"The folder must hold {FileList}.",
            gz);
    }

    private static string FileList => $"{TrainImagesFile}, {TrainLabelsFile}, {TestImagesFile} and {TestLabelsFile}";
}
