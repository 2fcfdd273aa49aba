using TorchSharp;

namespace SslDsl.Tests;

/// <summary>The native-library fix works: TorchSharp loads and computes in the test host.</summary>
public class TorchLoadsTest
{
    [Fact]
    public void MatmulRunsOnCpu()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var product = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
    }
}
