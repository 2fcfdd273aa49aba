using System;
using SslDsl.Objectives;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Precision;

/// <summary>libtorch's autocast reached through <see cref="Autocast"/>: regions, suspension, the weight cache, losses in float32.</summary>
public class AutocastTests
{
    [Fact]
    public void LibtorchExportsTheAutocastFunctions()
    {
        Assert.True(Autocast.IsAvailable(out string? problem), problem);
    }

    [Fact]
    public void LinearLayersRunInTheRegionsDtypeAndInFloat32Outside()
    {
        using var scope = NewDisposeScope();
        var linear = nn.Linear(8, 4);
        Tensor x = rand(3, 8);
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
        using (Autocast.Enter(DeviceType.CPU, ScalarType.BFloat16))
        {
            Assert.True(Autocast.IsEnabled(DeviceType.CPU));
            Assert.Equal(ScalarType.BFloat16, linear.call(x).dtype);
            Assert.Equal(ScalarType.Float32, x.exp().dtype); // not on autocast's list: the input's dtype
        }

        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
        Assert.Equal(ScalarType.Float32, linear.call(x).dtype);
        using (Autocast.Enter(DeviceType.CPU, ScalarType.Float16))
        {
            Assert.Equal(ScalarType.Float16, linear.call(x).dtype);
        }
    }

    [Fact]
    public void SuspensionAndNestedRegionsRestoreTheStateTheyFound()
    {
        using var scope = NewDisposeScope();
        Tensor a = rand(4, 4);
        using (Autocast.Enter(DeviceType.CPU, ScalarType.BFloat16))
        {
            using (Autocast.Suspend(DeviceType.CPU))
            {
                Assert.False(Autocast.IsEnabled(DeviceType.CPU));
                Assert.Equal(ScalarType.Float32, a.matmul(a).dtype);
            }

            Assert.True(Autocast.IsEnabled(DeviceType.CPU));
            using (Autocast.Enter(DeviceType.CPU, ScalarType.Float16))
            {
                Assert.Equal(ScalarType.Float16, a.matmul(a).dtype);
            }

            Assert.Equal(ScalarType.BFloat16, a.matmul(a).dtype); // the outer region's dtype is back
        }

        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
        using (Autocast.Suspend(DeviceType.CPU))
        {
            Assert.False(Autocast.IsEnabled(DeviceType.CPU)); // suspending nothing changes nothing
        }
    }

    [Fact]
    public void ARegionUsesTheWeightsAsTheyAreWhenItStarts()
    {
        // autocast caches the low-precision copy of each weight for the region; ending the region must drop it, or
        // the next step would compute with the weights from before the optimizer step.
        using var scope = NewDisposeScope();
        var linear = nn.Linear(8, 4, hasBias: false);
        Tensor x = ones(1, 8);
        using (Autocast.Enter(DeviceType.CPU, ScalarType.BFloat16))
        {
            linear.call(x);
        }

        using (no_grad())
        {
            linear.weight!.fill_(0.5);
        }

        using (Autocast.Enter(DeviceType.CPU, ScalarType.BFloat16))
        {
            Tensor y = linear.call(x).to(ScalarType.Float64);
            Assert.Equal(4.0, y.max().item<double>(), 6); // 8 × 0.5, exact in bfloat16
            Assert.Equal(4.0, y.min().item<double>(), 6);
        }
    }

    [Fact]
    public void LossesComputeInFloat32InsideARegion()
    {
        // NT-Xent on bfloat16 projections inside a region equals the float64 loss of the same (bfloat16-rounded) values.
        using var scope = NewDisposeScope();
        var generator = new torch.Generator(3);
        Tensor projections = randn(new long[] { 8, 5 }, generator: generator).to(ScalarType.BFloat16);
        using var loss = new NtXentLoss(0.5, 2);
        Tensor inside;
        using (Autocast.Enter(DeviceType.CPU, ScalarType.BFloat16))
        {
            inside = loss.Compute(projections);
            Assert.True(Autocast.IsEnabled(DeviceType.CPU)); // the loss's suspension ended with it
        }

        Assert.Equal(ScalarType.Float32, inside.dtype);
        double reference = NtXentReference(projections.to(ScalarType.Float64), 0.5);
        Assert.Equal(reference, inside.item<float>(), 5);
    }

    /// <summary>NT-Xent for two views in float64, written out from the paper's eq. 1.</summary>
    private static double NtXentReference(Tensor z, double temperature)
    {
        double[,] v = ToArray(nn.functional.normalize(z, p: 2, dim: 1));
        int m = v.GetLength(0), d = v.GetLength(1), n = m / 2;
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            double denominator = 0, positive = 0;
            for (int j = 0; j < m; j++)
            {
                if (j == i)
                {
                    continue;
                }

                double s = 0;
                for (int k = 0; k < d; k++)
                {
                    s += v[i, k] * v[j, k];
                }

                denominator += Math.Exp(s / temperature);
                if (j == (i + n) % m)
                {
                    positive = s / temperature;
                }
            }

            total += Math.Log(denominator) - positive;
        }

        return total / m;
    }

    private static double[,] ToArray(Tensor t)
    {
        double[] flat = t.contiguous().data<double>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var a = new double[rows, cols];
        Buffer.BlockCopy(flat, 0, a, 0, flat.Length * sizeof(double));
        return a;
    }
}
