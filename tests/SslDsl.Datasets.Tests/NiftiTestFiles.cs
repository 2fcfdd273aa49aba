using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using SslDsl.Data;

namespace SslDsl.Datasets.Tests;

/// <summary>Writes small synthetic NIfTI-1 files (written field by field from the nifti1.h layout).</summary>
internal static class NiftiTestFiles
{
    public static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "fixtures", "brain-mri");

    public static string Fixture(string name) => Path.Combine(FixtureFolder, name);

    /// <summary>A single-file NIfTI-1 image: 348-byte header, zero padding up to vox_offset, then the raw data.</summary>
    public static byte[] Build(
        int[] dims, NiftiDataType type, byte[] payload, bool bigEndian = false, float slope = 1f, float intercept = 0f,
        int voxOffset = 352, short? bitpix = null, string magic = "n+1", int sizeofHdr = 348, short? rank = null)
    {
        var header = new byte[Math.Max(voxOffset, 352)];
        void I32(int offset, int value)
        {
            if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(offset), value);
            else BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(offset), value);
        }

        void I16(int offset, short value)
        {
            if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(header.AsSpan(offset), value);
            else BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(offset), value);
        }

        void F32(int offset, float value)
        {
            if (bigEndian) BinaryPrimitives.WriteSingleBigEndian(header.AsSpan(offset), value);
            else BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(offset), value);
        }

        I32(0, sizeofHdr);
        I16(40, rank ?? (short)dims.Length);
        for (int i = 0; i < dims.Length; i++)
        {
            I16(42 + 2 * i, (short)dims[i]);
            F32(80 + 4 * i, 1.5f);
        }

        I16(70, (short)type);
        I16(72, bitpix ?? (short)(8 * BytesOf(type)));
        F32(108, voxOffset);
        F32(112, slope);
        F32(116, intercept);
        Encoding.ASCII.GetBytes("synthetic test image").CopyTo(header, 148);
        I16(254, 1);
        F32(280, 1.5f);
        F32(300, 1.5f);
        F32(320, 1.5f);
        Encoding.ASCII.GetBytes(magic).CopyTo(header, 344);
        var bytes = new byte[header.Length + payload.Length];
        header.CopyTo(bytes, 0);
        payload.CopyTo(bytes, header.Length);
        return bytes;
    }

    public static int BytesOf(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 or NiftiDataType.Rgb24 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Encodes values in the given type and byte order (the reference encoder for the tests).</summary>
    public static byte[] Encode(NiftiDataType type, double[] values, bool bigEndian)
    {
        int size = BytesOf(type);
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            var span = bytes.AsSpan(i * size, size);
            double v = values[i];
            switch (type)
            {
                case NiftiDataType.UInt8: span[0] = (byte)v; break;
                case NiftiDataType.Int8: span[0] = unchecked((byte)(sbyte)v); break;
                case NiftiDataType.Int16: if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(span, (short)v); else BinaryPrimitives.WriteInt16LittleEndian(span, (short)v); break;
                case NiftiDataType.UInt16: if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)v); break;
                case NiftiDataType.Int32: if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(span, (int)v); else BinaryPrimitives.WriteInt32LittleEndian(span, (int)v); break;
                case NiftiDataType.UInt32: if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(span, (uint)v); else BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)v); break;
                case NiftiDataType.Int64: if (bigEndian) BinaryPrimitives.WriteInt64BigEndian(span, (long)v); else BinaryPrimitives.WriteInt64LittleEndian(span, (long)v); break;
                case NiftiDataType.UInt64: if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(span, (ulong)v); else BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)v); break;
                case NiftiDataType.Float32: if (bigEndian) BinaryPrimitives.WriteSingleBigEndian(span, (float)v); else BinaryPrimitives.WriteSingleLittleEndian(span, (float)v); break;
                case NiftiDataType.Float64: if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(span, v); else BinaryPrimitives.WriteDoubleLittleEndian(span, v); break;
                default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
            }
        }

        return bytes;
    }
}
