using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

/// <summary>Host copies, seeded inputs and a binomial check shared by the masked / reconstruction objective tests.</summary>
internal static class MaskedTestSupport
{
    public static double[] ToDoubles(Tensor t)
    {
        using var d = t.to_type(ScalarType.Float64).contiguous();
        return d.data<double>().ToArray();
    }

    public static long[] ToLongs(Tensor t)
    {
        using var d = t.to_type(ScalarType.Int64).contiguous();
        return d.data<long>().ToArray();
    }

    /// <summary>Row r of a row-major host copy with <paramref name="width"/> columns.</summary>
    public static T[] Row<T>(T[] flat, int r, int width) => flat.Skip(r * width).Take(width).ToArray();

    public static double[] RandomDoubles(int seed, int count, double scale = 2.0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => ((random.NextDouble() * 2) - 1) * scale).ToArray();
    }

    /// <summary>Asserts an observed count of a Binomial(n, p) event lies within 4 standard deviations of n·p.</summary>
    public static void AssertBinomial(long observed, long n, double p, string what)
    {
        double mean = n * p;
        double sigma = Math.Sqrt(n * p * (1 - p));
        Assert.True(Math.Abs(observed - mean) <= 4 * sigma,
            $"{what}: observed {observed} of {n}, expected {mean:F1} ± 4σ = {4 * sigma:F1}");
    }

    public static bool Identical(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype)
        {
            return false;
        }

        using var scope = NewDisposeScope();
        return !a.ne(b).any().item<bool>();
    }
}
