namespace SslDsl.Data;

/// <summary>
/// The NIfTI-1 <c>datatype</c> codes (header bytes 70–71). <see cref="Nifti"/> reads the integer and real
/// types; the complex, RGB and 128-bit types are recognised so that errors can name them, but not read.
/// </summary>
public enum NiftiDataType : short
{
    /// <summary>DT_UNKNOWN (0): not a valid data file.</summary>
    Unknown = 0,

    /// <summary>DT_BINARY (1): one bit per voxel (not supported).</summary>
    Binary = 1,

    /// <summary>DT_UINT8 (2): unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>DT_INT16 (4): signed 16-bit integer.</summary>
    Int16 = 4,

    /// <summary>DT_INT32 (8): signed 32-bit integer.</summary>
    Int32 = 8,

    /// <summary>DT_FLOAT32 (16): IEEE 754 single precision.</summary>
    Float32 = 16,

    /// <summary>DT_COMPLEX64 (32): two float32 (not supported).</summary>
    Complex64 = 32,

    /// <summary>DT_FLOAT64 (64): IEEE 754 double precision.</summary>
    Float64 = 64,

    /// <summary>DT_RGB24 (128): three uint8 per voxel (not supported).</summary>
    Rgb24 = 128,

    /// <summary>DT_INT8 (256): signed 8-bit integer.</summary>
    Int8 = 256,

    /// <summary>DT_UINT16 (512): unsigned 16-bit integer.</summary>
    UInt16 = 512,

    /// <summary>DT_UINT32 (768): unsigned 32-bit integer.</summary>
    UInt32 = 768,

    /// <summary>DT_INT64 (1024): signed 64-bit integer.</summary>
    Int64 = 1024,

    /// <summary>DT_UINT64 (1280): unsigned 64-bit integer.</summary>
    UInt64 = 1280,

    /// <summary>DT_FLOAT128 (1536): 128-bit float (not supported).</summary>
    Float128 = 1536,

    /// <summary>DT_COMPLEX128 (1792): two float64 (not supported).</summary>
    Complex128 = 1792,

    /// <summary>DT_COMPLEX256 (2048): two float128 (not supported).</summary>
    Complex256 = 2048,

    /// <summary>DT_RGBA32 (2304): four uint8 per voxel (not supported).</summary>
    Rgba32 = 2304,
}
