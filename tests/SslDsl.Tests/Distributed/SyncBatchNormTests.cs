using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace SslDsl.Tests.Distributed;

/// <summary>
/// SslDsl's BatchNorm without a process group must be TorchSharp's BatchNorm exactly: outputs, gradients, running
/// statistics and state-dict names (checkpoints written before it replaced TorchSharp's layer still load). Its
/// synchronised path is checked on two real ranks against one process (MpiProcessGroupTests).
/// </summary>
public sealed class SyncBatchNormTests
{
    [Theory]
    [InlineData(new long[] { 8, 4 })]
    [InlineData(new long[] { 8, 4, 5 })]
    [InlineData(new long[] { 6, 4, 3, 5 })]
    public void WithoutAGroupItIsTorchSharpsBatchNormBitForBit(long[] shape)
    {
        using var scope = NewDisposeScope();
        nn.Module<Tensor, Tensor> reference = shape.Length == 4 ? nn.BatchNorm2d(4) : nn.BatchNorm1d(4);
        var ours = new SyncBatchNorm(4);
        using (no_grad())
        {
            // Non-trivial affine parameters, the same in both.
            foreach ((Tensor a, Tensor b) in reference.parameters().Zip(ours.parameters()))
            {
                Tensor values = rand(a.shape, generator: new Generator(3)).add_(0.5);
                a.copy_(values);
                b.copy_(values);
            }
        }

        var generator = new Generator(7);
        for (int step = 0; step < 3; step++)
        {
            Tensor x = randn(shape, generator: generator).mul_(2).add_(1);
            Tensor xa = x.clone().requires_grad_(true), xb = x.clone().requires_grad_(true);
            Tensor ya = reference.call(xa), yb = ours.call(xb);
            Tensor weights = randn(ya.shape, generator: generator);
            ya.mul(weights).sum().backward();
            yb.mul(weights).sum().backward();
            Assert.True(Same(ya, yb), $"outputs differ at step {step}");
            Assert.True(Same(xa.grad!, xb.grad!), "input gradients differ");
        }

        Dictionary<string, Tensor> expected = reference.state_dict(), actual = ours.state_dict();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach ((string name, Tensor value) in expected)
        {
            Assert.True(Same(value, actual[name]), $"{name} differs");
        }

        Assert.Equal(3L, actual["num_batches_tracked"].item<long>());
        foreach ((Parameter a, Parameter b) in reference.parameters().Zip(ours.parameters()))
        {
            Assert.True(Same(a.grad!, b.grad!), "parameter gradients differ");
        }

        reference.eval();
        ours.eval();
        Tensor probe = randn(shape, generator: generator);
        Assert.True(Same(reference.call(probe), ours.call(probe)), "evaluation outputs differ");
    }

    [Fact]
    public void ASingleProcessGroupKeepsTheLocalPath()
    {
        using var scope = NewDisposeScope();
        var ours = new SyncBatchNorm(3) { Group = SingleProcessGroup.Instance };
        var reference = nn.BatchNorm1d(3);
        Tensor x = randn(new long[] { 5, 3 }, generator: new Generator(1));
        Assert.True(Same(reference.call(x), ours.call(x)));
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    [Fact]
    public void AScalarInputIsRefusedNamingTheShape()
    {
        using var norm = new SyncBatchNorm(3);
        var error = Assert.Throws<ArgumentException>(() => norm.call(ones(3)));
        Assert.Contains("BatchNorm takes [N, C, …], got [3]", error.Message);
    }
}
