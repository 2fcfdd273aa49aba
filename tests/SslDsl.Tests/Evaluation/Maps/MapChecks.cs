using System.Linq;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Maps;

/// <summary>Data and measures shared by the map tests: Gaussian clusters, and how well a map keeps their labels together.</summary>
internal static class MapChecks
{
    /// <summary><paramref name="classes"/> unit Gaussians in <paramref name="dim"/>-D around centres drawn with standard deviation 10 (well separated), float64, labels in blocks.</summary>
    internal static (Tensor X, int[] Labels) Clusters(int classes, int perClass, int dim, int seed)
    {
        var generator = new torch.Generator((ulong)seed);
        Tensor centres = randn(new long[] { classes, dim }, dtype: ScalarType.Float64, generator: generator).mul_(10);
        int[] labels = Enumerable.Range(0, classes * perClass).Select(i => i / perClass).ToArray();
        Tensor index = tensor(labels.Select(l => (long)l).ToArray());
        Tensor x = centres.index_select(0, index).add(randn(new long[] { classes * perClass, dim }, dtype: ScalarType.Float64, generator: generator));
        return (x, labels);
    }

    /// <summary>Leave-one-out kNN: the share of points whose k nearest map neighbours mostly share their label.</summary>
    internal static double NeighbourAgreement(Tensor map, int[] labels, int k)
    {
        long n = map.size(0);
        Tensor d = Tsne.SquaredDistances(map.to(ScalarType.Float64)).masked_fill(eye(n, dtype: ScalarType.Bool), double.PositiveInfinity);
        long[] neighbours = d.topk(k, 1, largest: false).indexes.data<long>().ToArray();
        int agree = 0;
        for (int i = 0; i < n; i++)
        {
            int same = Enumerable.Range(0, k).Count(j => labels[neighbours[i * k + j]] == labels[i]);
            agree += same * 2 > k ? 1 : 0;
        }

        return agree / (double)n;
    }
}
