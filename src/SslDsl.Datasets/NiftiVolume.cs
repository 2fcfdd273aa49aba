using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Data;

/// <summary>
/// A NIfTI-1 image read by <see cref="Nifti"/>: its header and its voxel values as float32, with
/// <c>scl_slope</c>/<c>scl_inter</c> already applied, in file order (x fastest, then y, z, t).
/// </summary>
/// <remarks>
/// Integer data is converted exactly up to ±2^24; larger int32/int64 magnitudes are rounded to float32.
/// Dimensions 5 to 7 must be 1 (checked by the reader).
/// </remarks>
public sealed class NiftiVolume
{
    /// <summary>Wraps a header and its voxel values (length = the header's voxel count).</summary>
    public NiftiVolume(NiftiHeader header, float[] data)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(data);
        if (data.LongLength != header.VoxelCount)
        {
            throw new ArgumentException($"NIfTI '{header.Source}': {data.LongLength} values for {header.VoxelCount} voxels.", nameof(data));
        }

        if (header.Dims.Count is < 1 or > 4)
        {
            throw new ArgumentException($"NIfTI '{header.Source}': {header.Dims.Count} dimensions; 1 to 4 are supported.", nameof(header));
        }

        Header = header;
        Data = data;
    }

    /// <summary>The header.</summary>
    public NiftiHeader Header { get; }

    /// <summary>The scaled voxel values, x fastest: index = x + SizeX·(y + SizeY·(z + SizeZ·t)).</summary>
    public float[] Data { get; }

    /// <summary>Voxels along x (<c>dim[1]</c>).</summary>
    public int SizeX => Header.Dims[0];

    /// <summary>Voxels along y (<c>dim[2]</c>; 1 for a 1-D image).</summary>
    public int SizeY => Header.Dims.Count > 1 ? Header.Dims[1] : 1;

    /// <summary>Voxels along z (<c>dim[3]</c>; 1 for a 2-D image).</summary>
    public int SizeZ => Header.Dims.Count > 2 ? Header.Dims[2] : 1;

    /// <summary>Time points (<c>dim[4]</c>; 1 for a 3-D volume).</summary>
    public int SizeT => Header.Dims.Count > 3 ? Header.Dims[3] : 1;

    /// <summary>The value at voxel (x, y, z) of time point t.</summary>
    public float this[int x, int y, int z, int t = 0]
    {
        get
        {
            if ((uint)x >= (uint)SizeX || (uint)y >= (uint)SizeY || (uint)z >= (uint)SizeZ || (uint)t >= (uint)SizeT)
            {
                throw new ArgumentOutOfRangeException(nameof(x), $"Voxel ({x}, {y}, {z}, {t}) is outside [{SizeX}, {SizeY}, {SizeZ}, {SizeT}].");
            }

            return Data[x + (long)SizeX * (y + (long)SizeY * (z + (long)SizeZ * t))];
        }
    }

    /// <summary>
    /// The volume as float32 <c>[Z, Y, X]</c> (or <c>[T, Z, Y, X]</c> when <see cref="SizeT"/> &gt; 1), the memory
    /// order of the file. The caller owns the returned tensor.
    /// </summary>
    public Tensor ToTensor()
    {
        long[] shape = SizeT > 1
            ? new long[] { SizeT, SizeZ, SizeY, SizeX }
            : new long[] { SizeZ, SizeY, SizeX };
        return torch.tensor(Data, shape, ScalarType.Float32);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Header.Source}: [{string.Join(" x ", Header.Dims)}] {Header.DataType}, voxel [{string.Join(" x ", Header.VoxelSizes)}]";
}
