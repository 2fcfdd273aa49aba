using System;
using System.IO;
using System.Linq;
using SslDsl.Data;
using TorchSharp;
using static SslDsl.Datasets.Tests.NiftiTestFiles;

namespace SslDsl.Datasets.Tests;

public class MriSlicesTests
{
    // Expected numbers for the fixture (ch2 and AAL, every 4th voxel: 46 x 55 x 46) were computed independently with
    // python3 (standard library) from the fixture bytes: 0.5th / 99.5th percentiles 0 and 178 (linear interpolation),
    // 43 slices (z = 0..42) with at least 5 % of voxels above 0.1 after scaling, and the most frequent non-zero AAL label
    // of slices z = 10, 22, 30: 92 (90 voxels), 82 (45 voxels), 61 (64 voxels).
    [Fact]
    public void CutsScalesAndLabelsTheAxialSlicesOfTheFixture()
    {
        NiftiVolume volume = Nifti.Read(Fixture("ch2-step4.nii.gz"));
        NiftiVolume atlas = Nifti.Read(Fixture("aal-step4.nii.gz"));

        using MriSliceSet slices = MriSlices.Axial(volume, atlas);

        Assert.Equal(0f, slices.IntensityLow);
        Assert.Equal(178f, slices.IntensityHigh);
        Assert.Equal(43, slices.Count);
        Assert.Equal(Enumerable.Range(0, 43), slices.SliceIndices);
        Assert.Equal(new long[] { 43, 1, 55, 46 }, slices.Images.shape);
        Assert.Equal(torch.ScalarType.Float32, slices.Images.dtype);
        Assert.True(slices.Images.min().item<float>() >= 0f);
        Assert.Equal(1f, slices.Images.max().item<float>());
        Assert.NotNull(slices.AtlasLabels);
        Assert.Equal(92, slices.AtlasLabels![10]);
        Assert.Equal(82, slices.AtlasLabels[22]);
        Assert.Equal(61, slices.AtlasLabels[30]);
        Assert.Equal(slices.AtlasLabels.Select(l => (long)l), slices.Labels.data<long>().ToArray());

        // Row 0 is the largest y (anterior), column = x: fixture voxel (22, 27, 22) = 31 sits at row 54 - 27.
        Assert.Equal(31f / 178f, slices.Images[22, 0, 54 - 27, 22].item<float>(), 6);
        Assert.Equal(88f / 178f, slices.Images[30, 0, 54 - 20, 23].item<float>(), 6);
    }

    [Fact]
    public void WithoutAnAtlasTheLabelsAreSliceIndices()
    {
        NiftiVolume volume = Nifti.Read(Fixture("ch2-step4.nii.gz"));

        using MriSliceSet slices = MriSlices.Axial(volume, options: new MriSliceOptions { SliceStep = 5 });

        Assert.Null(slices.AtlasLabels);
        Assert.Equal(new[] { 0, 5, 10, 15, 20, 25, 30, 35, 40 }, slices.SliceIndices);
        Assert.Equal(new long[] { 0, 5, 10, 15, 20, 25, 30, 35, 40 }, slices.Labels.data<long>().ToArray());
    }

    [Fact]
    public void SkipsNearEmptySlices()
    {
        NiftiVolume volume = Nifti.Read(Fixture("ch2-step4.nii.gz"));

        using MriSliceSet slices = MriSlices.Axial(volume, options: new MriSliceOptions { MinForegroundFraction = 0.3 });

        Assert.InRange(slices.Count, 1, 42);
        Assert.DoesNotContain(45, slices.SliceIndices);
        using var foreground = slices.Images.gt(0.1).to_type(torch.ScalarType.Float32).mean(new long[] { 1, 2, 3 });
        Assert.True(foreground.min().item<float>() >= 0.3f);
    }

    [Fact]
    public void ResizesToASquareKeepingTheAspectRatio()
    {
        NiftiVolume volume = Nifti.Read(Fixture("ch2-step4.nii.gz"));

        using MriSliceSet slices = MriSlices.Axial(volume, options: new MriSliceOptions { Size = 32 });

        Assert.Equal(new long[] { 43, 1, 32, 32 }, slices.Images.shape);
        Assert.True(slices.Images.min().item<float>() >= 0f);
        Assert.True(slices.Images.max().item<float>() <= 1f);
        // 55 rows x 46 columns padded to 55 x 55: the leftmost and rightmost columns are padding.
        Assert.Equal(0f, slices.Images[.., .., .., 0].abs().max().item<float>());
    }

    [Fact]
    public void RejectsAnAtlasOnAnotherGrid()
    {
        NiftiVolume volume = Nifti.Read(Fixture("ch2-step4.nii.gz"));
        NiftiVolume atlas = Nifti.Read(Fixture("inia19-neuromaps-step8.nii.gz"));

        var ex = Assert.Throws<ArgumentException>(() => MriSlices.Axial(volume, atlas));

        Assert.Contains("inia19-neuromaps-step8.nii.gz", ex.Message);
        Assert.Contains("[21, 26, 16]", ex.Message);
        Assert.Contains("[46, 55, 46]", ex.Message);
    }

    [Fact]
    public void RejectsNonIntegerAtlasLabels()
    {
        NiftiVolume volume = Nifti.Read(Fixture("inia19-t1-step8.nii.gz"));

        var ex = Assert.Throws<InvalidDataException>(() => MriSlices.Axial(volume, atlas: volume));

        Assert.Contains("inia19-t1-step8.nii.gz", ex.Message);
        Assert.Contains("whole numbers", ex.Message);
    }

    [Fact]
    public void RejectsAConstantVolume()
    {
        var volume = new NiftiVolume(Nifti.ReadHeader(Fixture("aal-step4.nii.gz")), new float[46 * 55 * 46]);

        var ex = Assert.Throws<ArgumentException>(() => MriSlices.Axial(volume));

        Assert.Contains("constant", ex.Message);
    }

    [Fact]
    public void RejectsWhenEverySliceIsEmpty()
    {
        NiftiVolume volume = Nifti.Read(Fixture("ch2-step4.nii.gz"));

        var ex = Assert.Throws<ArgumentException>(() => MriSlices.Axial(volume, options: new MriSliceOptions { MinForegroundFraction = 1 }));

        Assert.Contains("no axial slice", ex.Message);
    }

    [Fact]
    public void RejectsBadOptions()
    {
        NiftiVolume volume = Nifti.Read(Fixture("ch2-step4.nii.gz"));

        Assert.Throws<ArgumentOutOfRangeException>(() => MriSlices.Axial(volume, options: new MriSliceOptions { LowerPercentile = 60, UpperPercentile = 50 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MriSlices.Axial(volume, options: new MriSliceOptions { Size = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MriSlices.Axial(volume, options: new MriSliceOptions { SliceStep = 0 }));
    }

    [Fact]
    public void BrainMriLoadsFromAFolderAndExplainsMissingData()
    {
        using var temp = new TempFolder();
        File.Copy(Fixture("ch2-step4.nii.gz"), Path.Combine(temp.Path, BrainMri.T1File));
        File.Copy(Fixture("aal-step4.nii.gz"), Path.Combine(temp.Path, BrainMri.AalFile));

        using (MriSliceSet slices = BrainMri.LoadAxialSlices(temp.Path))
        {
            Assert.Equal(43, slices.Count);
            Assert.Contains("aal.nii.gz", slices.Name);
        }

        var missingFile = Assert.Throws<FileNotFoundException>(() => BrainMri.LoadAxialSlices(temp.Path, atlasFile: BrainMri.BrodmannFile));
        Assert.Contains(Path.Combine(temp.Path, "brodmann.nii.gz"), missingFile.Message);
        Assert.Contains("mricron-data", missingFile.Message);
        Assert.DoesNotContain("samples/", missingFile.Message);

        var missingFolder = Assert.Throws<DirectoryNotFoundException>(() => BrainMri.LoadAxialSlices(Path.Combine(temp.Path, "nowhere")));
        Assert.Contains(Path.Combine(temp.Path, "nowhere"), missingFolder.Message);
        Assert.Contains("holds ch2.nii.gz and aal.nii.gz", missingFolder.Message);
        Assert.Contains("mricron-data", missingFolder.Message);
        Assert.DoesNotContain("samples/", missingFolder.Message);
    }

    [Fact]
    public void ReadsLabelNames()
    {
        using var temp = new TempFolder();
        string path = temp.File("aal.nii.txt", System.Text.Encoding.ASCII.GetBytes("1 Precentral_L 2001\n2 Precentral_R 2002\n\n116 Vermis_10 9170\n"));

        var names = BrainMri.ReadLabelNames(path);

        Assert.Equal(3, names.Count);
        Assert.Equal("Precentral_L", names[1]);
        Assert.Equal("Vermis_10", names[116]);

        string bad = temp.File("bad.txt", System.Text.Encoding.ASCII.GetBytes("1 A\nx B\n"));
        var ex = Assert.Throws<InvalidDataException>(() => BrainMri.ReadLabelNames(bad));
        Assert.Contains("line 2", ex.Message);
        Assert.Contains(bad, ex.Message);
    }
}
