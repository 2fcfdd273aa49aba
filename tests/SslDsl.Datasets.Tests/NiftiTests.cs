using System;
using System.IO;
using System.Linq;
using SslDsl.Data;
using static SslDsl.Datasets.Tests.DataTestSupport;
using static SslDsl.Datasets.Tests.NiftiTestFiles;

namespace SslDsl.Datasets.Tests;

public class NiftiTests
{
    // Expected voxel values below were read independently from the ORIGINAL files of Debian's mricron-data
    // 1.2.20211006+dfsg-4 (not from the fixtures) with python3 (gzip + struct, offset vox_offset + bytes * (x + nx (y + ny z)))
    // and cross-checked with `zcat FILE | od -t u1/-t d2/-t f4 -j OFFSET`. The fixtures keep every 4th (ch2, aal) or
    // 8th (inia19) voxel, so original voxel (x, y, z) is fixture voxel (x / step, y / step, z / step).
    [Fact]
    public void ReadsTheCh2FixtureHeaderAndVoxels()
    {
        NiftiVolume volume = Nifti.Read(Fixture("ch2-step4.nii.gz"));

        Assert.Equal(new[] { 46, 55, 46 }, volume.Header.Dims);
        Assert.Equal(NiftiDataType.UInt8, volume.Header.DataType);
        Assert.Equal(8, volume.Header.BitsPerVoxel);
        Assert.False(volume.Header.BigEndian);
        Assert.Equal(352, volume.Header.VoxOffset);
        Assert.Equal("n+1", volume.Header.Magic);
        Assert.Equal("spm - algebra", volume.Header.Description);
        Assert.Equal(4, volume.Header.SformCode);
        Assert.Equal(new[] { 4f, 4f, 4f }, volume.Header.VoxelSizes);
        Assert.Equal(new[] { 4f, 0f, 0f, -90f, 0f, 4f, 0f, -125f, 0f, 0f, 4f, -71f }, volume.Header.Sform);
        Assert.Equal(1f, volume.Header.ScaleSlope);
        Assert.False(volume.Header.HasScaling);
        Assert.Equal(46 * 55 * 46, volume.Data.Length);

        Assert.Equal(31f, volume[22, 27, 22]);   // original (88, 108, 88)
        Assert.Equal(100f, volume[25, 30, 15]);  // original (100, 120, 60)
        Assert.Equal(75f, volume[10, 25, 25]);   // original (40, 100, 100)
        Assert.Equal(88f, volume[23, 20, 30]);   // original (92, 80, 120)
        Assert.Equal(0f, volume[0, 0, 0]);
        Assert.Equal(0f, volume[45, 54, 45]);    // original (180, 216, 180)
    }

    [Fact]
    public void ReadsTheAalFixture()
    {
        NiftiVolume atlas = Nifti.Read(Fixture("aal-step4.nii.gz"));

        Assert.Equal(new[] { 46, 55, 46 }, atlas.Header.Dims);
        Assert.Equal(77f, atlas[22, 27, 22]);   // original (88, 108, 88)
        Assert.Equal(0f, atlas[25, 30, 15]);    // original (100, 120, 60)
        Assert.Equal(63f, atlas[10, 25, 25]);   // original (40, 100, 100)
        Assert.Equal(44f, atlas[30, 15, 20]);   // original (120, 60, 80)
        Assert.True(atlas.Data.All(v => v >= 0 && v <= 116 && v == MathF.Floor(v)));
    }

    [Fact]
    public void ReadsRealFloat32Data()
    {
        NiftiVolume volume = Nifti.Read(Fixture("inia19-t1-step8.nii.gz"));

        Assert.Equal(NiftiDataType.Float32, volume.Header.DataType);
        Assert.Equal(new[] { 21, 26, 16 }, volume.Header.Dims);
        Assert.Equal(97.75858306884766f, volume[10, 13, 8]);  // original (80, 104, 64)
        Assert.Equal(103.6961669921875f, volume[11, 12, 7]);  // original (88, 96, 56)
        Assert.Equal(106.23548126220703f, volume[8, 15, 9]);  // original (64, 120, 72)
    }

    [Fact]
    public void SkipsHeaderExtensionsUpToVoxOffsetInRealInt16Data()
    {
        NiftiVolume volume = Nifti.Read(Fixture("inia19-neuromaps-step8.nii.gz"));

        Assert.Equal(NiftiDataType.Int16, volume.Header.DataType);
        Assert.Equal(32976, volume.Header.VoxOffset);
        Assert.Equal(497f, volume[10, 13, 8]);   // original (80, 104, 64)
        Assert.Equal(1281f, volume[11, 12, 7]);  // original (88, 96, 56)
        Assert.Equal(97f, volume[8, 15, 9]);     // original (64, 120, 72)
        Assert.Equal(153f, volume[6, 13, 8]);    // original (48, 104, 64)
    }

    [Fact]
    public void ReadHeaderAloneMatchesTheFullRead()
    {
        NiftiHeader header = Nifti.ReadHeader(Fixture("inia19-neuromaps-step8.nii.gz"));

        Assert.Equal(new[] { 21, 26, 16 }, header.Dims);
        Assert.Equal(21L * 26 * 16, header.VoxelCount);
    }

    [Fact]
    public void ToTensorIsZYXInFileOrder()
    {
        NiftiVolume volume = Nifti.Read(Fixture("ch2-step4.nii.gz"));
        using var tensor = volume.ToTensor();

        Assert.Equal(new long[] { 46, 55, 46 }, tensor.shape);
        Assert.Equal(31f, tensor[22, 27, 22].item<float>());
        Assert.Equal(88f, tensor[30, 20, 23].item<float>());
    }

    public static TheoryData<NiftiDataType, bool, bool> TypeOrderCompression()
    {
        var data = new TheoryData<NiftiDataType, bool, bool>();
        foreach (var type in new[]
        {
            NiftiDataType.UInt8, NiftiDataType.Int8, NiftiDataType.Int16, NiftiDataType.UInt16, NiftiDataType.Int32,
            NiftiDataType.UInt32, NiftiDataType.Int64, NiftiDataType.UInt64, NiftiDataType.Float32, NiftiDataType.Float64,
        })
        {
            data.Add(type, false, false);
            data.Add(type, true, false);
            data.Add(type, false, true);
            data.Add(type, true, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypeOrderCompression))]
    public void ReadsEveryDataTypeInBothByteOrders(NiftiDataType type, bool bigEndian, bool gzip)
    {
        double[] values = type switch
        {
            NiftiDataType.UInt8 => new double[] { 0, 1, 127, 200, 255, 3 },
            NiftiDataType.Int8 => new double[] { -128, -1, 0, 1, 127, 5 },
            NiftiDataType.Int16 => new double[] { -32768, -300, 0, 1, 32767, 258 },
            NiftiDataType.UInt16 => new double[] { 0, 1, 258, 40000, 65535, 7 },
            NiftiDataType.Int32 => new double[] { -16777216, -70000, 0, 1, 16777216, 65539 },
            NiftiDataType.UInt32 => new double[] { 0, 1, 70000, 16777216, 4026531840, 9 },
            NiftiDataType.Int64 => new double[] { -16777216, -1, 0, 1, 1099511627776, 11 },
            NiftiDataType.UInt64 => new double[] { 0, 1, 65536, 16777216, 1099511627776, 13 },
            NiftiDataType.Float32 => new double[] { -1.5, 0, 0.25, 3.75, 1e-3, 12345.5 },
            _ => new double[] { -1.5, 0, 0.25, 3.75, 1e-3, -12345.5 },
        };
        byte[] file = Build(new[] { 3, 2, 1 }, type, Encode(type, values, bigEndian), bigEndian);
        using var temp = new TempFolder();
        string path = temp.File(gzip ? "img.nii.gz" : "img.nii", gzip ? Gzip(file) : file);

        NiftiVolume volume = Nifti.Read(path);

        Assert.Equal(bigEndian, volume.Header.BigEndian);
        Assert.Equal(type, volume.Header.DataType);
        Assert.Equal(new[] { 3, 2, 1 }, volume.Header.Dims);
        Assert.Equal(values.Select(v => (float)v).ToArray(), volume.Data);
        Assert.Equal((float)values[4], volume[1, 1, 0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AppliesSlopeAndIntercept(bool bigEndian)
    {
        byte[] payload = Encode(NiftiDataType.Int16, new double[] { -2, 0, 10, 300 }, bigEndian);
        byte[] file = Build(new[] { 4 }, NiftiDataType.Int16, payload, bigEndian, slope: 0.5f, intercept: -3f);

        NiftiVolume volume = Nifti.Read(new MemoryStream(file), "scaled.nii");

        Assert.True(volume.Header.HasScaling);
        Assert.Equal(new[] { -4f, -3f, 2f, 147f }, volume.Data);
    }

    [Fact]
    public void ZeroSlopeMeansNoScaling()
    {
        byte[] file = Build(new[] { 3 }, NiftiDataType.UInt8, new byte[] { 1, 2, 3 }, slope: 0f, intercept: 100f);

        NiftiVolume volume = Nifti.Read(new MemoryStream(file), "unscaled.nii");

        Assert.False(volume.Header.HasScaling);
        Assert.Equal(new[] { 1f, 2f, 3f }, volume.Data);
    }

    [Fact]
    public void SkipsBytesBetweenHeaderAndVoxOffset()
    {
        byte[] file = Build(new[] { 2, 2 }, NiftiDataType.UInt8, new byte[] { 9, 8, 7, 6 }, voxOffset: 400);
        file.AsSpan(352, 48).Fill(0xAB);

        NiftiVolume volume = Nifti.Read(new MemoryStream(file), "extended.nii");

        Assert.Equal(new[] { 9f, 8f, 7f, 6f }, volume.Data);
        Assert.Equal(6f, volume[1, 1, 0]);
    }

    [Fact]
    public void FourDimensionalVolumesKeepTheirTimePoints()
    {
        byte[] file = Build(new[] { 2, 1, 1, 3 }, NiftiDataType.UInt8, new byte[] { 1, 2, 3, 4, 5, 6 });

        NiftiVolume volume = Nifti.Read(new MemoryStream(file), "4d.nii");
        using var tensor = volume.ToTensor();

        Assert.Equal(3, volume.SizeT);
        Assert.Equal(5f, volume[0, 0, 0, 2]);
        Assert.Equal(new long[] { 3, 1, 1, 2 }, tensor.shape);
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Nifti.Read("/nonexistent/brain.nii.gz"));
        Assert.Contains("/nonexistent/brain.nii.gz", ex.Message);
    }

    private static InvalidDataException Rejects(byte[] file, string name = "bad.nii")
    {
        using var temp = new TempFolder();
        string path = temp.File(name, file);
        var ex = Assert.Throws<InvalidDataException>(() => Nifti.Read(path));
        Assert.Contains(path, ex.Message);
        return ex;
    }

    [Fact]
    public void RejectsNonNiftiData()
    {
        var ex = Rejects(new byte[400]);
        Assert.Contains("not a NIfTI-1 file", ex.Message);
        Assert.Contains("expected 348", ex.Message);
    }

    [Fact]
    public void RejectsNifti2()
    {
        var ex = Rejects(Build(new[] { 2 }, NiftiDataType.UInt8, new byte[] { 1, 2 }, sizeofHdr: 540));
        Assert.Contains("NIfTI-2", ex.Message);
    }

    [Fact]
    public void RejectsTwoFilePairs()
    {
        var ex = Rejects(Build(new[] { 2 }, NiftiDataType.UInt8, new byte[] { 1, 2 }, magic: "ni1"), "bad.hdr");
        Assert.Contains("'ni1'", ex.Message);
        Assert.Contains(".img", ex.Message);
    }

    [Fact]
    public void RejectsAnalyzeFilesWithoutMagic()
    {
        var ex = Rejects(Build(new[] { 2 }, NiftiDataType.UInt8, new byte[] { 1, 2 }, magic: "\0\0\0\0"));
        Assert.Contains("wrong magic", ex.Message);
    }

    [Theory]
    [InlineData(NiftiDataType.Complex64, "Complex64")]
    [InlineData(NiftiDataType.Rgb24, "Rgb24")]
    [InlineData(NiftiDataType.Binary, "Binary")]
    [InlineData((NiftiDataType)999, "unknown code")]
    public void RejectsUnsupportedDataTypes(NiftiDataType type, string named)
    {
        var ex = Rejects(Build(new[] { 2 }, type, new byte[16], bitpix: 8));
        Assert.Contains($"unsupported datatype {(short)type}", ex.Message);
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void RejectsBitpixThatDisagreesWithTheDataType()
    {
        var ex = Rejects(Build(new[] { 2 }, NiftiDataType.Int16, new byte[4], bitpix: 8));
        Assert.Contains("bitpix = 8", ex.Message);
    }

    [Fact]
    public void RejectsTruncatedVoxelData()
    {
        var ex = Rejects(Gzip(Build(new[] { 4, 4 }, NiftiDataType.Float32, new byte[10])), "short.nii.gz");
        Assert.Contains("truncated voxel data", ex.Message);
        Assert.Contains("needs 64 bytes", ex.Message);
    }

    [Fact]
    public void RejectsATruncatedHeader()
    {
        byte[] file = Build(new[] { 2 }, NiftiDataType.UInt8, new byte[2]).AsSpan(0, 200).ToArray();
        var ex = Rejects(file);
        Assert.Contains("truncated header", ex.Message);
    }

    [Fact]
    public void RejectsAVoxOffsetInsideTheHeader()
    {
        byte[] file = Build(new[] { 2 }, NiftiDataType.UInt8, new byte[2]);
        BitConverter.GetBytes(100f).CopyTo(file, 108);
        var ex = Rejects(file);
        Assert.Contains("vox_offset = 100", ex.Message);
    }

    [Fact]
    public void RejectsMoreThanFourDimensions()
    {
        var ex = Rejects(Build(new[] { 1, 1, 1, 1, 2 }, NiftiDataType.UInt8, new byte[2]));
        Assert.Contains("dim[5] = 2", ex.Message);
    }

    [Fact]
    public void RejectsZeroSizedDimensions()
    {
        var ex = Rejects(Build(new[] { 2, 0 }, NiftiDataType.UInt8, new byte[2]));
        Assert.Contains("dim[2] = 0", ex.Message);
    }

    [Fact]
    public void RejectsCorruptGzip()
    {
        byte[] gz = Gzip(Build(new[] { 64 }, NiftiDataType.UInt8, new byte[64]));
        for (int i = 12; i < gz.Length - 8; i++)
        {
            gz[i] ^= 0x5A;
        }

        var ex = Rejects(gz, "corrupt.nii.gz");
        Assert.Contains("NIfTI file", ex.Message);
    }
}
