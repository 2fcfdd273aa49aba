using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Augmentations;

/// <summary>Small helpers shared by the augmentation tests: seeded inputs, host copies, counting.</summary>
internal static class AugmentationTestSupport
{
    /// <summary>Uniform [0, 1) images from their own seeded generator (not the one the op under test uses).</summary>
    public static Tensor RandomImages(long batch, long channels, long height, long width, ulong seed = 12345)
    {
        using var generator = new torch.Generator(seed);
        return torch.rand(new[] { batch, channels, height, width }, dtype: ScalarType.Float32, generator: generator);
    }

    /// <summary>Host copy as float64, row-major [B, C, H, W].</summary>
    public static double[] ToDoubles(Tensor t)
    {
        using var d = t.to(ScalarType.Float64).contiguous();
        return d.data<double>().ToArray();
    }

    public static long[] ToLongs(Tensor t)
    {
        using var d = t.to(ScalarType.Int64).contiguous();
        return d.data<long>().ToArray();
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(a.shape, b.shape);
        using var scope = torch.NewDisposeScope();
        return (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs().max().item<double>();
    }

    public static double MaxAbsDiff(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).DefaultIfEmpty(0.0).Max();
    }

    /// <summary>Same shape, same dtype, bit-for-bit equal values.</summary>
    public static bool Identical(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype) return false;
        using var scope = torch.NewDisposeScope();
        return !a.ne(b).any().item<bool>();
    }

    /// <summary>Per sample: does <paramref name="output"/> differ from <paramref name="input"/> anywhere?</summary>
    public static bool[] ChangedSamples(Tensor input, Tensor output)
    {
        using var scope = torch.NewDisposeScope();
        var changed = output.ne(input).flatten(1).any(1);
        return changed.data<bool>().ToArray();
    }

    /// <summary>Asserts an observed count of a Binomial(n, p) event lies within 4 standard deviations of n p.</summary>
    public static void AssertBinomial(int count, int n, double p, string what)
    {
        var mean = n * p;
        var sigma = Math.Sqrt(n * p * (1 - p));
        Assert.True(Math.Abs(count - mean) <= 4 * sigma,
            $"{what}: observed {count} of {n}, expected {mean:F1} ± 4·{sigma:F1}");
    }
}
