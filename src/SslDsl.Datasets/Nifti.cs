using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace SslDsl.Data;

/// <summary>
/// Reads single-file NIfTI-1 images (<c>.nii</c>, or <c>.nii.gz</c> — compression is detected by the gzip magic
/// <c>1f 8b</c>, not by the name) into a <see cref="NiftiVolume"/>: little- or big-endian (detected from
/// <c>sizeof_hdr</c>), data types uint8, int8, int16, uint16, int32, uint32, int64, uint64, float32 and float64,
/// extensions skipped up to <c>vox_offset</c>, and <c>scl_slope</c>/<c>scl_inter</c> applied. Everything else
/// (NIfTI-2, Analyze 7.5, <c>.hdr</c>/<c>.img</c> pairs, complex and RGB data, more than four dimensions) is
/// rejected with an <see cref="InvalidDataException"/> whose message names the file and the problem.
/// </summary>
/// <remarks>Header layout: NIfTI-1 (nifti1.h, 2004), 348 bytes; the voxel data starts at <c>vox_offset</c>.</remarks>
public static class Nifti
{
    /// <summary>Reads a NIfTI-1 file (plain or gzip-compressed).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a supported NIfTI-1 image.</exception>
    public static NiftiVolume Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"NIfTI file not found: '{path}'.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads a NIfTI-1 image from a stream (plain or gzip-compressed); the stream is not disposed.</summary>
    /// <param name="stream">The data, read from its current position.</param>
    /// <param name="source">A name for the data used in error messages (usually the file path).</param>
    /// <exception cref="InvalidDataException">The data is not a supported NIfTI-1 image.</exception>
    public static NiftiVolume Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        return WithBody(stream, source, body =>
        {
            NiftiHeader header = ReadHeaderFrom(body, source);
            float[] data = ReadVoxels(body, header);
            return new NiftiVolume(header, data);
        });
    }

    /// <summary>Reads only the header of a NIfTI-1 file (plain or gzip-compressed).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header is not a supported NIfTI-1 header.</exception>
    public static NiftiHeader ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"NIfTI file not found: '{path}'.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return WithBody(stream, path, body => ReadHeaderFrom(body, path));
    }

    /// <summary>Bytes per voxel of a supported data type, or 0 when the type is not supported.</summary>
    public static int BytesPerVoxel(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Int64 or NiftiDataType.UInt64 or NiftiDataType.Float64 => 8,
        _ => 0,
    };

    private static T WithBody<T>(Stream stream, string source, Func<Stream, T> read)
    {
        // Sniff the gzip magic (1f 8b) without relying on the stream being seekable.
        var sniff = new byte[2];
        int sniffed = stream.ReadAtLeast(sniff, sniff.Length, throwOnEndOfStream: false);
        bool gzip = sniffed == 2 && sniff[0] == 0x1f && sniff[1] == 0x8b;
        using var prefixed = new PrefixedStream(sniff.AsSpan(0, sniffed).ToArray(), stream);
        using var decompressed = gzip ? new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: true) : null;
        try
        {
            return read(decompressed ?? (Stream)prefixed);
        }
        catch (InvalidDataException ex) when (!ex.Data.Contains(OwnErrorKey))
        {
            // GZipStream reports corrupt compressed data with a message that names no file.
            throw Fail(source, $"corrupt gzip data: {ex.Message}", ex);
        }
    }

    private static NiftiHeader ReadHeaderFrom(Stream body, string source)
    {
        var h = new byte[NiftiHeader.HeaderSize];
        int got = body.ReadAtLeast(h, h.Length, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw Fail(source, $"truncated header: got {got} byte(s), a NIfTI-1 header has {NiftiHeader.HeaderSize}.");
        }

        int sizeLittle = BinaryPrimitives.ReadInt32LittleEndian(h);
        int sizeBig = BinaryPrimitives.ReadInt32BigEndian(h);
        bool big;
        if (sizeLittle == NiftiHeader.HeaderSize)
        {
            big = false;
        }
        else if (sizeBig == NiftiHeader.HeaderSize)
        {
            big = true;
        }
        else if (sizeLittle == 540 || sizeBig == 540)
        {
            throw Fail(source, "this is a NIfTI-2 file (sizeof_hdr = 540); only NIfTI-1 (sizeof_hdr = 348) is supported.");
        }
        else
        {
            throw Fail(source, $"not a NIfTI-1 file: sizeof_hdr is {sizeLittle} read little-endian and {sizeBig} read big-endian, expected 348 (first bytes {Convert.ToHexString(h, 0, 4)}).");
        }

        if (got < h.Length)
        {
            throw Fail(source, $"truncated header: got {got} bytes, a NIfTI-1 header has {NiftiHeader.HeaderSize}.");
        }

        short I16(int offset) => big ? BinaryPrimitives.ReadInt16BigEndian(h.AsSpan(offset)) : BinaryPrimitives.ReadInt16LittleEndian(h.AsSpan(offset));
        float F32(int offset) => big ? BinaryPrimitives.ReadSingleBigEndian(h.AsSpan(offset)) : BinaryPrimitives.ReadSingleLittleEndian(h.AsSpan(offset));

        string magic = Encoding.ASCII.GetString(h, 344, 4).TrimEnd('\0');
        if (magic == "ni1")
        {
            throw Fail(source, "this is the header of a two-file NIfTI-1 pair (magic 'ni1', data in a separate .img file); only single-file images (magic 'n+1', .nii or .nii.gz) are supported.");
        }

        if (magic != "n+1")
        {
            throw Fail(source, $"wrong magic: expected 'n+1' at byte 344, got {Convert.ToHexString(h, 344, 4)} (an Analyze 7.5 file, or not NIfTI-1).");
        }

        int rank = I16(40);
        if (rank is < 1 or > 7)
        {
            throw Fail(source, $"dim[0] = {rank}: the number of dimensions must be 1 to 7.");
        }

        var allDims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            allDims[i] = I16(42 + 2 * i);
            if (allDims[i] < 1)
            {
                throw Fail(source, $"dim[{i + 1}] = {allDims[i]}: every used dimension must be at least 1.");
            }
        }

        for (int i = 4; i < rank; i++)
        {
            if (allDims[i] != 1)
            {
                throw Fail(source, $"dim[{i + 1}] = {allDims[i]}: images with more than 4 dimensions (dim = [{string.Join(", ", allDims)}]) are not supported.");
            }
        }

        int used = Math.Min(rank, 4);
        var dims = allDims[..used];

        short typeCode = I16(70);
        var type = (NiftiDataType)typeCode;
        int bytes = BytesPerVoxel(type);
        if (bytes == 0)
        {
            string name = Enum.IsDefined(type) ? type.ToString() : "an unknown code";
            throw Fail(source, $"unsupported datatype {typeCode} ({name}); supported: uint8 (2), int8 (256), int16 (4), uint16 (512), int32 (8), uint32 (768), int64 (1024), uint64 (1280), float32 (16), float64 (64).");
        }

        int bitpix = I16(72);
        if (bitpix != 8 * bytes)
        {
            throw Fail(source, $"bitpix = {bitpix} does not match datatype {typeCode} ({type}, {8 * bytes} bits).");
        }

        var pixdim = new float[used];
        for (int i = 0; i < used; i++)
        {
            pixdim[i] = F32(80 + 4 * i);
        }

        float voxOffsetField = F32(108);
        if (!float.IsFinite(voxOffsetField) || voxOffsetField < NiftiHeader.HeaderSize || voxOffsetField != MathF.Floor(voxOffsetField) || voxOffsetField > int.MaxValue)
        {
            throw Fail(source, $"vox_offset = {voxOffsetField.ToString(CultureInfo.InvariantCulture)}: the data offset of a single-file image must be a whole number ≥ 348 (usually 352).");
        }

        var sform = new float[12];
        for (int i = 0; i < 12; i++)
        {
            sform[i] = F32(280 + 4 * i);
        }

        string description = Encoding.ASCII.GetString(h, 148, 80);
        int nul = description.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            description = description[..nul];
        }

        var header = new NiftiHeader(
            source, big, Array.AsReadOnly(dims), type, bitpix, Array.AsReadOnly(pixdim), (long)voxOffsetField,
            F32(112), F32(116), I16(252), I16(254), Array.AsReadOnly(sform), description.Trim(), magic);
        if (header.VoxelCount > Array.MaxLength)
        {
            throw Fail(source, $"too many voxels: dim = [{string.Join(", ", dims)}] holds {header.VoxelCount}, more than one array can.");
        }

        return header;
    }

    private static float[] ReadVoxels(Stream body, NiftiHeader header)
    {
        string source = header.Source;

        // Extensions (or padding) between the header and vox_offset.
        long skip = header.VoxOffset - NiftiHeader.HeaderSize;
        var scratch = new byte[1 << 14];
        long skipped = 0;
        while (skipped < skip)
        {
            int n = body.Read(scratch, 0, (int)Math.Min(scratch.Length, skip - skipped));
            if (n == 0)
            {
                throw Fail(source, $"truncated file: vox_offset = {header.VoxOffset}, but the file ends {NiftiHeader.HeaderSize + skipped} bytes in.");
            }

            skipped += n;
        }

        int bytesPerVoxel = BytesPerVoxel(header.DataType);
        long count = header.VoxelCount;
        long byteCount = count * bytesPerVoxel;
        var result = new float[count];
        var buffer = new byte[(int)Math.Min(byteCount, 1L << 20) / bytesPerVoxel * bytesPerVoxel];
        long done = 0;
        while (done < count)
        {
            int want = (int)Math.Min(buffer.Length, (count - done) * bytesPerVoxel);
            int got = body.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            if (got < want)
            {
                long have = done * bytesPerVoxel + got;
                throw Fail(source, $"truncated voxel data: dim = [{string.Join(", ", header.Dims)}] {header.DataType} needs {byteCount} bytes after vox_offset {header.VoxOffset}, the file has {have}.");
            }

            Decode(buffer.AsSpan(0, want), result.AsSpan((int)done, want / bytesPerVoxel), header.DataType, header.BigEndian);
            done += want / bytesPerVoxel;
        }

        if (header.HasScaling)
        {
            float slope = header.ScaleSlope;
            float intercept = header.ScaleIntercept;
            for (long i = 0; i < result.LongLength; i++)
            {
                result[i] = result[i] * slope + intercept;
            }
        }

        return result;
    }

    private static void Decode(ReadOnlySpan<byte> raw, Span<float> output, NiftiDataType type, bool big)
    {
        switch (type)
        {
            case NiftiDataType.UInt8:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = raw[i];
                }

                break;
            case NiftiDataType.Int8:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = (sbyte)raw[i];
                }

                break;
            case NiftiDataType.Int16:
                for (int i = 0; i < output.Length; i++)
                {
                    var s = raw.Slice(2 * i, 2);
                    output[i] = big ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s);
                }

                break;
            case NiftiDataType.UInt16:
                for (int i = 0; i < output.Length; i++)
                {
                    var s = raw.Slice(2 * i, 2);
                    output[i] = big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
                }

                break;
            case NiftiDataType.Int32:
                for (int i = 0; i < output.Length; i++)
                {
                    var s = raw.Slice(4 * i, 4);
                    output[i] = big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s);
                }

                break;
            case NiftiDataType.UInt32:
                for (int i = 0; i < output.Length; i++)
                {
                    var s = raw.Slice(4 * i, 4);
                    output[i] = big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
                }

                break;
            case NiftiDataType.Int64:
                for (int i = 0; i < output.Length; i++)
                {
                    var s = raw.Slice(8 * i, 8);
                    output[i] = big ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s);
                }

                break;
            case NiftiDataType.UInt64:
                for (int i = 0; i < output.Length; i++)
                {
                    var s = raw.Slice(8 * i, 8);
                    output[i] = big ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
                }

                break;
            case NiftiDataType.Float32:
                for (int i = 0; i < output.Length; i++)
                {
                    var s = raw.Slice(4 * i, 4);
                    output[i] = big ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s);
                }

                break;
            case NiftiDataType.Float64:
                for (int i = 0; i < output.Length; i++)
                {
                    var s = raw.Slice(8 * i, 8);
                    output[i] = (float)(big ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s));
                }

                break;
            default:
                throw new InvalidOperationException($"unreachable: datatype {type}");
        }
    }

    /// <summary>Marks our own format errors so that the gzip handler does not wrap them again.</summary>
    private const string OwnErrorKey = "SslDsl.Data.Nifti";

    private static InvalidDataException Fail(string source, string problem, Exception? inner = null)
    {
        var ex = new InvalidDataException($"NIfTI file '{source}': {problem}", inner);
        ex.Data[OwnErrorKey] = true;
        return ex;
    }
}
