using System.IO.Compression;

namespace SslDsl.Package.Tests;

/// <summary>The packed SslDsl package, used the way a NuGet consumer uses it.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class PackageConsumerTests
{
    private const string ValidProgram = """
        using SslDsl;
        using TorchSharp;

        using var trainer = Tiny.CreateTrainer();
        using var images = torch.rand(64, 1, 8, 8);
        var report = trainer.Fit(images, epochs: 1);
        Console.WriteLine($"TRAINED steps={report.Steps} finite={double.IsFinite(report.Epochs[0].Loss)}");

        [SslExperiment]
        [ImageInput(Channels = 1, Height = 8, Width = 8)]
        [ConvNet(Widths = new[] { 16, 16 })]
        [Projector(Hidden = 16, Output = 8)]
        [Views(2)]
        [RandomResizedCrop(MinScale = 0.5)]
        [HorizontalFlip]
        [SimClr(Temperature = 0.5)]
        [Training(BatchSize = 16, Epochs = 1)]
        public partial class Tiny { }
        """;

    private readonly PackedPackage package;

    public PackageConsumerTests(PackedPackage package) => this.package = package;

    [Fact]
    public void PackageCarriesRuntimeGeneratorAnalyzersCodeFixesAndTargets()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("lib/net10.0/SslDsl.dll", entries);
        Assert.Contains("lib/net8.0/SslDsl.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SslDsl.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SslDsl.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SslDsl.CodeFixes.dll", entries);
        Assert.Contains("buildTransitive/SslDsl.targets", entries);
        Assert.Contains("buildTransitive/SslDsl.Native.targets", entries);
        Assert.Contains("buildTransitive/WeakenElfVersionNeeds.cs", entries);
        string nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open()).ReadToEnd();
        Assert.Contains("id=\"TorchSharp\"", nuspec);
        Assert.Contains("id=\"libtorch-cpu-linux-x64\"", nuspec);
        Assert.DoesNotContain("SslDsl.Generators\"", nuspec); // analyzers are inside, not dependencies
        // Plotting and dataset readers are satellite packages: the core brings neither them nor their dependencies.
        Assert.DoesNotContain("ScottPlot", nuspec);
        Assert.DoesNotContain("SkiaSharp", nuspec);
        Assert.DoesNotContain(entries, e => e.Contains("SslDsl.Datasets", StringComparison.Ordinal) || e.Contains("SslDsl.Plots", StringComparison.Ordinal));
    }

    [Fact]
    public void ConsumerBuildsRunsAGeneratedTrainerAndLoadsTorchSharp()
    {
        string dir = package.CreateConsumer(ValidProgram);
        Dotnet.Result run = Dotnet.Run(dir, "run -c Release").AssertSucceeded("dotnet run of the consumer");
        Assert.Contains("TRAINED steps=4 finite=True", run.Output);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// .NET 8 (LTS) consumers compile against lib/net8.0 with the generator and analyzers. This machine has only the
    /// .NET 10 runtime, so the net8.0 program is built, not run.
    /// </summary>
    [Fact]
    public void Net8ConsumerBuildsAgainstTheNet8Library()
    {
        string dir = package.CreateConsumer(ValidProgram, "net8.0");
        // The program calls the generated Tiny.CreateTrainer(): the build succeeds only if the generator ran.
        Dotnet.Run(dir, "build -c Release").AssertSucceeded("dotnet build of the net8.0 consumer");
        string assets = File.ReadAllText(Path.Combine(dir, "obj", "project.assets.json"));
        Assert.Contains("lib/net8.0/SslDsl.dll", assets);
        Assert.True(File.Exists(Path.Combine(dir, "bin", "Release", "net8.0", "SslDsl.dll")));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void InvalidExperimentFailsTheConsumerBuildWithItsDiagnostic()
    {
        string dir = package.CreateConsumer(ValidProgram.Replace("Temperature = 0.5", "Temperature = -0.1"));
        Dotnet.Result build = Dotnet.Run(dir, "build -c Release");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error SSL0006", build.Output);
        Assert.Contains("[SimClr] Temperature = -0.1 is out of range", build.Output);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The README's way to apply the code fixes without an IDE: dotnet format with the package's fixers.</summary>
    [Fact]
    public void DotnetFormatAppliesThePackagesCodeFixes()
    {
        string broken = ValidProgram
            .Replace("public partial class Tiny", "public class Tiny")
            .Replace("[SimClr(Temperature = 0.5)]", "[MoCo(Version = 2, QueueSize = 100)]");
        string dir = package.CreateConsumer(broken);
        Dotnet.Run(dir, "restore").AssertSucceeded("dotnet restore of the consumer");

        Dotnet.Run(dir, "format analyzers --diagnostics SSL0001 SSL0007 --severity error", msbuild: false).AssertSucceeded("dotnet format");

        string fixedProgram = File.ReadAllText(Path.Combine(dir, "Program.cs"));
        Assert.Contains("public partial class Tiny", fixedProgram);
        Assert.Contains("[MoCo(Version = 2, QueueSize = 112)]", fixedProgram); // rounded up to a multiple of BatchSize 16
        Directory.Delete(dir, recursive: true);
    }
}
