using System;

namespace SslDsl.Data;

/// <summary>How <see cref="MriSlices.Axial"/> scales, filters and resizes the axial slices of a volume.</summary>
public sealed record MriSliceOptions
{
    /// <summary>The percentile of the volume's finite voxels mapped to 0 (robust minimum), in [0, 100).</summary>
    public double LowerPercentile { get; init; } = 0.5;

    /// <summary>The percentile mapped to 1 (robust maximum), in (LowerPercentile, 100]; brighter voxels are clipped to 1.</summary>
    public double UpperPercentile { get; init; } = 99.5;

    /// <summary>A scaled voxel counts as foreground when it is above this value, in [0, 1).</summary>
    public double ForegroundThreshold { get; init; } = 0.1;

    /// <summary>Slices with a smaller fraction of foreground voxels are skipped as near-empty, in [0, 1].</summary>
    public double MinForegroundFraction { get; init; } = 0.05;

    /// <summary>Only slices whose index z is a multiple of this are considered (1 = every slice).</summary>
    public int SliceStep { get; init; } = 1;

    /// <summary>
    /// When set, each slice is zero-padded (centred) to a square and resized bilinearly to Size × Size;
    /// otherwise slices keep the volume's in-plane size (H = y voxels, W = x voxels).
    /// </summary>
    public int? Size { get; init; }

    internal void Validate()
    {
        if (!(LowerPercentile >= 0 && LowerPercentile < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(LowerPercentile), LowerPercentile, "LowerPercentile must be in [0, 100).");
        }

        if (!(UpperPercentile > LowerPercentile && UpperPercentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(UpperPercentile), UpperPercentile, $"UpperPercentile must be in ({LowerPercentile}, 100].");
        }

        if (!(ForegroundThreshold >= 0 && ForegroundThreshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ForegroundThreshold), ForegroundThreshold, "ForegroundThreshold must be in [0, 1).");
        }

        if (!(MinForegroundFraction >= 0 && MinForegroundFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinForegroundFraction), MinForegroundFraction, "MinForegroundFraction must be in [0, 1].");
        }

        if (SliceStep < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SliceStep), SliceStep, "SliceStep must be at least 1.");
        }

        if (Size is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), Size, "Size must be at least 1 when set.");
        }
    }
}
