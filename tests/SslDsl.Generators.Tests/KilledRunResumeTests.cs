using System.Diagnostics;
using SslDsl.Training.Checkpoints;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>
/// Exact resume as a user meets it: a process pretraining with a checkpoint after every optimizer step is killed with
/// SIGKILL at random moments and started again with <c>resume: true</c> until it finishes; the final state — weights,
/// optimizer state, random state, MoCo's and SwAV's queues, loss curve, epoch losses — must equal an uninterrupted run's bit for bit.
/// </summary>
public sealed class KilledRunResumeTests : IDisposable
{
    private const int TrialsPerExperiment = 5;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-kill-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper output;

    public KilledRunResumeTests(ITestOutputHelper output) => this.output = output;

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("simclr")] // warm-up + cosine schedule
    [InlineData("moco")] // key queue and momentum encoder
    [InlineData("byol")] // cosine momentum schedule
    [InlineData("accumulated")] // AccumulationSteps = 2
    [InlineData("swav")] // SwAV's queue of projections and frozen prototypes
    public void RunsKilledAtRandomMomentsEndBitIdenticalToAnUninterruptedRun(string experiment)
    {
        string reference = Path.Combine(folder, experiment + "-reference.ckpt");
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, Run(experiment, Path.Combine(folder, "reference"), reference, kill: null));
        double seconds = clock.Elapsed.TotalSeconds;

        var random = new Random(experiment.GetHashCode(StringComparison.Ordinal) ^ 12345);
        string name = "SslDsl.ResumeChild." + ExperimentClass(experiment);
        int kills = 0;
        int killedTrials = 0;
        int allLaunches = 0;
        for (int trial = 0; trial < TrialsPerExperiment; trial++)
        {
            string checkpoints = Path.Combine(folder, "trial" + trial);
            string final = Path.Combine(folder, experiment + "-trial" + trial + ".ckpt");
            var steps = new SslDsl.Training.CheckpointFolder(checkpoints, name);
            int launches = 0;
            int killsBefore = kills;
            while (!File.Exists(final))
            {
                Assert.True(++launches <= 12, $"trial {trial} of {experiment} did not finish in 12 launches");
                // The first two launches are killed once the run has passed a random optimizer step (the checkpoint
                // names tell), after a random delay of up to 30 ms, so kills land anywhere: mid-step, mid-save, between
                // saves. Speed does not matter, unlike a kill after a fixed time. Later launches run to the end.
                long reached = Step(steps.NewestFirst().FirstOrDefault());
                KillPlan? kill = launches <= 2 && reached < 80
                    ? new KillPlan(steps, random.NextInt64(reached + 1, 90), TimeSpan.FromMilliseconds(random.Next(30)))
                    : null;
                if (Run(experiment, checkpoints, final, kill) != 0)
                {
                    kills++;
                }
            }

            AssertSameState(reference, final, $"{experiment}, trial {trial} ({launches} launches)");
            killedTrials += kills > killsBefore ? 1 : 0;
            allLaunches += launches;
        }

        output.WriteLine($"{experiment}: {TrialsPerExperiment} trials, {allLaunches} launches, {kills} SIGKILLs, {killedTrials} trials killed at least once; every final state bit-identical (uninterrupted run {seconds:0.0} s)");
        Assert.Equal(TrialsPerExperiment, killedTrials);
    }

    /// <summary>Kill the child once a checkpoint at <paramref name="AtStep"/> or later exists, after <paramref name="Delay"/>.</summary>
    private sealed record KillPlan(SslDsl.Training.CheckpointFolder Folder, long AtStep, TimeSpan Delay);

    /// <summary>The optimizer step in a checkpoint's name (0 for none).</summary>
    private static long Step(string? path) =>
        path is null ? 0 : long.Parse(Path.GetFileNameWithoutExtension(path).Split(".step")[^1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every checkpoint entry equal, except the wall-clock seconds (run, its monitors, and per-epoch).</summary>
    private static void AssertSameState(string expectedPath, string actualPath, string what)
    {
        using StateReader expected = CheckpointFile.Read(expectedPath, "SslDsl.ResumeChild." + ExperimentClass(expectedPath));
        using StateReader actual = CheckpointFile.Read(actualPath, "SslDsl.ResumeChild." + ExperimentClass(expectedPath));
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (string key in expected.Keys.Where(k => k is not ("run.seconds" or "run.monitor_seconds")))
        {
            object e = expected.Raw(key);
            object a = actual.Raw(key);
            if (e is Tensor et && a is Tensor at)
            {
                if (key == "run.epochs")
                {
                    et = et.index_select(1, tensor(new long[] { 0, 1, 2, 3, 5 }));
                    at = at.index_select(1, tensor(new long[] { 0, 1, 2, 3, 5 }));
                }

                Assert.True(et.dtype == at.dtype && et.shape.SequenceEqual(at.shape) && et.equal(at).all().item<bool>(), $"{what}: '{key}' differs");
            }
            else
            {
                Assert.True(Equals(e, a), $"{what}: '{key}' is {a}, expected {e}");
            }
        }
    }

    private static string ExperimentClass(string pathOrExperiment) => Path.GetFileName(pathOrExperiment).Split('-')[0] switch
    {
        "simclr" => "ResumeSimClr",
        "moco" => "ResumeMoCo",
        "byol" => "ResumeByol",
        "swav" => "ResumeSwav",
        _ => "ResumeAccumulated",
    };

    /// <summary>Runs the child; kills it (SIGKILL) as <paramref name="kill"/> says if it is still running. Returns its exit code.</summary>
    private static int Run(string experiment, string checkpoints, string final, KillPlan? kill)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(ChildPath);
        start.ArgumentList.Add(experiment);
        start.ArgumentList.Add(checkpoints);
        start.ArgumentList.Add(final);
        using Process child = Process.Start(start)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        Task<string> error = child.StandardError.ReadToEndAsync();
        if (kill is not null)
        {
            while (!child.HasExited && Step(kill.Folder.NewestFirst().FirstOrDefault()) < kill.AtStep)
            {
                Thread.Sleep(2);
            }

            Thread.Sleep(kill.Delay);
            if (!child.HasExited)
            {
                child.Kill(); // SIGKILL on Linux: no finally blocks, no flush
            }
        }

        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(2)), "the child hung");
        child.WaitForExit();
        if (kill is null && child.ExitCode != 0)
        {
            Assert.Fail($"{experiment} exited {child.ExitCode}: {output.Result}{error.Result}");
        }

        return child.ExitCode;
    }

    private static string ChildPath
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            string path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../SslDsl.ResumeChild/bin", configuration, "net10.0/SslDsl.ResumeChild.dll"));
            Assert.True(File.Exists(path), $"the resume child is not built: {path}");
            return path;
        }
    }
}
