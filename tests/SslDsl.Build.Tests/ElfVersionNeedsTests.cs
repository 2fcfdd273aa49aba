using System.Diagnostics;
using SslDsl.Build;

namespace SslDsl.Build.Tests;

/// <summary>The ELF version-need patch, on copies of TorchSharp's real native library.</summary>
public sealed class ElfVersionNeedsTests : IDisposable
{
    private static readonly HashSet<string> Glibcxx3432 = new() { "GLIBCXX_3.4.32" };
    private readonly string folder = Directory.CreateTempSubdirectory("ssldsl-elf-").FullName;

    /// <summary>The pristine library from the NuGet cache (read only; never written by these tests).</summary>
    private static string CachedLibrary()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's native library is not in the package cache at {path}");
        return path;
    }

    private string CopyOfLibrary()
    {
        string copy = Path.Combine(folder, "libLibTorchSharp.so");
        File.Copy(CachedLibrary(), copy, overwrite: true);
        return copy;
    }

    [Fact]
    public void PristineLibraryNeedsGlibcxx3432Strongly()
    {
        ElfVersionNeed need = ElfVersionNeeds.Read(File.ReadAllBytes(CachedLibrary())).Single(n => n.Name == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
    }

    [Fact]
    public void WeakenSetsOnlyTheWeakFlagOfThatEntry()
    {
        string path = CopyOfLibrary();
        byte[] before = File.ReadAllBytes(path);
        IReadOnlyList<string> weakened = ElfVersionNeeds.WeakenFile(path, Glibcxx3432);
        byte[] after = File.ReadAllBytes(path);

        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, weakened);
        Assert.Equal(before.Length, after.Length);
        int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        ElfVersionNeed need = ElfVersionNeeds.Read(after).Single(n => n.Name == "GLIBCXX_3.4.32");
        Assert.Equal(new[] { need.FlagsOffset }, changed); // one byte: the low byte of vna_flags
        Assert.Equal(ElfVersionNeeds.WeakFlag, need.Flags);
        Assert.All(ElfVersionNeeds.Read(after).Where(n => n.Name != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void WeakenIsIdempotent()
    {
        string path = CopyOfLibrary();
        ElfVersionNeeds.WeakenFile(path, Glibcxx3432);
        byte[] once = File.ReadAllBytes(path);
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        Assert.Empty(ElfVersionNeeds.WeakenFile(path, Glibcxx3432));
        Assert.Equal(once, File.ReadAllBytes(path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void WeakenKeepsTheTimestampAndReplacesTheInode()
    {
        string path = CopyOfLibrary();
        string link = Path.Combine(folder, "hardlink.so");
        Assert.Equal(0, Process.Start("ln", new[] { path, link })!.WaitForExitAndCode());
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        ElfVersionNeeds.WeakenFile(path, Glibcxx3432);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
        // The other name of the old inode (think: a hard-linked package cache) still has the strong need.
        Assert.False(ElfVersionNeeds.Read(File.ReadAllBytes(link)).Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
    }

    [Fact]
    public void ReadelfAgreesThatTheNeedIsWeak()
    {
        string path = CopyOfLibrary();
        ElfVersionNeeds.WeakenFile(path, Glibcxx3432);
        var readelf = Process.Start(new ProcessStartInfo("readelf", new[] { "-V", "--wide", path }) { RedirectStandardOutput = true })!;
        string output = readelf.StandardOutput.ReadToEnd();
        readelf.WaitForExit();
        string line = output.Split('\n').Single(l => l.Contains("Name: GLIBCXX_3.4.32"));
        Assert.Contains("Flags: WEAK", line);
    }

    [Fact]
    public void NonElfFilesAreLeftAlone()
    {
        string path = Path.Combine(folder, "notes.txt");
        File.WriteAllText(path, "not a library");
        Assert.Empty(ElfVersionNeeds.WeakenFile(path, Glibcxx3432));
        Assert.Equal("not a library", File.ReadAllText(path));
    }

    [Fact]
    public void TruncatedLibraryFailsWithAClearMessage()
    {
        byte[] image = File.ReadAllBytes(CachedLibrary());
        byte[] truncated = image.Take(image.Length / 2).ToArray(); // section headers live at the end
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(truncated));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void BuildOutputCopyIsPatchedAndCacheIsNot()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(ElfVersionNeeds.Read(File.ReadAllBytes(output)).Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
        Assert.False(ElfVersionNeeds.Read(File.ReadAllBytes(CachedLibrary())).Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

internal static class ProcessExtensions
{
    public static int WaitForExitAndCode(this Process process)
    {
        process.WaitForExit();
        return process.ExitCode;
    }
}
