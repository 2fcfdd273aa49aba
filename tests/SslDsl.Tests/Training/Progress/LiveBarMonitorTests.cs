using System;
using System.Diagnostics;
using System.Threading;
using Spectre.Console.Testing;
using SslDsl.Training.Progress;

namespace SslDsl.Tests.Training.Progress;

/// <summary>The live bar, rendered into Spectre's test console: what it shows, and that it never breaks training.</summary>
public sealed class LiveBarMonitorTests
{
    private static TestConsole Terminal(int width = 140) => new TestConsole().Interactive().SupportsAnsi(true).Width(width);

    /// <summary>A bar on <paramref name="console"/> driven through the simulated run (to its end, or paused after a step).</summary>
    private static LiveBarMonitor Drive(TestConsole console, long? pauseAfter = null)
    {
        var time = new ManualTime();
        var monitor = new LiveBarMonitor(console, time);
        SimulatedRun.Drive(monitor, time, pauseAfter: pauseAfter);
        return monitor;
    }

    /// <summary>
    /// The bar redraws on its own thread; wait (boundedly) until a redraw shows <paramref name="text"/>, and return the
    /// screen. The test console is not thread-safe: it is read under the monitor's console lock, between redraws.
    /// </summary>
    private static string WaitFor(LiveBarMonitor monitor, TestConsole console, string text)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string screen = monitor.ReadConsole(() => console.Output);
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the bar never showed '{text}':\n{screen}");
            Thread.Sleep(20);
        }
    }

    [Fact]
    public void BarShowsEpochStepLossRateLearningRateAndEta()
    {
        using var console = Terminal();
        using var monitor = Drive(console, pauseAfter: 4);

        // Step 4 of 12 after 4 s: 8 steps left take 8 s. The redraw thread may draw step 4 before its window's
        // snapshot arrives, so wait for the snapshot's values too before reading the screen.
        WaitFor(monitor, console, "loss 2.5000 lr 4.00e-03 512 samples/s");
        string screen = WaitFor(monitor, console, "eta 00:00:08");
        Assert.Contains("training demo: 2 epochs, 12 steps", screen);
        Assert.Contains("epoch 1/2", screen);
        Assert.Contains("step 4/12", screen);
        Assert.Contains("loss 2.5000 lr 4.00e-03 512 samples/s", screen);
        Assert.Null(monitor.DisplayFailure);
    }

    [Fact]
    public void BarMovesToTheNextEpochWithItsFirstStep()
    {
        using var console = Terminal();
        using var monitor = Drive(console, pauseAfter: 6);
        monitor.OnStep(7); // no snapshot yet: the step alone moves the bar

        WaitFor(monitor, console, "epoch 2/2");
        WaitFor(monitor, console, "step 7/12");
    }

    [Fact]
    public void DisposeLeavesTheLastStateAndTheEndLineOnScreen()
    {
        using var console = Terminal();
        var monitor = Drive(console);
        monitor.Dispose();

        string screen = console.Output;
        Assert.Contains("step 12/12", screen);
        Assert.Contains("loss 0.8333 lr 1.20e-02 512 samples/s", screen);
        Assert.Contains("epoch 1/2 done step 6/12 loss 1.6667", screen);
        Assert.Contains("epoch 2/2 done step 12/12 loss 0.8333 lr 1.20e-02 512 samples/s knn 50.0%", screen);
        Assert.EndsWith("finished demo at step 12/12 after 00:00:12", screen.TrimEnd());
        monitor.Dispose(); // twice is harmless
    }

    [Fact]
    public void MessagesPrintAboveTheBar()
    {
        using var console = Terminal();
        using var monitor = Drive(console, pauseAfter: 2);
        monitor.OnMessage("resumed from checkpoints/[x].ckpt at epoch 2, step 37"); // brackets are text, not markup
        WaitFor(monitor, console, "resumed from checkpoints/[x].ckpt at epoch 2, step 37");
        monitor.OnEnd(null);

        Assert.Null(monitor.DisplayFailure);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(30)]
    public void TinyTerminalDoesNotThrow(int width)
    {
        using var console = new TestConsole().Interactive().SupportsAnsi(true).Width(width).Height(2);
        var monitor = Drive(console);
        monitor.Dispose();

        Assert.Null(monitor.DisplayFailure);
        Assert.NotEmpty(console.Output); // cropped or folded, but drawn
    }

    [Fact]
    public void ConsoleThatIsNotATerminalDoesNotThrow()
    {
        using var console = new TestConsole(); // neither interactive nor ANSI: Spectre falls back to plain output
        var monitor = Drive(console);
        monitor.Dispose();

        Assert.Null(monitor.DisplayFailure);
        Assert.Contains("finished demo at step 12/12", console.Output);
    }
}
