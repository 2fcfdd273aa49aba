using System;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using TorchSharp.Modules;
using static SslDsl.Tests.Objectives.ObjectiveTestMath;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

public sealed class MomentumUpdaterTests
{
    [Theory]
    [InlineData(1, 0.9)]
    [InlineData(2, 0.996)]
    [InlineData(3, 0.5)]
    public void OneUpdateIsTheExponentialMovingAverage(int seed, double m)
    {
        using var scope = NewDisposeScope();
        double[][] o1 = RandomRows(seed, 3, 4);
        double[][] t1 = RandomRows(seed + 10, 3, 4);
        double[][] o2 = RandomRows(seed + 20, 1, 5);
        double[][] t2 = RandomRows(seed + 30, 1, 5);
        Tensor[] online = { ToTensor(o1), ToTensor(o2) };
        Tensor[] target = { ToTensor(t1), ToTensor(t2) };

        new MomentumUpdater(online, target).Update(m);

        AssertRowsClose(Ema(t1, o1, m), target[0], 1e-15);
        AssertRowsClose(Ema(t2, o2, m), target[1], 1e-15);
        AssertRowsClose(o1, online[0], 0);   // the online side is untouched
    }

    [Fact]
    public void MomentumOneLeavesTheTargetBitForBitUnchanged()
    {
        using var scope = NewDisposeScope();
        double[][] t = RandomRows(4, 3, 3);
        Tensor target = ToTensor(t);

        new MomentumUpdater(new[] { ToTensor(RandomRows(5, 3, 3)) }, new[] { target }).Update(1.0);

        Assert.Equal(t.SelectMany(r => r).ToArray(), ToRows(target).SelectMany(r => r).ToArray());
    }

    [Fact]
    public void MomentumZeroCopiesTheOnlineValues()
    {
        using var scope = NewDisposeScope();
        double[][] o = RandomRows(6, 2, 3);
        Tensor target = ToTensor(RandomRows(7, 2, 3));

        new MomentumUpdater(new[] { ToTensor(o) }, new[] { target }).Update(0.0);

        AssertRowsClose(o, target, 0);
    }

    [Fact]
    public void RepeatedUpdatesUseTheCurrentOnlineValues()
    {
        using var scope = NewDisposeScope();
        double[][] o = RandomRows(8, 2, 2);
        double[][] t = RandomRows(9, 2, 2);
        Tensor online = ToTensor(o);
        Tensor target = ToTensor(t);
        var updater = new MomentumUpdater(new[] { online }, new[] { target });

        updater.Update(0.9);
        online.add_(1.0);
        updater.Update(0.8);

        double[][] expected = Ema(Ema(t, o, 0.9), o.Select(r => r.Select(v => v + 1).ToArray()).ToArray(), 0.8);
        AssertRowsClose(expected, target, 1e-15);
    }

    [Fact]
    public void UpdateRecordsNoAutogradHistoryOnTrainableTargets()
    {
        using var scope = NewDisposeScope();
        Tensor online = ToTensor(RandomRows(1, 2, 2), requiresGrad: true);
        Tensor target = ToTensor(RandomRows(2, 2, 2), requiresGrad: true);

        new MomentumUpdater(new[] { online }, new[] { target }).Update(0.99);   // in place on a leaf: only legal without grad

        Assert.True(target.is_leaf);
        Assert.Null(online.grad);
    }

    [Fact]
    public void ModulesCopyThenAverageAndBuffersAreCopied()
    {
        using var scope = NewDisposeScope();
        var onlineNet = nn.Sequential(("fc", nn.Linear(3, 4)), ("bn", nn.BatchNorm1d(4)));
        var targetNet = nn.Sequential(("fc", nn.Linear(3, 4)), ("bn", nn.BatchNorm1d(4)));

        MomentumUpdater.CopyInto(onlineNet, targetNet);

        Parameter[] onlineParameters = onlineNet.parameters().ToArray();
        Parameter[] targetParameters = targetNet.parameters().ToArray();
        for (int i = 0; i < onlineParameters.Length; i++)
        {
            Assert.True(onlineParameters[i].eq(targetParameters[i]).all().item<bool>());
            Assert.False(targetParameters[i].requires_grad);
            Assert.True(onlineParameters[i].requires_grad);
        }

        // one training step's worth of change: new weights and new BatchNorm running statistics on the online side
        onlineNet.train();
        onlineNet.call(randn(8, 3, generator: new Generator(3)));
        double[] before = targetParameters[0].to_type(ScalarType.Float64).data<double>().ToArray();
        using (no_grad())
        {
            onlineParameters[0].add_(0.5);
        }

        double[] online = onlineParameters[0].to_type(ScalarType.Float64).data<double>().ToArray();
        new MomentumUpdater(onlineNet, targetNet, copyBuffers: true).Update(0.75);

        double[] after = targetParameters[0].to_type(ScalarType.Float64).data<double>().ToArray();
        for (int i = 0; i < after.Length; i++)
        {
            Assert.Equal((0.75 * before[i]) + (0.25 * online[i]), after[i], 1e-6);
        }

        Tensor[] onlineBuffers = onlineNet.buffers().ToArray();
        Tensor[] targetBuffers = targetNet.buffers().ToArray();
        Assert.Equal(3, onlineBuffers.Length);   // running_mean, running_var, num_batches_tracked
        for (int i = 0; i < onlineBuffers.Length; i++)
        {
            Assert.True(onlineBuffers[i].eq(targetBuffers[i]).all().item<bool>());
        }

        Assert.Equal(1L, targetBuffers.Single(b => b.dtype == ScalarType.Int64).item<long>());
    }

    [Fact]
    public void WithoutBufferListsTheTargetStatisticsAreLeftAlone()
    {
        using var scope = NewDisposeScope();
        var onlineNet = nn.BatchNorm1d(2);
        var targetNet = nn.BatchNorm1d(2);
        onlineNet.train();
        onlineNet.call(randn(6, 2, generator: new Generator(4)).add(3.0));

        new MomentumUpdater(onlineNet, targetNet).Update(0.5);

        Assert.Equal(new[] { 0f, 0f }, targetNet.running_mean!.data<float>().ToArray());
    }

    [Fact]
    public void MismatchedListsAreRejected()
    {
        using var scope = NewDisposeScope();
        var countEx = Assert.Throws<ArgumentException>(() => new MomentumUpdater(new[] { ones(2) }, new[] { ones(2), ones(2) }));
        var shapeEx = Assert.Throws<ArgumentException>(() => new MomentumUpdater(new[] { ones(2, 3) }, new[] { ones(3, 2) }));

        Assert.Contains("1", countEx.Message);
        Assert.Contains("2", countEx.Message);
        Assert.Contains("[2, 3]", shapeEx.Message);
        Assert.Contains("[3, 2]", shapeEx.Message);
        Assert.Throws<ArgumentException>(() => new MomentumUpdater(new[] { ones(2) }, new[] { ones(2) }, onlineBuffers: new[] { ones(1) }));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void MomentumOutsideTheUnitIntervalIsRejected(double m)
    {
        using var scope = NewDisposeScope();
        var updater = new MomentumUpdater(new[] { ones(2) }, new[] { zeros(2) });
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => updater.Update(m));
        Assert.Equal("momentum", ex.ParamName);
    }

    [Fact]
    public void CosineScheduleHitsStartMiddleAndEnd()
    {
        // τ_k = end − (end − start)(cos(πk/K) + 1)/2: k = 0 → start, k = K/2 → (start + end)/2, k = K → end.
        var schedule = new CosineMomentumSchedule(0.996, 1.0, 1000);

        Assert.Equal(0.996, schedule.At(0), 1e-15);
        Assert.Equal(0.998, schedule.At(500), 1e-15);
        Assert.Equal(1.0, schedule.At(1000), 1e-15);
        Assert.Equal(1.0 - (0.004 * (Math.Cos(Math.PI / 4) + 1) / 2), schedule.At(250), 1e-15);
        Assert.Equal(1.0, schedule.At(5000), 1e-15);    // clamped past the end
        Assert.Equal(0.996, schedule.At(-3), 1e-15);    // and before the start
    }

    [Fact]
    public void CosineScheduleIsMonotoneForARisingMomentum()
    {
        var schedule = new CosineMomentumSchedule(0.99, 0.999, 37);
        for (long k = 1; k <= 37; k++)
        {
            Assert.True(schedule.At(k) > schedule.At(k - 1));
        }
    }

    [Theory]
    [InlineData(-0.1, 1.0, 10L, "start")]
    [InlineData(0.9, 1.1, 10L, "end")]
    [InlineData(0.9, 1.0, 0L, "totalSteps")]
    public void CosineScheduleRejectsInvalidArguments(double start, double end, long steps, string param)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CosineMomentumSchedule(start, end, steps));
        Assert.Equal(param, ex.ParamName);
    }

    private static double[][] Ema(double[][] target, double[][] online, double m) =>
        target.Select((row, i) => row.Select((v, c) => (m * v) + ((1 - m) * online[i][c])).ToArray()).ToArray();
}
