using System;
using System.Collections.Generic;
using System.IO;
using Spectre.Console.Testing;
using SslDsl.Training;
using SslDsl.Training.Progress;

namespace SslDsl.Tests.Training.Progress;

/// <summary>Combining monitors, the IProgress adapter, and the hot path's promise not to allocate.</summary>
public sealed class TrainingMonitorsTests
{
    /// <summary>Records every call as text, to check what reached it and in which order.</summary>
    private sealed class Recorder : ITrainingMonitor
    {
        public List<string> Calls { get; } = new();

        public void OnStart(string experiment, int totalEpochs, long totalSteps, long firstStep) => Calls.Add($"start {experiment} {totalEpochs} {totalSteps} {firstStep}");

        public void OnStep(long step) => Calls.Add($"step {step}");

        public void OnWindow(TrainingSnapshot snapshot) => Calls.Add($"window {snapshot.Step}");

        public void OnEpoch(TrainingSnapshot snapshot) => Calls.Add($"epoch {snapshot.Epoch}");

        public void OnMessage(string message) => Calls.Add($"message {message}");

        public void OnEnd(string? stoppedBecause) => Calls.Add($"end {stoppedBecause ?? "-"}");

        public void Dispose() => Calls.Add("dispose");
    }

    private sealed class ListProgress : IProgress<EpochReport>
    {
        public List<EpochReport> Reports { get; } = new();

        public void Report(EpochReport value) => Reports.Add(value);
    }

    [Fact]
    public void CombineForwardsEveryCallToEveryMonitorInOrder()
    {
        var first = new Recorder();
        var second = new Recorder();

        using (var both = TrainingMonitors.Combine(first, TrainingMonitors.None, second))
        {
            both.OnStart("demo", 2, 12, 3);
            both.OnStep(4);
            both.OnWindow(SimulatedRun.Snapshot(4, TimeSpan.FromSeconds(1)));
            both.OnEpoch(SimulatedRun.Snapshot(6, TimeSpan.FromSeconds(3)));
            both.OnMessage("note");
            both.OnEnd("cancelled");
        }

        var expected = new[] { "start demo 2 12 3", "step 4", "window 4", "epoch 1", "message note", "end cancelled", "dispose" };
        Assert.Equal(expected, first.Calls);
        Assert.Equal(expected, second.Calls);
    }

    [Fact]
    public void CombineOfOneIsThatOneAndOfNoneIsNone()
    {
        var only = new Recorder();

        Assert.Same(only, TrainingMonitors.Combine(only, TrainingMonitors.None));
        Assert.Same(TrainingMonitors.None, TrainingMonitors.Combine());
    }

    [Fact]
    public void CombineDisposesAllEvenWhenOneThrows()
    {
        var after = new Recorder();
        using var failing = new FailingDispose();

        var combined = TrainingMonitors.Combine(failing, after);

        Assert.Throws<InvalidOperationException>(combined.Dispose);
        Assert.Equal(new[] { "dispose" }, after.Calls);
    }

    private sealed class FailingDispose : TrainingMonitor
    {
        private bool disposed;

        public override void Dispose()
        {
            if (!disposed)
            {
                disposed = true;
                throw new InvalidOperationException("display broke");
            }
        }
    }

    [Fact]
    public void ProgressMonitorReportsEachEpoch()
    {
        var progress = new ListProgress();
        using (var monitor = new ProgressMonitor(progress))
        {
            SimulatedRun.Drive(monitor);
        }

        Assert.Equal(
            new[]
            {
                new EpochReport(1, 6, 10.0 / 6, 0.006, 6, null, SamplesPerSecond: 512),
                new EpochReport(2, 12, 10.0 / 12, 0.012, 12, 0.5, SamplesPerSecond: 512),
            },
            progress.Reports);
    }

    [Fact]
    public void ForFitWithProgressShowsNothingElse()
    {
        var progress = new ListProgress();

        using var monitor = TrainingMonitors.ForFit(progress);

        Assert.IsType<ProgressMonitor>(monitor);
    }

    [Fact]
    public void ForFitWithAMetricsPathAlsoWritesTheFile()
    {
        string metrics = Path.Combine(Path.GetTempPath(), "ssldsl-forfit-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var progress = new ListProgress();
        try
        {
            using (var monitor = TrainingMonitors.ForFit(progress, metrics))
            {
                SimulatedRun.Drive(monitor);
            }

            Assert.Equal(2, progress.Reports.Count);
            Assert.Equal(8, File.ReadAllLines(metrics).Length);
        }
        finally
        {
            File.Delete(metrics);
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    public void CiCountsAsSetUnlessEmptyFalseOrZero(string? value, bool set) =>
        Assert.Equal(set, TrainingMonitors.IsSet(value));

    [Fact]
    public void OnStepDoesNotAllocate()
    {
        string metrics = Path.Combine(Path.GetTempPath(), "ssldsl-alloc-" + Guid.NewGuid().ToString("N") + ".jsonl");
        using var console = new TestConsole().Interactive().SupportsAnsi(true).Width(120);
        var time = new ManualTime();
        try
        {
            using var monitor = TrainingMonitors.Combine(
                new LiveBarMonitor(console, time),
                new PlainLineMonitor(new StringWriter(), time),
                new MetricsFile(metrics),
                new ProgressMonitor(new ListProgress()));
            monitor.OnStart("demo", 2, 20_000, 0);
            monitor.OnStep(1); // anything lazily set up on a first call is not the hot path

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (long step = 2; step <= 10_001; step++)
            {
                monitor.OnStep(step);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }
        finally
        {
            File.Delete(metrics);
        }
    }
}
