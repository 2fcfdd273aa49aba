using System.Diagnostics;
using System.Text.Json;

namespace SslDsl.Generators.Tests.Distributed;

/// <summary>
/// Starts tests/SslDsl.DistributedChild under Open MPI's <c>mpirun</c> on localhost (installed by
/// tests/ensure-test-packages.sh) and collects each rank's report.
/// </summary>
internal static class MpiJob
{
    public sealed record Outcome(int ExitCode, string Output, TimeSpan Elapsed, IReadOnlyDictionary<int, JsonElement> Ranks);

    public static Task<Outcome> Run(int ranks, string folder, params string[] arguments) => RunProgram(ranks, ChildPath, folder, null, arguments);

    /// <summary>The child with extra environment variables (the launched ranks inherit mpirun's environment on localhost).</summary>
    public static Task<Outcome> RunWith(IReadOnlyDictionary<string, string> environment, int ranks, string folder, params string[] arguments) =>
        RunProgram(ranks, ChildPath, folder, environment, arguments);

    /// <summary>Runs <paramref name="program"/> (a built .dll) on <paramref name="ranks"/> ranks; reports are read from <paramref name="folder"/>.</summary>
    public static async Task<Outcome> RunProgram(int ranks, string program, string folder, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        string mpirun = new[] { "/usr/bin/mpirun", "/usr/local/bin/mpirun" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("mpirun is not installed: tests/ensure-test-packages.sh installs Open MPI (openmpi-bin)");
        var start = new ProcessStartInfo(mpirun) { RedirectStandardOutput = true, RedirectStandardError = true };
        // --oversubscribe: more ranks than this machine's cores are fine for a correctness test.
        foreach (string argument in new[] { "-np", ranks.ToString(), "--oversubscribe", "dotnet", program }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        if (Environment.UserName == "root")
        {
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"; // CI containers run as root; Open MPI refuses that unless told
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        string stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        TimeSpan elapsed = clock.Elapsed;

        var reports = new Dictionary<int, JsonElement>();
        for (int rank = 0; rank < ranks; rank++)
        {
            string file = Path.Combine(folder, $"rank-{rank}.json");
            if (File.Exists(file))
            {
                reports[rank] = JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone();
                File.Delete(file); // a later job in the same folder reports afresh
            }
        }

        return new Outcome(process.ExitCode, stdout + await stderr, elapsed, reports);
    }

    private static string ChildPath
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            string path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../SslDsl.DistributedChild/bin", configuration, "net10.0/SslDsl.DistributedChild.dll"));
            Assert.True(File.Exists(path), $"the distributed child is not built: {path}");
            return path;
        }
    }
}
