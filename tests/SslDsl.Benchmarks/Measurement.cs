using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SslDsl.Benchmarks;

/// <summary>
/// Timings of one measured operation (quick mode): wall time per call, managed bytes allocated by this thread per call,
/// and TorchSharp tensors left alive per call (created minus disposed on this thread).
/// </summary>
public sealed class Series
{
    private readonly List<double> seconds = new();
    private readonly List<double> cpuSeconds = new();
    private long bytes;
    private long leaked;
    private long leakedTotal;
    private int measuredHere; // calls timed in this process (bytes and tensors are known for those only)

    public Series(string name) => Name = name;

    public string Name { get; }

    public int Count => seconds.Count;

    /// <summary>Runs <paramref name="operation"/> once and records it.</summary>
    public void Measure(Action operation)
    {
        long live = Workload.LiveTensors;
        long total = Workload.TotalTensors;
        long allocated = Workload.AllocatedBytes;
        double cpu = ProcessCpu.Seconds;
        long start = Stopwatch.GetTimestamp();
        operation();
        long end = Stopwatch.GetTimestamp();
        cpuSeconds.Add(ProcessCpu.Seconds - cpu);
        bytes += Workload.AllocatedBytes - allocated;
        leaked += Workload.LiveTensors - live;
        leakedTotal += Workload.TotalTensors - total;
        seconds.Add((end - start) / (double)Stopwatch.Frequency);
        measuredHere++;
    }

    /// <summary>Records a call timed elsewhere (the PyTorch process): times only.</summary>
    public void Record(double wallSeconds, double processCpuSeconds)
    {
        seconds.Add(wallSeconds);
        cpuSeconds.Add(processCpuSeconds);
    }

    /// <summary>Median wall-clock seconds per call.</summary>
    public double MedianSeconds => Median(seconds);

    /// <summary>
    /// Median process CPU seconds per call (all threads: libtorch's intra-op pool and .NET's). Less sensitive than wall
    /// time to other processes on a shared machine, though a contended thread pool also spins longer.
    /// </summary>
    public double MedianCpuSeconds => Median(cpuSeconds);

    private static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double Last => seconds.Count == 0 ? double.NaN : seconds[^1];

    public double MinSeconds => seconds.Count == 0 ? double.NaN : seconds.Min();

    public double MaxSeconds => seconds.Count == 0 ? double.NaN : seconds.Max();

    public double BytesPerCall => measuredHere == 0 ? double.NaN : (double)bytes / measuredHere;

    /// <summary>Tensors left alive per call by this thread (DisposeScopeManager.Statistics.ThreadTotalLiveCount).</summary>
    public double LeakedPerCall => measuredHere == 0 ? double.NaN : (double)leaked / measuredHere;

    /// <summary>Tensors left alive per call in the process (torch.Tensor.TotalCount).</summary>
    public double LeakedTotalPerCall => measuredHere == 0 ? double.NaN : (double)leakedTotal / measuredHere;

    public string Spread => $"{MinSeconds * 1e3:F0}..{MaxSeconds * 1e3:F0}";
}

/// <summary>Process CPU time from <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c> (Linux; NaN elsewhere), without allocating.</summary>
public static class ProcessCpu
{
    private const int ClockProcessCpuTimeId = 2;
    private static bool unavailable;

    public static double Seconds
    {
        get
        {
            if (unavailable) return double.NaN;
            try
            {
                return clock_gettime(ClockProcessCpuTimeId, out Timespec t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : double.NaN;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                unavailable = true;
                return double.NaN;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out Timespec time);
}

/// <summary>Tensor-leak counts recorded inside BenchmarkDotNet runs (in-process toolchain: same process, same statics).</summary>
public static class LeakLog
{
    private static readonly Dictionary<string, (long Leaked, long Calls)> Entries = new();

    public static void Record(string name, long leaked, long calls)
    {
        Entries.TryGetValue(name, out var entry);
        Entries[name] = (entry.Leaked + leaked, entry.Calls + calls);
    }

    public static IReadOnlyDictionary<string, (long Leaked, long Calls)> All => Entries;
}
