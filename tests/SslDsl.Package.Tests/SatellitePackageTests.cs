using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace SslDsl.Package.Tests;

/// <summary>The satellite packages SslDsl.Datasets and SslDsl.Plots, used the way a NuGet consumer uses them.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class SatellitePackageTests
{
    private readonly PackedPackage package;

    public SatellitePackageTests(PackedPackage package) => this.package = package;

    [Theory]
    [InlineData("SslDsl.Datasets")]
    [InlineData("SslDsl.Plots")]
    public void SatelliteCarriesItsLibraryAndDependsOnSslDslOfTheSameVersion(string id)
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PathOf(id));
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net8.0/{id}.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) || e.EndsWith("/SslDsl.dll", StringComparison.Ordinal));
        string nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open()).ReadToEnd();
        Assert.Contains($"<id>{id}</id>", nuspec);
        Assert.Contains($"<version>{package.Version}</version>", nuspec);
        string dependency = Regex.Match(nuspec, "<dependency id=\"SslDsl\"[^>]*>").Value;
        Assert.Contains($"version=\"{package.Version}\"", dependency);
        // A consumer of the satellite alone still gets SslDsl's native-library fix (buildTransitive) and its generator.
        Assert.DoesNotContain("exclude=", dependency);
        Assert.Equal(id == "SslDsl.Plots", nuspec.Contains("id=\"ScottPlot\"", StringComparison.Ordinal));
        Assert.Equal(id == "SslDsl.Plots", nuspec.Contains("id=\"SkiaSharp.NativeAssets.Linux\"", StringComparison.Ordinal));
    }

    /// <summary>Only SslDsl.Datasets is referenced: SslDsl, TorchSharp and the native-library fix come through it.</summary>
    [Fact]
    public void DatasetsConsumerReadsTheFashionMnistFixture()
    {
        string fixture = Path.Combine(package.Root, "tests", "fixtures", "fashion-mnist");
        string dir = package.CreateConsumer($$"""
            using SslDsl.Data;
            using TorchSharp;

            string folder = @"{{fixture}}";
            using ImageDataset data = FashionMnist.LoadSplit(
                Path.Combine(folder, "fixture-images-idx3-ubyte.gz"), Path.Combine(folder, "fixture-labels-idx1-ubyte.gz"), "fixture");
            long[] labels = data.LabelArray();
            string counts = string.Join(",", Enumerable.Range(0, FashionMnist.ClassCount).Select(c => labels.Count(l => l == c)));
            long sum = data.Images.to_type(torch.ScalarType.Int64).sum().item<long>();
            Console.WriteLine($"READ {data.Count} [{string.Join(", ", data.Images.shape)}] {data.Images.dtype} counts={counts} sum={sum}");
            """, package: "SslDsl.Datasets");

        Dotnet.Result run = Dotnet.Run(dir, "run -c Release").AssertSucceeded("dotnet run of the SslDsl.Datasets consumer");

        // The reference: the pixels of the gzipped IDX file after its 16-byte header, summed without SslDsl.
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(fixture, "fixture-images-idx3-ubyte.gz")), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gzip.CopyTo(raw);
        long expectedSum = raw.ToArray().Skip(16).Sum(b => (long)b);
        Assert.Contains($"READ 300 [300, 1, 28, 28] Byte counts=32,33,31,29,29,31,33,30,27,25 sum={expectedSum}", run.Output);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>Only SslDsl.Plots is referenced: ScottPlot, SkiaSharp and its Linux native library come with it.</summary>
    [Fact]
    public void PlotsConsumerWritesALossCurvePng()
    {
        string dir = Directory.CreateTempSubdirectory("ssldsl-plot-").FullName;
        string png = Path.Combine(dir, "loss.png");
        string consumer = package.CreateConsumer($$"""
            using SkiaSharp;
            using SslDsl.Plots;

            IReadOnlyList<double> steps = Enumerable.Range(0, 50).Select(i => (double)i).ToList();
            IReadOnlyList<double> loss = steps.Select(s => 2.3 * Math.Exp(-s / 15) + 0.1).ToList();
            string written = ConvergencePlot.Save(@"{{png}}", "SimCLR loss", new[] { ("train", steps, loss) }, "step", "loss", width: 320, height: 200);
            using SKBitmap bitmap = SKBitmap.Decode(written);
            Console.WriteLine($"PLOTTED {bitmap.Width}x{bitmap.Height} colours={bitmap.Pixels.Distinct().Count()}");
            """, package: "SslDsl.Plots");

        Dotnet.Result run = Dotnet.Run(consumer, "run -c Release").AssertSucceeded("dotnet run of the SslDsl.Plots consumer");

        Assert.Contains("PLOTTED 320x200 colours=", run.Output);
        int colours = int.Parse(run.Output.Split("colours=")[1].Split('\n')[0].Trim());
        Assert.True(colours > 2, $"the plot has {colours} colour(s): nothing drawn");
        AssertPng(File.ReadAllBytes(png), 320, 200);
        Directory.Delete(consumer, recursive: true);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>Signature, IHDR first with the size, every chunk inside the file, IDAT present, IEND last.</summary>
    private static void AssertPng(byte[] file, int width, int height)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, file[..8]);
        var chunks = new List<string>();
        int offset = 8;
        while (offset + 12 <= file.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            Assert.InRange(length, 0, file.Length - offset - 12);
            string type = Encoding.ASCII.GetString(file, offset + 4, 4);
            if (chunks.Count == 0)
            {
                Assert.Equal("IHDR", type);
                Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset + 8)));
                Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset + 12)));
            }

            chunks.Add(type);
            offset += 12 + length;
        }

        Assert.Equal(file.Length, offset);
        Assert.Contains("IDAT", chunks);
        Assert.Equal("IEND", chunks[^1]);
    }
}
