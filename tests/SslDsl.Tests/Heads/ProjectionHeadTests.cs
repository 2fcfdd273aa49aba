using System;
using System.Linq;
using SslDsl.Heads;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Heads;

/// <summary>Projection MLP: (layers − 1) × [Linear without bias → BN → ReLU], then Linear with bias.</summary>
public sealed class ProjectionHeadTests
{
    [Fact]
    public void ThreeLayersAreLinearBnReluTwiceThenLinear()
    {
        using var head = new ProjectionHead(8, 16, 4, layers: 3);

        string[] kinds = Leaves(head).Select(m => m.GetType().Name).ToArray();

        Assert.Equal(new[] { "Linear", "SyncBatchNorm", "ReLU", "Linear", "SyncBatchNorm", "ReLU", "Linear" }, kinds); // SslDsl's BatchNorm (TorchSharp's alone)
    }

    [Fact]
    public void LinearShapesChainInputHiddenOutputAndOnlyTheLastHasABias()
    {
        using var head = new ProjectionHead(8, 16, 4, layers: 3);
        Linear[] linears = Leaves(head).OfType<Linear>().ToArray();

        Assert.Equal(new long[] { 16, 8 }, linears[0].weight!.shape);
        Assert.Equal(new long[] { 16, 16 }, linears[1].weight!.shape);
        Assert.Equal(new long[] { 4, 16 }, linears[2].weight!.shape);
        Assert.Null(linears[0].bias);
        Assert.Null(linears[1].bias);
        Assert.Equal(new long[] { 4 }, linears[2].bias!.shape);
        // 16·8 + BN(2·16) + 16·16 + BN(2·16) + 4·16 + 4
        Assert.Equal(128 + 32 + 256 + 32 + 64 + 4, head.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ForwardMapsToOutputDim()
    {
        using var scope = NewDisposeScope();
        using var head = new ProjectionHead(8, 16, 4);

        Tensor output = head.call(rand(5, 8));

        Assert.Equal(new long[] { 5, 4 }, output.shape);
        Assert.Equal(4, head.OutputDim);
    }

    [Fact]
    public void OneLayerIsASingleLinearMap()
    {
        using var scope = NewDisposeScope();
        using var head = new ProjectionHead(3, 100, 2, layers: 1);
        Linear linear = Assert.IsType<Linear>(Assert.Single(Leaves(head)));
        Assert.Equal(new long[] { 2, 3 }, linear.weight!.shape);
        Assert.Equal(2 * 3 + 2, head.parameters().Sum(p => p.numel()));

        double[] x = { 0.5, -1.0, 2.0, 1.5, 0.25, -0.75 }; // two rows of 3
        double[] w = linear.weight.detach().to_type(ScalarType.Float64).data<double>().ToArray();
        double[] b = linear.bias!.detach().to_type(ScalarType.Float64).data<double>().ToArray();
        double[] y = head.call(tensor(x.Select(v => (float)v).ToArray(), new long[] { 2, 3 })).detach().to_type(ScalarType.Float64).data<double>().ToArray();

        for (int r = 0; r < 2; r++)
        {
            for (int o = 0; o < 2; o++)
            {
                double expected = b[o];
                for (int i = 0; i < 3; i++)
                {
                    expected += w[(o * 3) + i] * x[(r * 3) + i];
                }

                Assert.Equal(expected, y[(r * 2) + o], 5);
            }
        }
    }

    [Theory]
    [InlineData(0, 16, 4, 2)]
    [InlineData(8, 0, 4, 2)]
    [InlineData(8, 16, 0, 2)]
    [InlineData(8, 16, 4, 0)]
    public void NonPositiveSizesAreRejected(int input, int hidden, int output, int layers) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionHead(input, hidden, output, layers));

    /// <summary>Modules without children, in registration order.</summary>
    private static nn.Module[] Leaves(nn.Module module) =>
        module.modules().Where(m => !m.children().Any()).ToArray();
}
