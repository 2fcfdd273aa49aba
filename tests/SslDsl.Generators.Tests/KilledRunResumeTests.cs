using System.Diagnostics;
using SslDsl.Training.Checkpoints;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>
/// Exact resume as a user meets it: a process pretraining with a checkpoint after every optimizer step is killed with
/// SIGKILL at random moments and started again with <c>resume: true</c> until it finishes; the final state — weights,
/// optimizer state, random state, MoCo queue, loss curve, epoch losses — must equal an uninterrupted run's bit for bit.
/// </summary>
public sealed class KilledRunResumeTests : IDisposable
{
    private const int TrialsPerExperiment = 5;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-kill-" + Guid.NewGuid().ToString("N"));

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
    public void RunsKilledAtRandomMomentsEndBitIdenticalToAnUninterruptedRun(string experiment)
    {
        string reference = Path.Combine(folder, experiment + "-reference.ckpt");
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, Run(experiment, Path.Combine(folder, "reference"), reference, killAfter: null));
        double seconds = clock.Elapsed.TotalSeconds;

        var random = new Random(experiment.GetHashCode(StringComparison.Ordinal) ^ 12345);
        int kills = 0;
        for (int trial = 0; trial < TrialsPerExperiment; trial++)
        {
            string checkpoints = Path.Combine(folder, "trial" + trial);
            string final = Path.Combine(folder, experiment + "-trial" + trial + ".ckpt");
            int launches = 0;
            while (!File.Exists(final))
            {
                Assert.True(++launches <= 12, $"trial {trial} of {experiment} did not finish in 12 launches");
                // The first launch is killed at a random moment in 35-95 % of a whole run's time (process start included),
                // the second in the first half of what is left; later launches run to the end.
                TimeSpan? kill = launches switch
                {
                    1 => TimeSpan.FromSeconds((0.35 + (0.6 * random.NextDouble())) * seconds),
                    2 => TimeSpan.FromSeconds((0.2 + (0.5 * random.NextDouble())) * seconds),
                    _ => null,
                };
                if (Run(experiment, checkpoints, final, kill) != 0)
                {
                    kills++;
                }
            }

            AssertSameState(reference, final, $"{experiment}, trial {trial} ({launches} launches)");
        }

        Assert.True(kills >= TrialsPerExperiment, $"only {kills} of the launches were killed");
    }

    /// <summary>Every checkpoint entry equal, except the wall-clock seconds (run and per-epoch).</summary>
    private static void AssertSameState(string expectedPath, string actualPath, string what)
    {
        using StateReader expected = CheckpointFile.Read(expectedPath, "SslDsl.ResumeChild." + ExperimentClass(expectedPath));
        using StateReader actual = CheckpointFile.Read(actualPath, "SslDsl.ResumeChild." + ExperimentClass(expectedPath));
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (string key in expected.Keys.Where(k => k != "run.seconds"))
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

    private static string ExperimentClass(string path) => Path.GetFileName(path).Split('-')[0] switch
    {
        "simclr" => "ResumeSimClr",
        "moco" => "ResumeMoCo",
        "byol" => "ResumeByol",
        _ => "ResumeAccumulated",
    };

    /// <summary>Runs the child; kills it (SIGKILL) after <paramref name="killAfter"/> if it is still running. Returns its exit code.</summary>
    private static int Run(string experiment, string checkpoints, string final, TimeSpan? killAfter)
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
        if (killAfter is { } delay && !child.WaitForExit(delay))
        {
            child.Kill(); // SIGKILL on Linux: no finally blocks, no flush
        }

        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(2)), "the child hung");
        child.WaitForExit();
        if (killAfter is null && child.ExitCode != 0)
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
