using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SslDsl.Training.Progress;

namespace SslDsl.Tests.Training.Progress;

/// <summary>The metrics file: JSON lines that parse, survive a kill, and read the same after a resume.</summary>
public sealed class MetricsFileTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-metrics-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string PathIn(string name) => Path.Combine(folder, name);

    private static JsonElement[] Entries(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();

    private string Uninterrupted(string name)
    {
        string path = PathIn(name);
        using (var file = new MetricsFile(path))
        {
            SimulatedRun.Drive(file);
        }

        return path;
    }

    [Fact]
    public void OneObjectPerWindowAndPerEpoch()
    {
        var entries = Entries(Uninterrupted("run.jsonl"));

        Assert.Equal(8, entries.Length); // 6 windows and 2 epochs
        Assert.Equal(new[] { "window", "window", "window", "epoch", "window", "window", "window", "epoch" }, entries.Select(e => e.GetProperty("kind").GetString()));
        var window = entries[1];
        Assert.Equal(4, window.GetProperty("step").GetInt64());
        Assert.Equal(1, window.GetProperty("epoch").GetInt32());
        Assert.Equal(2.5, window.GetProperty("loss").GetDouble());
        Assert.Equal(0.004, window.GetProperty("lr").GetDouble());
        Assert.Equal(512, window.GetProperty("images_per_s").GetDouble());
        Assert.Equal(4, window.GetProperty("elapsed_s").GetDouble());
        Assert.Equal(JsonValueKind.Null, window.GetProperty("knn_top1").ValueKind);
        Assert.Equal(0.5, entries[^1].GetProperty("knn_top1").GetDouble());
    }

    [Fact]
    public void EachLineIsOnDiskBeforeTheRunEnds()
    {
        string path = PathIn("live.jsonl");
        using var file = new MetricsFile(path);

        SimulatedRun.Drive(file, killAfter: 4);

        // Read while the file is still open, as a plotting script tailing it would.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal(2, reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void NonFiniteNumbersAreNull()
    {
        string path = PathIn("nan.jsonl");
        using (var file = new MetricsFile(path))
        {
            file.OnStart("demo", 2, 12, 0);
            file.OnWindow(SimulatedRun.Snapshot(2, TimeSpan.FromSeconds(2)) with { Loss = double.NaN, SamplesPerSecond = double.PositiveInfinity });
        }

        var entry = Entries(path).Single();
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("loss").ValueKind);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("images_per_s").ValueKind);
    }

    [Fact]
    public void ResumeKeepsLinesUpToTheFirstStep()
    {
        string path = PathIn("resume.jsonl");
        using (var killed = new MetricsFile(path))
        {
            SimulatedRun.Drive(killed, killAfter: 10); // lines up to step 10; the checkpoint is at step 6
        }

        using (var resumed = new MetricsFile(path))
        {
            resumed.OnStart("demo", 2, 12, firstStep: 6);
        }

        var steps = Entries(path).Select(e => e.GetProperty("step").GetInt64()).ToArray();
        Assert.Equal(new long[] { 2, 4, 6, 6 }, steps); // three windows and the epoch end at step 6
    }

    [Fact]
    public void ResumedFileEqualsAnUninterruptedOne()
    {
        string path = PathIn("resumed.jsonl");
        using (var killed = new MetricsFile(path))
        {
            SimulatedRun.Drive(killed, killAfter: 9);
        }

        File.AppendAllText(path, "{\"kind\":\"window\",\"st"); // a line torn by the kill
        using (var resumed = new MetricsFile(path))
        {
            SimulatedRun.Drive(resumed, firstStep: 6);
        }

        Assert.Equal(File.ReadAllText(Uninterrupted("whole.jsonl")), File.ReadAllText(path));
    }

    [Fact]
    public void FreshRunReplacesAnOldFile()
    {
        string path = Uninterrupted("again.jsonl");
        using (var again = new MetricsFile(path))
        {
            SimulatedRun.Drive(again, killAfter: 2);
        }

        Assert.Single(Entries(path));
    }

    [Fact]
    public void FileIsTheSameUnderAGermanCulture()
    {
        string german = GermanCulture.Run(() => File.ReadAllText(Uninterrupted("de.jsonl")));

        Assert.Equal(File.ReadAllText(Uninterrupted("invariant.jsonl")), german);
        Assert.Contains("\"loss\":1.6666666666666667", german);
    }
}
