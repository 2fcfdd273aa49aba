using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Data;

/// <summary>
/// Turns a 3-D MRI volume (and optionally an atlas on the same voxel grid) into 2-D axial slices for
/// image models: intensities scaled robustly to [0, 1] with the volume's percentiles, near-empty slices
/// skipped, optional square resize, and a label per slice (its majority atlas region, or its index).
/// </summary>
public static class MriSlices
{
    /// <summary>
    /// Cuts the axial slices (constant z) of <paramref name="volume"/>. Each slice is the x–y plane shown
    /// with y flipped (row 0 = largest y, anterior in RAS space such as MNI) and x increasing to the right.
    /// </summary>
    /// <param name="volume">A 3-D volume (a 4-D one must have a single time point).</param>
    /// <param name="atlas">Optional integer label volume on the same x, y, z grid (e.g. AAL for ch2).</param>
    /// <param name="options">Scaling, filtering and resizing; defaults when null.</param>
    /// <returns>The slices; the caller owns (and disposes) them.</returns>
    /// <exception cref="ArgumentException">The volume has several time points, the atlas does not match, or the
    /// volume is constant, or every slice is near-empty.</exception>
    public static MriSliceSet Axial(NiftiVolume volume, NiftiVolume? atlas = null, MriSliceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        options ??= new MriSliceOptions();
        options.Validate();
        if (volume.SizeT != 1)
        {
            throw new ArgumentException($"NIfTI '{volume.Header.Source}' has {volume.SizeT} time points; axial slicing needs a single 3-D volume.", nameof(volume));
        }

        if (atlas is not null && (atlas.SizeX != volume.SizeX || atlas.SizeY != volume.SizeY || atlas.SizeZ != volume.SizeZ || atlas.SizeT != 1))
        {
            throw new ArgumentException(
                $"Atlas '{atlas.Header.Source}' has dims [{string.Join(", ", atlas.Header.Dims)}] but volume '{volume.Header.Source}' has " +
                $"[{string.Join(", ", volume.Header.Dims)}]; the atlas must be on the same voxel grid.", nameof(atlas));
        }

        (float low, float high) = Percentiles(volume.Data, options.LowerPercentile, options.UpperPercentile);
        if (!(high > low))
        {
            throw new ArgumentException(
                $"NIfTI '{volume.Header.Source}': the {Format(options.LowerPercentile)}th and {Format(options.UpperPercentile)}th percentiles are both {Format(low)}; " +
                "the volume is (nearly) constant and cannot be scaled.", nameof(volume));
        }

        using var scope = torch.NewDisposeScope();
        using var raw = volume.ToTensor();
        var scaled = raw.nan_to_num(low, high, low).sub_(low).div_(high - low).clamp_(0, 1).flip(1);
        var foreground = scaled.gt(options.ForegroundThreshold).to_type(ScalarType.Float32).mean(new long[] { 1, 2 });
        float[] fractions = foreground.data<float>().ToArray();

        var kept = new List<int>();
        for (int z = 0; z < fractions.Length; z += options.SliceStep)
        {
            if (fractions[z] >= options.MinForegroundFraction)
            {
                kept.Add(z);
            }
        }

        if (kept.Count == 0)
        {
            throw new ArgumentException(
                $"NIfTI '{volume.Header.Source}': no axial slice has at least {Format(options.MinForegroundFraction)} of its voxels above " +
                $"{Format(options.ForegroundThreshold)} after scaling (lower MinForegroundFraction or ForegroundThreshold).", nameof(volume));
        }

        var index = torch.tensor(Array.ConvertAll(kept.ToArray(), z => (long)z), new long[] { kept.Count }, ScalarType.Int64);
        var images = scaled.index_select(0, index).unsqueeze(1);
        if (options.Size is int size)
        {
            images = Resize(images, size);
        }

        int[]? labels = atlas is null ? null : MajorityLabels(atlas, kept);
        string name = Path.GetFileName(volume.Header.Source) + " axial" + (atlas is null ? "" : $" ({Path.GetFileName(atlas.Header.Source)} labels)");
        return new MriSliceSet(name, images.contiguous().MoveToOuterDisposeScope(), kept.AsReadOnly(), labels is null ? null : Array.AsReadOnly(labels), low, high);
    }

    /// <summary>
    /// The <paramref name="lower"/>th and <paramref name="upper"/>th percentiles of the finite values, with linear
    /// interpolation between order statistics (NumPy's default).
    /// </summary>
    internal static (float Low, float High) Percentiles(float[] values, double lower, double upper)
    {
        var finite = new List<float>(values.Length);
        foreach (float v in values)
        {
            if (float.IsFinite(v))
            {
                finite.Add(v);
            }
        }

        if (finite.Count == 0)
        {
            return (float.NaN, float.NaN);
        }

        finite.Sort();
        return (Quantile(finite, lower / 100), Quantile(finite, upper / 100));
    }

    private static float Quantile(List<float> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        double fraction = position - below;
        return (float)(sorted[below] + (sorted[above] - (double)sorted[below]) * fraction);
    }

    private static Tensor Resize(Tensor images, int size)
    {
        long height = images.shape[2];
        long width = images.shape[3];
        long side = Math.Max(height, width);
        long padTop = (side - height) / 2;
        long padLeft = (side - width) / 2;
        var square = torch.nn.functional.pad(images, new long[] { padLeft, side - width - padLeft, padTop, side - height - padTop });
        if (side == size)
        {
            return square;
        }

        return torch.nn.functional.interpolate(square, new long[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: size < side)
            .clamp_(0, 1);
    }

    private static int[] MajorityLabels(NiftiVolume atlas, List<int> slices)
    {
        int sx = atlas.SizeX;
        int sy = atlas.SizeY;
        var labels = new int[slices.Count];
        var counts = new Dictionary<int, int>();
        for (int s = 0; s < slices.Count; s++)
        {
            int z = slices[s];
            counts.Clear();
            long offset = (long)z * sx * sy;
            for (long i = offset; i < offset + (long)sx * sy; i++)
            {
                float value = atlas.Data[i];
                if (value == 0f)
                {
                    continue;
                }

                if (!(value > 0f) || value != MathF.Floor(value) || value > int.MaxValue)
                {
                    long x = (i - offset) % sx;
                    long y = (i - offset) / sx;
                    throw new InvalidDataException(
                        $"Atlas '{atlas.Header.Source}': voxel ({x}, {y}, {z}) holds {Format(value)}; atlas labels must be whole numbers ≥ 0.");
                }

                int label = (int)value;
                counts[label] = counts.TryGetValue(label, out int c) ? c + 1 : 1;
            }

            int best = 0;
            int bestCount = 0;
            foreach (var (label, count) in counts)
            {
                if (count > bestCount || (count == bestCount && label < best))
                {
                    best = label;
                    bestCount = count;
                }
            }

            labels[s] = best;
        }

        return labels;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
