using System.Reflection;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>The shared sizes and hyperparameters, the input batch and the measurement helpers.</summary>
public static class Workload
{
    public const int BatchSize = 256;
    public const int Channels = 3;
    public const int Size = 32;
    public const int Views = 2;
    public const int Seed = 1;
    public const int ProjectorHidden = 512;
    public const int ProjectorOutput = 128;
    public const double Temperature = 0.5;
    public const double LearningRate = 1e-3;
    public const double WeightDecay = 1e-4;
    public static readonly int[] ConvNetWidths = { 32, 64, 128, 256 };

    /// <summary>A [256, 3, 32, 32] float batch in [0, 1] (uniform noise: the cost does not depend on the content).</summary>
    public static Tensor CreateBatch(int seed = Seed)
    {
        using var generator = new torch.Generator((ulong)seed);
        return torch.rand(new long[] { BatchSize, Channels, Size, Size }, generator: generator).DetachFromDisposeScope();
    }

    /// <summary>Tensors alive that were created on this thread (TorchSharp's per-thread created − disposed count).</summary>
    public static long LiveTensors => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    /// <summary>Tensors alive in the whole process (TorchSharp's static <c>torch.Tensor.TotalCount</c>, any thread).</summary>
    public static long TotalTensors => torch.Tensor.TotalCount;

    /// <summary>Managed bytes allocated so far by this thread.</summary>
    public static long AllocatedBytes => GC.GetAllocatedBytesForCurrentThread();

    /// <summary>The 1-minute load average (Linux), to show how busy the shared machine was; empty elsewhere.</summary>
    public static string MachineLoad()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {fields[0]} (1 min), {fields[1]} (5 min) on {Environment.ProcessorCount} CPUs";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Threads and versions, printed above every result.</summary>
    public static string DescribeEnvironment()
    {
        string torchSharp = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";
        int plus = torchSharp.IndexOf('+');
        if (plus > 0) torchSharp = torchSharp[..plus];
        return $"{DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} logical CPUs, "
            + $"torch intra-op threads {torch.get_num_threads()}, inter-op threads {torch.get_num_interop_threads()}, "
            + $"TorchSharp {torchSharp}, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}

/// <summary>
/// SimCLR's augmentation pipeline with SslDsl's augmentation classes and the parameters of the experiments
/// (RandomResizedCrop 32, HorizontalFlip 0.5, ColorJitter 0.4/0.4/0.4/0.1 p 0.8, Grayscale 0.2), applied to both
/// views stacked in one batch ([2·256, 3, 32, 32]), exactly as the generated <c>Step</c> runs it.
/// </summary>
public sealed class SimClrAugmentation : IDisposable
{
    private readonly RandomResizedCrop crop = new(Workload.Size, Workload.Size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0, 1.0);
    private readonly HorizontalFlip flip = new(0.5);
    private readonly ColorJitter jitter = new(0.4, 0.4, 0.4, 0.1, 0.8);
    private readonly Grayscale grayscale = new(0.2);
    private readonly torch.Generator generator;

    public SimClrAugmentation(Device device, int seed)
    {
        generator = new torch.Generator((ulong)seed, device);
    }

    /// <summary>Augments every view of <paramref name="batch"/>; the result belongs to the caller's dispose scope.</summary>
    public Tensor Apply(Tensor batch)
    {
        Tensor views = batch.repeat(Workload.Views, 1, 1, 1);
        views = crop.Apply(views, generator);
        views = flip.Apply(views, generator);
        views = jitter.Apply(views, generator);
        return grayscale.Apply(views, generator);
    }

    /// <summary>One timed unit: augment and free everything (what the benchmark measures).</summary>
    public void Run(Tensor batch)
    {
        using var scope = torch.NewDisposeScope();
        Apply(batch);
    }

    /// <summary>Names of the four operations, in the order <see cref="RunTimed"/> reports them.</summary>
    public static readonly string[] OperationNames = { "RandomResizedCrop", "HorizontalFlip", "ColorJitter", "Grayscale" };

    /// <summary><see cref="Run"/>, adding the seconds of each operation (and of the view stacking, to the crop) to <paramref name="seconds"/>.</summary>
    public void RunTimed(Tensor batch, double[] seconds)
    {
        using var scope = torch.NewDisposeScope();
        long t = System.Diagnostics.Stopwatch.GetTimestamp();
        Tensor views = batch.repeat(Workload.Views, 1, 1, 1);
        views = crop.Apply(views, generator);
        t = Lap(t, seconds, 0);
        views = flip.Apply(views, generator);
        t = Lap(t, seconds, 1);
        views = jitter.Apply(views, generator);
        t = Lap(t, seconds, 2);
        grayscale.Apply(views, generator);
        Lap(t, seconds, 3);
    }

    private static long Lap(long start, double[] seconds, int index)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        seconds[index] += (now - start) / (double)System.Diagnostics.Stopwatch.Frequency;
        return now;
    }

    public void Dispose() => generator.Dispose();
}
