using System.IO.Compression;
using System.Text.Json;
using SslDsl.Data;
using SslDsl.Datasets.Tests;

namespace SslDsl.Generators.Tests;

/// <summary>
/// The brain-MRI sample, run as a user runs it but on the 4 mm ch2/AAL fixture upsampled to 2 mm (92 × 110 × 92; a 4-slice
/// midline gap, so that enough 28 × 28 patches fit on each side for a batch of 128) and the 300-image Fashion-MNIST fixture, for one epoch
/// per pretraining: every variant — random init, Fashion-MNIST only, continued on MRI with the medical
/// augmentations, the generic pipeline, MAE — must still be pretrained, probed and reported, so the sample cannot rot
/// between its measured runs. Needs the solution built in Release (tests/run.sh does that first).
/// </summary>
public sealed class BrainMriSmokeTests : IDisposable
{
    private static readonly string[] Variants =
    {
        "random init (CNN)", "Fashion-MNIST only", "Fashion-MNIST → MRI, medical augmentations", "MRI, generic image pipeline", "random init (ViT)", "MRI, MAE (ViT)", "raw pixels",
    };

    private static readonly string[] Pretrainings = { "fashion-mnist-only", "fashion-mnist-then-mri-medical", "mri-generic", "mri-mae" };

    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-brain-mri-smoke-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheSampleComparesEveryVariantOnTheFixture()
    {
        string output = Path.Combine(folder, "out");
        string data = WriteUpsampledFixture();

        (int exitCode, string stdout, string stderr) = await Launch(data, output, "--fashion-epochs", "1", "--mri-epochs", "1", "--fashion-images", "256", "--stride", "8", "--gap", "4", "--slice-step", "3", "--seed", "0");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{stdout}\n{stderr}");
        JsonElement result = SampleProcess.Result(stdout);
        Assert.Equal(256, result.GetProperty("fashion_images").GetInt32());
        int train = result.GetProperty("train_patches").GetInt32(), test = result.GetProperty("test_patches").GetInt32();
        Assert.True(train >= 128 && test > 0, $"{train} training and {test} test patches");
        Assert.Equal(train, result.GetProperty("train_class_counts").EnumerateArray().Sum(c => c.GetInt32()));
        Assert.Equal(8, result.GetProperty("test_class_counts").GetArrayLength());

        JsonElement[] rows = result.GetProperty("variants").EnumerateArray().ToArray();
        Assert.Equal(Variants, rows.Select(r => r.GetProperty("variant").GetString()));
        foreach (JsonElement row in rows)
        {
            foreach (string key in new[] { "linear_probe_top1_1pct", "linear_probe_top1_10pct", "linear_probe_top1", "knn_top1" })
            {
                Assert.InRange(row.GetProperty(key).GetDouble(), 0, 1);
            }
        }

        // One kNN reading per epoch; the continued variant's curve carries the Fashion-MNIST epoch before its own.
        Assert.Equal(1, rows[1].GetProperty("knn_per_epoch").GetArrayLength());
        Assert.Equal(2, rows[2].GetProperty("knn_per_epoch").GetArrayLength());
        Assert.True(rows[2].GetProperty("pretrain_seconds").GetDouble() > rows[1].GetProperty("pretrain_seconds").GetDouble());

        foreach (string pretraining in Pretrainings)
        {
            string report = Path.Combine(output, $"brain-mri-{pretraining}-report");
            foreach (string file in new[] { "report.md", "report.json", "loss.png" })
            {
                Assert.True(File.Exists(Path.Combine(report, file)), $"{file} is missing from {report}: {string.Join(", ", Directory.Exists(report) ? Directory.GetFiles(report).Select(Path.GetFileName) : Array.Empty<string>())}");
            }

            JsonElement json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json"))).RootElement;
            Assert.Equal(3, json.GetProperty("linear_probes").GetArrayLength()); // 1 %, 10 % and all labels
        }

        Assert.True(File.Exists(Path.Combine(output, "brain-mri-convergence.png")));
        Assert.Contains("| MRI, MAE (ViT) |", File.ReadAllText(Path.Combine(output, "brain-mri-tables.md")));
        Assert.Equal(result.GetRawText(), File.ReadAllText(Path.Combine(output, "brain-mri-result.json"))); // the RESULT line, also on disk
    }

    [Fact]
    public async Task AMissingMriFolderNamesTheFetchScript()
    {
        (int exitCode, string stdout, string stderr) = await Launch(Path.Combine(folder, "no-such-folder"), Path.Combine(folder, "out"));

        Assert.NotEqual(0, exitCode);
        string said = stdout + stderr;
        Assert.Contains("no-such-folder", said);
        Assert.Contains("samples/scripts/fetch-brain-mri.sh", said);
    }

    /// <summary>
    /// ch2.nii.gz and aal.nii.gz as the sample expects them: the 4 mm fixtures with every voxel repeated twice along x,
    /// y and z (nearest neighbour: atlas labels stay whole), written by the NIfTI test writer and read back.
    /// </summary>
    private string WriteUpsampledFixture()
    {
        string data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        foreach ((string fixture, string name) in new[] { ("ch2-step4.nii.gz", BrainMri.T1File), ("aal-step4.nii.gz", BrainMri.AalFile) })
        {
            NiftiVolume small = Nifti.Read(NiftiTestFiles.Fixture(fixture));
            int nx = 2 * small.SizeX, ny = 2 * small.SizeY, nz = 2 * small.SizeZ;
            var voxels = new byte[nx * ny * nz];
            for (int z = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    for (int x = 0; x < nx; x++)
                    {
                        voxels[x + nx * (y + ny * z)] = checked((byte)small[x / 2, y / 2, z / 2]);
                    }
                }
            }

            string path = Path.Combine(data, name);
            using (FileStream file = File.Create(path))
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            {
                gzip.Write(NiftiTestFiles.Build(new[] { nx, ny, nz }, NiftiDataType.UInt8, voxels));
            }

            NiftiVolume written = Nifti.Read(path);
            Assert.Equal(small[10, 20, 15], written[21, 40, 31]);
        }

        return data;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Launch(string data, string output, params string[] arguments)
    {
        string fashion = Path.Combine(folder, "fashion-mnist");
        FashionMnistFixture.CopyTo(fashion);
        return SampleProcess.RunAsync("BrainMri", folder, new[] { "--data", data, "--fashion-mnist", fashion, "--output", output }.Concat(arguments));
    }
}
