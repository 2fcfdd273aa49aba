using System;
using System.Linq;
using SslDsl.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Distributed;

/// <summary>A program outside an MPI launcher: one process, collectives that change nothing, a clear error when data parallel is required.</summary>
public sealed class ProcessGroupsTests
{
    [Fact]
    public void WithoutALauncherTheProgramRunsAsOneProcess()
    {
        Assert.False(ProcessGroups.UnderLauncher); // the test host is not started by mpirun
        using IProcessGroup group = ProcessGroups.FromLauncher();

        Assert.Equal((0, 1, "single"), (group.Rank, group.Size, group.Backend));
        using Tensor values = tensor(new[] { 1f, 2f, 3f });
        group.AllReduceSum(values);
        group.Broadcast(values, root: 0);
        group.Barrier();
        Assert.Equal(new[] { 1f, 2f, 3f }, values.data<float>().ToArray());
        using Tensor gathered = group.AllGather(values);
        Assert.Equal(new[] { 1f, 2f, 3f }, gathered.data<float>().ToArray());
        gathered.add_(1);
        Assert.Equal(1f, values[0].item<float>()); // a copy, not a view
        Assert.Throws<ArgumentOutOfRangeException>(() => group.Broadcast(values, root: 1));
    }

    [Fact]
    public void RequiringDataParallelWithoutALauncherSaysHowToLaunch()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ProcessGroups.FromLauncher(requireDistributed: true));
        Assert.Contains("mpirun -np N", error.Message);
    }

    [Fact]
    public void TheDifferentiableAllGatherOfOneProcessPassesGradientsThrough()
    {
        using Tensor x = tensor(new[] { 1.0, -2.0, 0.5 }, ScalarType.Float64).requires_grad_(true);
        using Tensor gathered = DistributedAutograd.AllGather(SingleProcessGroup.Instance, x);
        using Tensor loss = gathered.square().sum();
        loss.backward();

        Assert.Equal(new[] { 2.0, -4.0, 1.0 }, x.grad!.data<double>().ToArray()); // d/dx Σx² = 2x
    }
}
