using System.Diagnostics;
using System.Globalization;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>
/// Attention mode (--attention): full attention against Longformer's sliding window (W = 256, G = 1) at 512, 2,048 and
/// 4,096 tokens, forward + backward, timed and with the peak resident memory. Two scopes: the whole
/// <see cref="TransformerSequenceEncoder"/> (4 heads, 2 blocks, width 128, batch 1) and the attention op alone on
/// <c>[1, 4, L, 32]</c> queries, keys and values, where full attention runs both as libtorch's
/// <c>scaled_dot_product_attention</c> and as explicit softmax(q·kᵀ/√d)·v over an L×L score matrix.
/// </summary>
/// <remarks>
/// Time: in this process, the variants of one (scope, L) alternate within every round (the first one changes from round
/// to round), so that a change in machine load hits them alike; median and fastest pass after one warm-up each.
/// Memory: each (scope, variant, L) runs once more in a fresh child process of this program, so that one run's
/// allocations cannot hide in another's: the child builds its model and inputs, resets the kernel's resident-set
/// high-water mark (<c>echo 5 &gt; /proc/self/clear_refs</c>), runs 2 forward + backward passes and reports <c>VmHWM</c> −
/// the resident set before the first pass. That is what the operating system saw (libtorch's CPU allocator keeps no
/// statistics), allocator caching included. The computed column is the size of one layer's attention-score tensor, the
/// part that grows as L² or L·W.
/// </remarks>
public static class AttentionRun
{
    private const int Dim = 128, Heads = 4, Depth = 2, Batch = 1, Vocab = 1000, Window = 256, GlobalTokens = 1;
    private static readonly int[] Lengths = { 512, 2048, 4096 };

    /// <summary>The argument that makes this program a memory-measuring child.</summary>
    public const string ChildFlag = "--attention-child";

    /// <summary>Times every case here, measures its memory in a child process, and prints the table.</summary>
    public static void Run(int rounds, int? threads)
    {
        Console.WriteLine();
        Console.WriteLine($"== Attention: full vs sliding window (W = {Window}, G = {GlobalTokens}), forward + backward, batch {Batch}, {Heads} heads, float32 ==");
        Console.WriteLine($"   encoder: TransformerSequenceEncoder width {Dim}, {Depth} blocks, tokens; op: [{Batch}, {Heads}, L, {Dim / Heads}] q, k, v");
        Console.WriteLine($"   time: the variants alternate over {rounds} rounds after 1 warm-up each (wall clock, and the process's CPU time, which other jobs inflate less);");
        Console.WriteLine("   peak RSS: VmHWM − RSS before the first pass, in a fresh process");
        Console.WriteLine("   (* after the peak: the kernel refused to reset VmHWM, so the peak may date from the set-up)");
        Console.WriteLine();
        Console.WriteLine($"{"scope",-8} {"attention",-10} {"L",6} {"ms median",10} {"ms min",8} {"CPU ms median",14} {"peak RSS MiB",13} {"scores/layer MiB",17}  load");
        foreach (string scope in new[] { "encoder", "op" })
        {
            string[] variants = scope == "encoder" ? new[] { "full", "window" } : new[] { "full", "full-math", "window" };
            foreach (int length in Lengths)
            {
                (double Wall, double Cpu)[][] times = Time(scope, variants, length, rounds);
                string load = Workload.MachineLoad();
                for (int v = 0; v < variants.Length; v++)
                {
                    double[] wall = times[v].Select(t => t.Wall).Order().ToArray();
                    double[] cpu = times[v].Select(t => t.Cpu).Order().ToArray();
                    string memory = PeakInChild(scope, variants[v], length, threads);
                    double scores = ScoreBytes(variants[v], length) / (1024.0 * 1024.0);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{scope,-8} {variants[v],-10} {length,6} {wall[wall.Length / 2],10:F1} {wall[0],8:F1} {cpu[cpu.Length / 2],14:F1} {memory,13} {scores,17:F1}  {load}"));
                }
            }
        }
    }

    /// <summary>Wall and CPU milliseconds per forward + backward of each variant, one pass of each per round, rotating who goes first.</summary>
    private static (double Wall, double Cpu)[][] Time(string scope, string[] variants, int length, int rounds)
    {
        torch.manual_seed(0);
        Func<Tensor>[] passes = variants.Select(v => Pass(scope, v, length)).ToArray();
        (double, double)[][] times = variants.Select(_ => new (double, double)[rounds]).ToArray();
        foreach (Func<Tensor> pass in passes)
        {
            Measure(pass); // warm-up
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < passes.Length; i++)
            {
                int v = (i + round) % passes.Length;
                times[v][round] = Measure(passes[v]);
            }
        }

        return times;
    }

    private static (double Wall, double Cpu) Measure(Func<Tensor> pass)
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        using (NewDisposeScope())
        {
            pass().backward();
        }

        double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalMilliseconds);
    }

    /// <summary>Starts this program as a child for one case and returns its peak-RSS column.</summary>
    private static string PeakInChild(string scope, string attention, int length, int? threads)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(AttentionRun).Assembly.Location);
        }

        foreach (string argument in new[] { ChildFlag, scope, attention, length.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (threads is { } n)
        {
            start.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
        }

        using Process child = Process.Start(start)!;
        Task<string> errors = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? result = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        return child.ExitCode == 0 && result is not null
            ? result["RESULT ".Length..].Trim()
            : $"failed (exit {child.ExitCode}): {errors.Result.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)}";
    }

    /// <summary>The child: one case, 2 passes, one <c>RESULT</c> line with the peak RSS in MiB.</summary>
    public static int Child(string[] args)
    {
        string scope = args[1], attention = args[2];
        int length = int.Parse(args[3], CultureInfo.InvariantCulture);
        if (args.Length > 4)
        {
            torch.set_num_threads(int.Parse(args[4], CultureInfo.InvariantCulture));
        }

        torch.manual_seed(0);
        Func<Tensor> pass = Pass(scope, attention, length);
        GC.Collect();
        bool reset = ResetPeak();
        long before = StatusKiB("VmRSS");
        Measure(pass);
        Measure(pass);
        long peak = StatusKiB("VmHWM");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {(peak - before) / 1024.0:F1}{(reset ? "" : "*")}"));
        return 0;
    }

    private static Func<Tensor> Pass(string scope, string attention, int length) =>
        scope == "encoder" ? EncoderPass(attention, length) : OpPass(attention, length);

    /// <summary>One forward of the encoder to a scalar, on fixed random tokens.</summary>
    private static Func<Tensor> EncoderPass(string attention, int length)
    {
        TransformerSequenceEncoder encoder = attention == "window"
            ? TransformerSequenceEncoder.ForTokens(Vocab, length, Dim, Depth, Heads, attentionWindow: Window, globalTokens: GlobalTokens)
            : TransformerSequenceEncoder.ForTokens(Vocab, length, Dim, Depth, Heads);
        encoder.train();
        Tensor tokens = randint(4, Vocab, new long[] { Batch, length }).DetachFromDisposeScope();
        return () => encoder.ForwardTokens(tokens).square().mean();
    }

    /// <summary>One attention op on fixed random q, k, v (leaves with gradients) to a scalar.</summary>
    private static Func<Tensor> OpPass(string attention, int length)
    {
        long headDim = Dim / Heads;
        Tensor Leaf() => randn(new long[] { Batch, Heads, length, headDim }).requires_grad_(true).DetachFromDisposeScope();
        Tensor q = Leaf(), k = Leaf(), v = Leaf();
        var window = new SlidingWindowAttention(Window, GlobalTokens);
        Func<Tensor> output = attention switch
        {
            "full" => () => nn.functional.scaled_dot_product_attention(q, k, v),
            "full-math" => () => q.matmul(k.transpose(2, 3)).div(Math.Sqrt(headDim)).softmax(-1).matmul(v),
            _ => () => window.Attend(q, k, v),
        };
        return () => output().square().mean();
    }

    /// <summary>Bytes of one layer's float32 attention scores: B·H·L² for full attention, B·H·L·(3·W/2 + G) in blocks.</summary>
    private static double ScoreBytes(string attention, long length) =>
        4.0 * Batch * Heads * length * (attention == "window" ? (3 * (Window / 2)) + GlobalTokens : length);

    /// <summary>Resets VmHWM to the current RSS (Linux ≥ 4.0); false where the kernel refuses.</summary>
    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A <c>kB</c> line of /proc/self/status.</summary>
    private static long StatusKiB(string key)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
