using System.Globalization;

namespace SslDsl.Benchmarks;

/// <summary>What the comparison prints about the machine: CPU model and the vector extensions that matter, memory, load.</summary>
public static class MachineInfo
{
    /// <summary>The extensions that decide which kernels oneDNN and the BLAS can use (bf16 needs avx512_bf16 or AMX to be fast).</summary>
    private static readonly string[] Extensions = { "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "amx_bf16" };

    /// <summary>CPU model (from /proc/cpuinfo), which of <see cref="Extensions"/> it has, logical CPUs and memory.</summary>
    public static string Describe()
    {
        string model = "?";
        string[] flags = Array.Empty<string>();
        foreach (string line in ReadLines("/proc/cpuinfo"))
        {
            if (model == "?" && line.StartsWith("model name", StringComparison.Ordinal)) model = line[(line.IndexOf(':') + 1)..].Trim();
            if (flags.Length == 0 && line.StartsWith("flags", StringComparison.Ordinal)) flags = line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        string memory = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } total
            && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out long kb)
            ? $"{kb / 1024.0 / 1024.0:F0} GiB RAM" : "RAM ?";
        string extensions = string.Join(" ", Extensions.Select(e => flags.Contains(e) ? e : "no-" + e));
        return $"{model}, {Environment.ProcessorCount} logical CPUs, {memory}, {extensions}";
    }

    /// <summary>CPU model alone, for the RESULT json.</summary>
    public static string CpuModel =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line ? line[(line.IndexOf(':') + 1)..].Trim() : "?";

    /// <summary>The 1-minute load average (NaN where /proc/loadavg is missing).</summary>
    public static double LoadAverage =>
        ReadLines("/proc/loadavg").FirstOrDefault() is { } line
        && double.TryParse(line.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double load) ? load : double.NaN;

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return Array.Empty<string>();
        }
        catch (UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}
