using System.Diagnostics;
using System.Globalization;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>
/// t-SNE mode (--tsne): wall-clock time of <see cref="Tsne.Map"/> on 10 Gaussian clusters in 64-D (float32, like
/// embeddings), exact and Barnes–Hut, with the map's trustworthiness and kNN label agreement, so that speed is never
/// reported without quality. Default iterations (1000), perplexity 30, θ 0.5.
/// </summary>
public static class TsneRun
{
    private const int Classes = 10;
    private const int Dim = 64;

    /// <param name="points">Point counts to map.</param>
    /// <param name="methods">Methods per count; exact is skipped above <see cref="Tsne.MaxPoints"/>.</param>
    /// <param name="rounds">Maps per (count, method), one after the other.</param>
    public static void Run(IReadOnlyList<int> points, IReadOnlyList<TsneMethod> methods, int rounds)
    {
        Console.WriteLine();
        Console.WriteLine($"== t-SNE: {Classes} Gaussian clusters in {Dim}-D (centres N(0, 5²), unit noise), perplexity 30, 1000 iterations ==");
        Console.WriteLine($"{"points",7} {"method",-10} {"round",5} {"wall s",8} {"CPU s",8} {"trust k=5",10} {"kNN agree",10}  load");
        foreach (int n in points)
        {
            using var scope = NewDisposeScope();
            (Tensor x, long[] labels) = Clusters(n, seed: n);
            foreach (TsneMethod method in methods)
            {
                if (method == TsneMethod.Exact && n > Tsne.MaxPoints)
                {
                    continue;
                }

                for (int round = 1; round <= rounds; round++)
                {
                    using var step = NewDisposeScope();
                    var process = Process.GetCurrentProcess();
                    TimeSpan cpu = process.TotalProcessorTime;
                    long start = Stopwatch.GetTimestamp();
                    Tensor map = Tsne.Map(x, new TsneOptions(Method: method));
                    double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    process.Refresh();
                    double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
                    double trust = Tsne.Trustworthiness(x, map, k: 5);
                    double agreement = NeighbourAgreement(map, labels, k: 5);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{n,7} {method,-10} {round,5} {wall,8:F1} {cpuSeconds,8:F1} {trust,10:F4} {agreement,10:F4}  {Workload.MachineLoad()}"));
                }
            }
        }
    }

    /// <summary>n points in <see cref="Classes"/> equal clusters, float32, with their labels.</summary>
    private static (Tensor X, long[] Labels) Clusters(int n, int seed)
    {
        var generator = new torch.Generator((ulong)seed);
        Tensor centres = randn(new long[] { Classes, Dim }, generator: generator).mul_(5);
        long[] labels = Enumerable.Range(0, n).Select(i => (long)(i % Classes)).ToArray();
        Tensor x = centres.index_select(0, tensor(labels)).add_(randn(new long[] { n, Dim }, generator: generator));
        return (x.MoveToOuterDisposeScope(), labels);
    }

    /// <summary>Share of points whose 5 nearest map neighbours are mostly of their class (blocks of rows: no N×N matrix).</summary>
    private static double NeighbourAgreement(Tensor map, long[] labels, int k)
    {
        using var scope = NewDisposeScope();
        Tensor y = map.to(ScalarType.Float64);
        Tensor classes = tensor(labels);
        long n = y.size(0), agree = 0;
        for (long start = 0; start < n; start += 1024)
        {
            using var step = NewDisposeScope();
            long rows = Math.Min(1024, n - start);
            Tensor d = cdist(y.narrow(0, start, rows), y);
            d.narrow(1, start, rows).diagonal().fill_(double.PositiveInfinity);
            Tensor neighbours = d.topk(k, 1, largest: false).indexes;
            Tensor same = classes.index_select(0, neighbours.flatten()).view(rows, k).eq(classes.narrow(0, start, rows).unsqueeze(1)).sum(1);
            agree += same.mul(2).gt(k).sum().item<long>();
        }

        return agree / (double)n;
    }
}
