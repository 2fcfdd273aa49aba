using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>Plain float64 helpers shared by the objective tests (rows as double[][]; tensors only at the boundary).</summary>
internal static class ObjectiveTestMath
{
    public static double[][] RandomRows(int seed, int rows, int dim, double scale = 2)
    {
        var random = new Random(seed);
        var x = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            x[i] = new double[dim];
            for (int c = 0; c < dim; c++)
            {
                x[i][c] = ((random.NextDouble() * 2) - 1) * scale;
            }
        }

        return x;
    }

    public static double[][] Zeros(int rows, int dim)
    {
        var x = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            x[i] = new double[dim];
        }

        return x;
    }

    public static Tensor ToTensor(double[][] x, bool requiresGrad = false) =>
        tensor(x.SelectMany(r => r).ToArray(), new long[] { x.Length, x[0].Length }, requires_grad: requiresGrad);

    public static double[][] ToRows(Tensor t)
    {
        long rows = t.shape[0];
        long dim = t.shape[1];
        double[] flat = t.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var x = new double[rows][];
        for (long i = 0; i < rows; i++)
        {
            x[i] = new double[dim];
            Array.Copy(flat, i * dim, x[i], 0, dim);
        }

        return x;
    }

    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int c = 0; c < a.Length; c++)
        {
            s += a[c] * b[c];
        }

        return s;
    }

    public static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    public static double[] Normalized(double[] a)
    {
        double n = Norm(a);
        return a.Select(v => v / n).ToArray();
    }

    /// <summary>Gradient with respect to x of a function of u = x/‖x‖, given g = ∂f/∂u: (I − u uᵀ) g / ‖x‖.</summary>
    public static double[] ThroughNormalize(double[] x, double[] g)
    {
        double n = Norm(x);
        double[] u = x.Select(v => v / n).ToArray();
        double along = Dot(u, g);
        return g.Select((v, c) => (v - (along * u[c])) / n).ToArray();
    }

    public static void AssertRowsClose(double[][] expected, Tensor actual, double tolerance)
    {
        Assert.Equal(new long[] { expected.Length, expected[0].Length }, actual.shape);
        double[][] a = ToRows(actual);
        for (int i = 0; i < expected.Length; i++)
        {
            for (int c = 0; c < expected[i].Length; c++)
            {
                double e = expected[i][c];
                Assert.True(Math.Abs(e - a[i][c]) <= tolerance * (1 + Math.Abs(e)), $"[{i},{c}]: expected {e}, got {a[i][c]}");
            }
        }
    }
}
