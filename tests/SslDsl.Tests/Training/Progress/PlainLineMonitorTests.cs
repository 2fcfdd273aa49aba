using System;
using System.IO;
using System.Linq;
using SslDsl.Training.Progress;

namespace SslDsl.Tests.Training.Progress;

/// <summary>Redirected output and CI: one flushed line per window and per epoch, in a fixed, greppable wording.</summary>
public sealed class PlainLineMonitorTests
{
    private static string[] Lines(StringWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public void WritesOneLinePerWindowAndPerEpoch()
    {
        var output = new StringWriter();
        var time = new ManualTime();
        using (var monitor = new PlainLineMonitor(output, time))
        {
            SimulatedRun.Drive(monitor, time);
        }

        Assert.Equal(
            new[]
            {
                "training demo: 2 epochs, 12 steps",
                "epoch 1/2 step 2/12 loss 5.0000 lr 2.00e-03 512 samples/s eta 00:00:10",
                "epoch 1/2 step 4/12 loss 2.5000 lr 4.00e-03 512 samples/s eta 00:00:08",
                "epoch 1/2 step 6/12 loss 1.6667 lr 6.00e-03 512 samples/s eta 00:00:06",
                "epoch 1/2 done step 6/12 loss 1.6667 lr 6.00e-03 512 samples/s elapsed 00:00:06 eta 00:00:06",
                "epoch 2/2 step 8/12 loss 1.2500 lr 8.00e-03 512 samples/s eta 00:00:04",
                "epoch 2/2 step 10/12 loss 1.0000 lr 1.00e-02 512 samples/s eta 00:00:02",
                "epoch 2/2 step 12/12 loss 0.8333 lr 1.20e-02 512 samples/s eta 00:00:00",
                "epoch 2/2 done step 12/12 loss 0.8333 lr 1.20e-02 512 samples/s knn 50.0% elapsed 00:00:12 eta 00:00:00",
                "finished demo at step 12/12 after 00:00:12",
            },
            Lines(output));
    }

    [Fact]
    public void EndLineCountsTimeFromStartAndSaysWhyItStopped()
    {
        var output = new StringWriter();
        var time = new ManualTime();
        using var monitor = new PlainLineMonitor(output, time);

        SimulatedRun.Drive(monitor, time, pauseAfter: 5);
        monitor.OnEnd("time budget reached");

        Assert.Equal("stopped demo (time budget reached) at step 5/12 after 00:00:05", Lines(output)[^1]);
    }

    [Fact]
    public void ResumedRunSaysSoAndTimesOnlyItsOwnSteps()
    {
        var output = new StringWriter();
        using (var monitor = new PlainLineMonitor(output, new ManualTime()))
        {
            SimulatedRun.Drive(monitor, firstStep: 6);
        }

        string[] lines = Lines(output);
        Assert.Equal("training demo: 2 epochs, 12 steps, resuming at step 6", lines[0]);
        // Step 8 is 2 steps (2 s) after the resume: 4 steps left take 4 s, whatever the first run took.
        Assert.Equal("epoch 2/2 step 8/12 loss 1.2500 lr 8.00e-03 512 samples/s eta 00:00:04", lines[1]);
    }

    [Fact]
    public void MessagesAreLinesOfTheirOwn()
    {
        var output = new StringWriter();
        using var monitor = new PlainLineMonitor(output, new ManualTime());

        monitor.OnStart("demo", 2, 12, 0);
        monitor.OnMessage("resumed from checkpoints/x.ckpt at epoch 2, step 37");

        Assert.Equal("resumed from checkpoints/x.ckpt at epoch 2, step 37", Lines(output)[^1]);
    }

    [Fact]
    public void NaNLossIsWrittenAsNaN()
    {
        var output = new StringWriter();
        using var monitor = new PlainLineMonitor(output, new ManualTime());

        monitor.OnStart("demo", 2, 12, 0);
        monitor.OnWindow(SimulatedRun.Snapshot(2, TimeSpan.FromSeconds(2)) with { Loss = double.NaN });

        Assert.Equal("epoch 1/2 step 2/12 loss NaN lr 2.00e-03 512 samples/s eta 00:00:10", Lines(output)[^1]);
    }

    [Fact]
    public void LinesAreTheSameUnderAGermanCulture()
    {
        string Run()
        {
            var output = new StringWriter();
            using (var monitor = new PlainLineMonitor(output, new ManualTime()))
            {
                SimulatedRun.Drive(monitor);
            }

            return output.ToString();
        }

        string german = GermanCulture.Run(Run);

        Assert.Equal(Run(), german);
        Assert.Contains("loss 1.6667 lr 6.00e-03", german);
    }

    [Fact]
    public void ConsoleOnAWriterThatIsNotTheTerminalWritesPlainLines()
    {
        var output = new StringWriter();
        using (var monitor = TrainingMonitors.Console(output))
        {
            SimulatedRun.Drive(monitor);
        }

        Assert.Equal(10, Lines(output).Length);
        Assert.DoesNotContain('\u001b', output.ToString()); // no escape sequences in a log
    }
}
