using System.Collections.Generic;

namespace SslDsl.Data;

/// <summary>
/// The fields of a NIfTI-1 header that <see cref="Nifti"/> uses, decoded in the file's byte order.
/// </summary>
/// <param name="Source">Where the header came from (a file path or a caller-given name), for messages.</param>
/// <param name="BigEndian">True when the file is big-endian (detected from <c>sizeof_hdr</c> = 348).</param>
/// <param name="Dims">The sizes of the used dimensions, <c>dim[1] .. dim[dim[0]]</c> (x fastest in the file).</param>
/// <param name="DataType">The voxel type (<c>datatype</c>).</param>
/// <param name="BitsPerVoxel">The <c>bitpix</c> field (checked against <paramref name="DataType"/>).</param>
/// <param name="VoxelSizes">The voxel sizes <c>pixdim[1] .. pixdim[dim[0]]</c> (usually millimetres, then seconds).</param>
/// <param name="VoxOffset">Byte offset of the voxel data in the file (<c>vox_offset</c>; ≥ 352 when extensions precede it).</param>
/// <param name="ScaleSlope">The <c>scl_slope</c> field; 0 (or not finite) means "no scaling".</param>
/// <param name="ScaleIntercept">The <c>scl_inter</c> field, added after multiplying by the slope.</param>
/// <param name="QformCode">The <c>qform_code</c> field (0 = unknown orientation).</param>
/// <param name="SformCode">The <c>sform_code</c> field (0 = no affine in <paramref name="Sform"/>).</param>
/// <param name="Sform">The affine rows <c>srow_x</c>, <c>srow_y</c>, <c>srow_z</c> (12 numbers, row-major), voxel → world.</param>
/// <param name="Description">The <c>descrip</c> text (up to 80 ASCII characters).</param>
/// <param name="Magic">The magic string: <c>n+1</c> (one .nii file) or <c>ni1</c> (.hdr/.img pair).</param>
public sealed record NiftiHeader(
    string Source,
    bool BigEndian,
    IReadOnlyList<int> Dims,
    NiftiDataType DataType,
    int BitsPerVoxel,
    IReadOnlyList<float> VoxelSizes,
    long VoxOffset,
    float ScaleSlope,
    float ScaleIntercept,
    int QformCode,
    int SformCode,
    IReadOnlyList<float> Sform,
    string Description,
    string Magic)
{
    /// <summary>The size of a NIfTI-1 header in bytes (the <c>sizeof_hdr</c> field).</summary>
    public const int HeaderSize = 348;

    /// <summary>The number of voxels: the product of <see cref="Dims"/>.</summary>
    public long VoxelCount
    {
        get
        {
            long n = 1;
            foreach (int d in Dims)
            {
                n *= d;
            }

            return n;
        }
    }

    /// <summary>Whether <see cref="ScaleSlope"/> and <see cref="ScaleIntercept"/> change the stored values.</summary>
    public bool HasScaling => ScaleSlope != 0f && float.IsFinite(ScaleSlope) && float.IsFinite(ScaleIntercept)
        && (ScaleSlope != 1f || ScaleIntercept != 0f);
}
