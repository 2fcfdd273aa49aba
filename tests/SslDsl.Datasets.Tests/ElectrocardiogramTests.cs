using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using SslDsl.Data;
using static SslDsl.Datasets.Tests.NpzTestFiles;

namespace SslDsl.Datasets.Tests;

public class ElectrocardiogramTests
{
    private static readonly ushort[] Readings = { 1024, 1224, 824, 0, 2047, 975, 1025 };

    [Fact]
    public void ConvertsTheAdcReadingsToMillivoltsAsScipyDoes()
    {
        using var folder = new TempFolder();
        string path = folder.File(Electrocardiogram.FileName, EcgDat(Readings));

        float[] millivolts = Electrocardiogram.Load(path);

        // (reading − 1024) / 200: scipy.misc.electrocardiogram().
        Assert.Equal(new[] { 0f, 1f, -1f, -5.12f, 5.115f, -0.245f, 0.005f }, millivolts);
        Assert.Equal(Readings, Electrocardiogram.ReadAdc(path));
    }

    [Fact]
    public void AFolderIsReadThroughItsEcgDat()
    {
        using var folder = new TempFolder();
        folder.File(Electrocardiogram.FileName, EcgDat(Readings));

        Assert.Equal(Readings, Electrocardiogram.ReadAdc(folder.Path));
    }

    [Fact]
    public void ReadsStoredArchivesVersion2HeadersBigEndianAndPlainNpyFiles()
    {
        using var folder = new TempFolder();
        string stored = folder.File("stored.dat", EcgDat(Readings, compressed: false)); // numpy.savez
        byte[] payload = UInt16Npy(Readings)[^(2 * Readings.Length)..];
        string version2 = folder.File("v2.dat", Npz(new[] { KeyValuePair.Create("ecg.npy", Npy(Header("<u2", Readings.Length), payload, major: 2)) }));
        string bigEndian = folder.File("big.dat", Npz(new[] { KeyValuePair.Create("ecg.npy", UInt16Npy(Readings, bigEndian: true)) }));
        string plain = folder.File("ecg.npy", UInt16Npy(Readings));

        foreach (string path in new[] { stored, version2, bigEndian, plain })
        {
            Assert.Equal(Readings, Electrocardiogram.ReadAdc(path));
        }
    }

    [Fact]
    public void OtherArraysInTheArchiveAreIgnored()
    {
        using var folder = new TempFolder();
        string path = folder.File("two.dat", Npz(new[]
        {
            KeyValuePair.Create("time.npy", Npy(Header("<f8", 2), new byte[16])),
            KeyValuePair.Create("ecg.npy", UInt16Npy(Readings)),
        }));

        Assert.Equal(Readings, Electrocardiogram.ReadAdc(path));
    }

    [Fact]
    public void AMissingFileOrFolderNamesThePath()
    {
        using var folder = new TempFolder();

        var inFolder = Assert.Throws<FileNotFoundException>(() => Electrocardiogram.Load(folder.Path));
        Assert.Contains(folder.Path, inFolder.Message);
        Assert.Contains("ecg.dat", inFolder.Message);

        string nowhere = Path.Combine(folder.Path, "no-such", "ecg.dat");
        var missing = Assert.Throws<FileNotFoundException>(() => Electrocardiogram.Load(nowhere));
        Assert.Contains(nowhere, missing.Message);
    }

    [Theory]
    [InlineData("text", "is not a NumPy .npz archive (a zip file)")]
    [InlineData("other entry", "has no array 'ecg' (entry ecg.npy); its entries: signal.npy")]
    [InlineData("bad magic", "does not start with the magic")]
    [InlineData("version 9", ".npy format version 9.0 is not supported")]
    [InlineData("float64", "has dtype '<f8', expected '<u2'")]
    [InlineData("structured", "no simple 'descr' string")]
    [InlineData("two-dimensional", "has shape (2, 3), expected one non-empty dimension")]
    [InlineData("empty", "has shape (0), expected one non-empty dimension")]
    [InlineData("truncated", "the data is truncated: shape (7) of '<u2' needs 14 bytes after the header, the file has 12")]
    [InlineData("above 11 bits", "sample 2 reads 4096, above the 11-bit ADC's 2047")]
    public void AWrongFileNamesTheFileAndTheProblem(string wrong, string problem)
    {
        byte[] Entry(string name, byte[] npy) => Npz(new[] { KeyValuePair.Create(name, npy) });
        byte[] content = wrong switch
        {
            "text" => Encoding.ASCII.GetBytes("time,mv\n0,0.1\n"),
            "other entry" => Entry("signal.npy", UInt16Npy(Readings)),
            "bad magic" => Entry("ecg.npy", Encoding.ASCII.GetBytes("\u0093NUMPZ\u0001\u0000\u0010\u0000{}              \n")),
            "version 9" => Entry("ecg.npy", Npy(Header("<u2", 7), new byte[14], major: 9)),
            "float64" => Entry("ecg.npy", Npy(Header("<f8", 7), new byte[56])),
            "structured" => Entry("ecg.npy", Npy("{'descr': [('t', '<f8'), ('v', '<u2')], 'fortran_order': False, 'shape': (7,), }", new byte[70])),
            "two-dimensional" => Entry("ecg.npy", Npy(Header("<u2", 2, 3), new byte[12])),
            "empty" => Entry("ecg.npy", Npy(Header("<u2", 0), Array.Empty<byte>())),
            "truncated" => Entry("ecg.npy", UInt16Npy(Readings)[..^2]),
            "above 11 bits" => Entry("ecg.npy", UInt16Npy(new ushort[] { 1024, 1030, 4096 })),
            _ => throw new ArgumentOutOfRangeException(nameof(wrong)),
        };
        using var folder = new TempFolder();
        string path = folder.File(Electrocardiogram.FileName, content);

        var error = Assert.Throws<InvalidDataException>(() => Electrocardiogram.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [NumpyFact]
    public void ReadsWhatNumpyWrites()
    {
        using var folder = new TempFolder();
        string archive = Path.Combine(folder.Path, "numpy.npz");
        string expected = Path.Combine(folder.Path, "expected.f64");
        // savez_compressed's archive, and SciPy's conversion in float64 for comparison.
        string script = string.Join("\n",
            "import sys, numpy as np",
            "a = np.random.default_rng(7).integers(0, 2048, size=5000).astype(np.uint16)",
            "np.savez_compressed(sys.argv[1], ecg=a, other=np.arange(3.0))",
            "((a.astype(int) - 1024) / 200.0).astype('<f8').tofile(sys.argv[2])");

        PythonNumpy.Run(script, archive, expected);

        AssertMatchesNumpy(Electrocardiogram.Load(archive), expected);
    }

    // The real ecg.dat (python3-scipy 1.10.1-2, SHA-256 pinned by samples/scripts/fetch-ecg.sh): length, first and last
    // samples, mean and std as SciPy's docstring of electrocardiogram() states them, the extreme readings and their
    // positions and the sum of the readings as numpy 1.24 gave them (np.load(path)['ecg']).
    [RealEcgFact]
    public void ReadsTheRealExcerptAsScipyDocumentsIt()
    {
        string path = RealEcgFactAttribute.RealFile!;
        ushort[] adc = Electrocardiogram.ReadAdc(path);
        float[] mv = Electrocardiogram.Load(path);

        Assert.Equal(Electrocardiogram.ExcerptLength, mv.Length);
        Assert.Equal(new[] { -0.245f, -0.215f, -0.185f, -0.175f, -0.17f }, mv[..5]);
        Assert.Equal(new[] { -0.405f, -0.395f, -0.385f }, mv[^3..]);
        double[] exact = adc.Select(r => (r - 1024) / 200.0).ToArray();
        double mean = exact.Average();
        Assert.Equal(-0.16510875, mean, 1e-12);
        Assert.Equal(0.5992473991177294, Math.Sqrt(exact.Sum(v => (v - mean) * (v - mean)) / exact.Length), 1e-12);
        Assert.Equal((ushort)327, adc.Min());
        Assert.Equal(35819, Array.IndexOf(adc, (ushort)327));
        Assert.Equal((ushort)1754, adc.Max());
        Assert.Equal(15306, Array.IndexOf(adc, (ushort)1754));
        Assert.Equal(107025651L, adc.Sum(r => (long)r));
    }

    [RealEcgFact(NeedsNumpy = true)]
    public void ReadsTheRealExcerptValueForValueAsNumpy()
    {
        using var folder = new TempFolder();
        string expected = Path.Combine(folder.Path, "expected.f64");
        string script = string.Join("\n",
            "import sys, numpy as np",
            "with np.load(sys.argv[1]) as f:",
            "    ((f['ecg'].astype(int) - 1024) / 200.0).astype('<f8').tofile(sys.argv[2])");

        string path = RealEcgFactAttribute.RealFile!;
        PythonNumpy.Run(script, path, expected);

        AssertMatchesNumpy(Electrocardiogram.Load(path), expected);
    }

    private static void AssertMatchesNumpy(float[] actual, string expectedFloat64File)
    {
        byte[] bytes = File.ReadAllBytes(expectedFloat64File);
        double[] expected = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, expected, 0, bytes.Length);
        Assert.Equal(expected.Length, actual.Length);
        int mismatch = Enumerable.Range(0, actual.Length).FirstOrDefault(i => actual[i] != (float)expected[i], -1);
        Assert.True(mismatch < 0, mismatch < 0 ? "" : $"sample {mismatch}: {actual[mismatch]} here, {expected[mismatch]} in numpy");
    }
}

/// <summary>
/// python3 with NumPy: SSLDSL_PYTHON, else Debian's /usr/bin/python3 (python3-numpy comes with the python3-torch that
/// tests/ensure-test-packages.sh installs), else python3 on the PATH. Checked once.
/// </summary>
internal static class PythonNumpy
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        try
        {
            (int exitCode, string output) = Start("-c \"import numpy\"");
            return exitCode == 0 ? null : $"{Interpreter} cannot import numpy ({output.Trim().Split('\n')[^1]}); install python3-numpy (tests/ensure-test-packages.sh) or set SSLDSL_PYTHON";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{Interpreter} cannot be started ({ex.Message}); set SSLDSL_PYTHON to a python3 with numpy";
        }
    });

    public static string Interpreter =>
        Environment.GetEnvironmentVariable("SSLDSL_PYTHON") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";

    /// <summary>Why NumPy cannot be used, or null when it can.</summary>
    public static string? WhyUnavailable => Missing.Value;

    /// <summary>Runs a script with arguments; fails the test with its output when it exits non-zero.</summary>
    public static void Run(string script, params string[] arguments)
    {
        string file = Path.Combine(Path.GetTempPath(), $"ssldsl-numpy-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        try
        {
            (int exitCode, string output) = Start(string.Join(" ", new[] { file }.Concat(arguments).Select(a => $"\"{a}\"")));
            Assert.True(exitCode == 0, $"{Interpreter} failed:\n{output}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (int ExitCode, string Output) Start(string arguments)
    {
        var info = new ProcessStartInfo(Interpreter, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 120 s\n" + stdout);
        }

        return (process.ExitCode, stdout + stderr.Result);
    }
}

/// <summary>A test that needs python3 with NumPy: skipped, saying why, where there is none.</summary>
public sealed class NumpyFactAttribute : FactAttribute
{
    public NumpyFactAttribute()
    {
        if (PythonNumpy.WhyUnavailable is { } why)
        {
            Skip = why;
        }
    }
}

/// <summary>
/// A test of the real ecg.dat in the checkout's .data/ecg/ (samples/scripts/fetch-ecg.sh puts it there): skipped,
/// saying so, where it has not been fetched (and, with <see cref="NeedsNumpy"/>, where there is no NumPy).
/// </summary>
public sealed class RealEcgFactAttribute : FactAttribute
{
    private bool needsNumpy;

    public RealEcgFactAttribute()
    {
        Skip = RealFile is null ? $"the real {Electrocardiogram.FileName} is not in .data/ecg/ of this checkout: run samples/scripts/fetch-ecg.sh to include this test" : null;
    }

    /// <summary>The real file, or null when it is absent.</summary>
    public static string? RealFile { get; } = Find();

    /// <summary>Skip also when python3 cannot import numpy.</summary>
    public bool NeedsNumpy
    {
        get => needsNumpy;
        set
        {
            needsNumpy = value;
            if (value && Skip is null && PythonNumpy.WhyUnavailable is { } why)
            {
                Skip = why;
            }
        }
    }

    private static string? Find()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SslDsl.sln")))
            {
                string file = Path.Combine(d.FullName, ".data", "ecg", Electrocardiogram.FileName);
                return File.Exists(file) ? file : null;
            }
        }

        return null;
    }
}
