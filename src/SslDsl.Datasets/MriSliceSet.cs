using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Data;

/// <summary>
/// Axial slices cut from a volume by <see cref="MriSlices.Axial"/>: <see cref="Images"/> float32
/// <c>[N, 1, H, W]</c> in [0, 1], with each slice's index in the volume and, when an atlas was given, its
/// majority atlas label. The set owns its tensors (detached from any dispose scope) and frees them on
/// <see cref="Dispose"/>.
/// </summary>
public sealed class MriSliceSet : IDisposable
{
    private bool _disposed;

    internal MriSliceSet(string name, Tensor images, IReadOnlyList<int> sliceIndices, IReadOnlyList<int>? atlasLabels, float intensityLow, float intensityHigh)
    {
        Name = name;
        Images = images.DetachFromDisposeScope();
        SliceIndices = sliceIndices;
        AtlasLabels = atlasLabels;
        IntensityLow = intensityLow;
        IntensityHigh = intensityHigh;
        var labels = new long[sliceIndices.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = atlasLabels is null ? sliceIndices[i] : atlasLabels[i];
        }

        Labels = torch.tensor(labels, new long[] { labels.Length }, ScalarType.Int64).DetachFromDisposeScope();
    }

    /// <summary>A human-readable name, e.g. "ch2.nii.gz axial (aal.nii.gz labels)".</summary>
    public string Name { get; }

    /// <summary>float32 <c>[N, 1, H, W]</c> in [0, 1]; row 0 is the anterior edge (largest y), column 0 the smallest x.</summary>
    public Tensor Images { get; }

    /// <summary>The z index of each slice in the volume (inferior = 0), in increasing order.</summary>
    public IReadOnlyList<int> SliceIndices { get; }

    /// <summary>
    /// The most frequent non-zero atlas label in each slice (ties: the smallest label; 0 when the slice has no
    /// labelled voxel), or null when no atlas was given.
    /// </summary>
    public IReadOnlyList<int>? AtlasLabels { get; }

    /// <summary>int64 <c>[N]</c>: <see cref="AtlasLabels"/> when present, otherwise <see cref="SliceIndices"/>.</summary>
    public Tensor Labels { get; }

    /// <summary>The intensity mapped to 0 (the lower percentile of the volume).</summary>
    public float IntensityLow { get; }

    /// <summary>The intensity mapped to 1 (the upper percentile of the volume).</summary>
    public float IntensityHigh { get; }

    /// <summary>The number of slices, N.</summary>
    public int Count => SliceIndices.Count;

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
    public override string ToString() => $"{Name}: {Count} × [{string.Join(", ", Images.shape[1..])}]";
}
