using System.Diagnostics;
using System.Reflection;

namespace SslDsl.Package.Tests;

/// <summary>The consumer tests share one packing of every package (xunit runs the classes of a collection in turn).</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackagesCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "packed packages";
}

/// <summary>
/// Packs every package once (from the already built outputs) into a local folder feed with one unique version, so a
/// satellite package finds the SslDsl package it depends on in the same feed.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    /// <summary>The package ids, each packed from src/{id}/{id}.csproj.</summary>
    public static readonly string[] PackageIds = { "SslDsl", "SslDsl.Datasets", "SslDsl.Plots" };

    public PackedPackage()
    {
        Root = Metadata("RepositoryRoot");
        Feed = Directory.CreateTempSubdirectory("ssldsl-feed-").FullName;
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        foreach (string id in PackageIds)
        {
            Dotnet.Run(Root, $"pack src/{id}/{id}.csproj -c {Metadata("Configuration")} --no-build -o \"{Feed}\" -p:Version={Version}").AssertSucceeded($"dotnet pack {id}");
        }
    }

    public string Root { get; }
    public string Feed { get; }
    public string Version { get; }

    /// <summary>The SslDsl package.</summary>
    public string PackagePath => PathOf("SslDsl");

    /// <summary>The .nupkg of the package <paramref name="id"/> in the feed.</summary>
    public string PathOf(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>
    /// A consumer project in a fresh folder outside the repository, restoring <paramref name="package"/> (and what it
    /// depends on) from the feed.
    /// </summary>
    public string CreateConsumer(string programSource, string targetFramework = "net10.0", string package = "SslDsl")
    {
        string dir = Directory.CreateTempSubdirectory("ssldsl-consumer-").FullName;
        File.WriteAllText(Path.Combine(dir, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{package}" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), programSource);
        return dir;
    }

    public void Dispose()
    {
        Directory.Delete(Feed, recursive: true);
        // Keep the shared package cache free of test versions.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in PackageIds)
        {
            string extracted = Path.Combine(cache, id.ToLowerInvariant(), Version);
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }

    private static string Metadata(string key) =>
        typeof(PackedPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

/// <summary>Runs the dotnet CLI as a separate process (no MSBuild node reuse, so nothing lingers).</summary>
public static class Dotnet
{
    public sealed record Result(int ExitCode, string Output)
    {
        public Result AssertSucceeded(string what)
        {
            Assert.True(ExitCode == 0, $"{what} failed with exit code {ExitCode}:\n{Output}");
            return this;
        }
    }

    /// <param name="msbuild">Whether the command takes MSBuild switches (build, run, restore); dotnet format does not.</param>
    public static Result Run(string workingDirectory, string arguments, bool msbuild = true)
    {
        var start = new ProcessStartInfo("dotnet", msbuild ? arguments + " -nodeReuse:false" : arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout + stderr.Result);
    }
}
