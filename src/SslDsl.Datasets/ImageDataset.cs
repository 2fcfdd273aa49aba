using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Data;

/// <summary>
/// An in-memory labelled image data set: <see cref="Images"/> as uint8 <c>[N, C, H, W]</c> and
/// <see cref="Labels"/> as int64 <c>[N]</c> with values in <c>0 .. ClassCount-1</c>.
/// The data set owns both tensors (they are detached from any dispose scope) and frees them on
/// <see cref="Dispose"/>; data sets returned by <see cref="Subset"/> and <see cref="StratifiedFraction"/>
/// own copies and must be disposed separately.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    private bool _disposed;

    /// <summary>Wraps existing tensors; the data set takes ownership of them.</summary>
    /// <param name="name">A human-readable name (e.g. "fashion-mnist/train").</param>
    /// <param name="images">uint8 <c>[N, C, H, W]</c> on the CPU or any device.</param>
    /// <param name="labels">int64 <c>[N]</c> on the same device as <paramref name="images"/>.</param>
    /// <param name="classCount">The number of classes; labels must lie in <c>0 .. classCount-1</c> (not checked here).</param>
    public ImageDataset(string name, Tensor images, Tensor labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (images.dtype != ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException($"Images must be uint8 [N, C, H, W]; got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        }

        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1)
        {
            throw new ArgumentException($"Labels must be int64 [N]; got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        }

        if (labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"Images and labels disagree on N: {images.shape[0]} images, {labels.shape[0]} labels.", nameof(labels));
        }

        Name = name;
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        ClassCount = classCount;
    }

    /// <summary>A human-readable name, e.g. "fashion-mnist/train".</summary>
    public string Name { get; }

    /// <summary>uint8 <c>[N, C, H, W]</c>, raw pixel values 0..255.</summary>
    public Tensor Images { get; }

    /// <summary>int64 <c>[N]</c>, class indices 0..<see cref="ClassCount"/>-1.</summary>
    public Tensor Labels { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The number of examples, N.</summary>
    public int Count => checked((int)Images.shape[0]);

    /// <summary>Channels, height and width of one image.</summary>
    public (int Channels, int Height, int Width) ImageShape => ((int)Images.shape[1], (int)Images.shape[2], (int)Images.shape[3]);

    /// <summary>
    /// Builds a data set from IDX image (<c>[N, H, W]</c>) and label (<c>[N]</c>) data: one channel,
    /// labels checked to lie in <c>0 .. classCount-1</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">Shapes disagree or a label is out of range.</exception>
    public static ImageDataset FromIdx(string name, IdxData images, IdxData labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256);
        if (images.Dims.Count != 3)
        {
            throw new InvalidDataException($"IDX file '{images.Source}': expected images [N, rows, columns], got {images.Dims.Count} dimension(s).");
        }

        if (labels.Dims.Count != 1)
        {
            throw new InvalidDataException($"IDX file '{labels.Source}': expected labels [N], got {labels.Dims.Count} dimension(s).");
        }

        if (images.Count != labels.Count)
        {
            throw new InvalidDataException($"'{images.Source}' holds {images.Count} images but '{labels.Source}' holds {labels.Count} labels.");
        }

        var labelValues = new long[labels.Data.Length];
        for (int i = 0; i < labelValues.Length; i++)
        {
            byte label = labels.Data[i];
            if (label >= classCount)
            {
                throw new InvalidDataException($"IDX file '{labels.Source}': label {label} at index {i} is out of range 0..{classCount - 1}.");
            }

            labelValues[i] = label;
        }

        var imageTensor = torch.tensor(images.Data, new long[] { images.Count, 1, images.Dims[1], images.Dims[2] }, ScalarType.Byte);
        try
        {
            var labelTensor = torch.tensor(labelValues, new long[] { labelValues.Length }, ScalarType.Int64);
            return new ImageDataset(name, imageTensor, labelTensor, classCount);
        }
        catch
        {
            imageTensor.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A random subset of <paramref name="count"/> examples without replacement, kept in their original order.
    /// Deterministic per <paramref name="seed"/> (uses <see cref="Random"/>, not the Torch generator).
    /// </summary>
    public ImageDataset Subset(int count, int seed)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        var order = Permutation(Count, new Random(seed));
        var chosen = order.AsSpan(0, count).ToArray();
        Array.Sort(chosen);
        return Select(chosen, $"{Name}[subset {count} seed {seed}]");
    }

    /// <summary>
    /// A class-balanced subset: the same number of examples from every class,
    /// <c>floor(fraction × N / ClassCount)</c> (e.g. 1 % of 60,000 examples in 10 classes = 60 per class),
    /// drawn at random without replacement and kept in their original order.
    /// Deterministic per <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in (0, 1] or gives fewer than one example per class.</exception>
    /// <exception cref="InvalidOperationException">Some class has fewer examples than the per-class share.</exception>
    public ImageDataset StratifiedFraction(double fraction, int seed)
    {
        ThrowIfDisposed();
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be in (0, 1].");
        }

        // The epsilon absorbs binary rounding (0.01 × 60000 may come out as 599.999...).
        int perClass = (int)Math.Floor(fraction * Count / ClassCount + 1e-9);
        if (perClass < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"A fraction of {fraction.ToString(CultureInfo.InvariantCulture)} of {Count} examples in {ClassCount} classes gives no example per class.");
        }

        var byClass = new List<int>[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            byClass[c] = new List<int>();
        }

        var labels = LabelArray();
        for (int i = 0; i < labels.Length; i++)
        {
            byClass[labels[i]].Add(i);
        }

        var shortClasses = new List<string>();
        for (int c = 0; c < ClassCount; c++)
        {
            if (byClass[c].Count < perClass)
            {
                shortClasses.Add($"class {c} has {byClass[c].Count} example(s)");
            }
        }

        if (shortClasses.Count > 0)
        {
            throw new InvalidOperationException($"{Name}: a fraction of {fraction.ToString(CultureInfo.InvariantCulture)} needs {perClass} examples per class, but {string.Join(", ", shortClasses)}.");
        }

        var random = new Random(seed);
        var chosen = new List<int>(perClass * ClassCount);
        for (int c = 0; c < ClassCount; c++)
        {
            var members = byClass[c];
            var order = Permutation(members.Count, random);
            for (int k = 0; k < perClass; k++)
            {
                chosen.Add(members[order[k]]);
            }
        }

        chosen.Sort();
        return Select(chosen.ToArray(), $"{Name}[stratified {fraction.ToString(CultureInfo.InvariantCulture)} seed {seed}]");
    }

    /// <summary>
    /// The images as float32 <c>[N, C, H, W]</c> scaled to <c>[0, 1]</c>, on <paramref name="device"/>
    /// (default: where the images are). The caller owns the returned tensor.
    /// </summary>
    public Tensor ToFloat(Device? device = null)
    {
        ThrowIfDisposed();
        using var scope = torch.NewDisposeScope();
        var source = device is null ? Images : Images.to(device);
        var result = source.to_type(ScalarType.Float32).div_(255f);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The labels copied to a managed array.</summary>
    public long[] LabelArray()
    {
        ThrowIfDisposed();
        using var cpu = Labels.cpu();
        return cpu.data<long>().ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Images.Dispose();
        Labels.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Count} × [{string.Join(", ", Images.shape[1..])}], {ClassCount} classes";

    private ImageDataset Select(int[] indices, string name)
    {
        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(Array.ConvertAll(indices, i => (long)i), new long[] { indices.Length }, ScalarType.Int64, Images.device);
        var images = Images.index_select(0, index);
        var labels = Labels.index_select(0, index.to(Labels.device));
        return new ImageDataset(name, images, labels, ClassCount);
    }

    private static int[] Permutation(int n, Random random)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
