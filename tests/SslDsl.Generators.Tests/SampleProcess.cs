using System.Diagnostics;
using System.Text.Json;

namespace SslDsl.Generators.Tests;

/// <summary>Runs a built sample as a user runs it (<c>dotnet samples/Name/bin/Release/net10.0/Name.dll …</c>), with plain progress lines.</summary>
internal static class SampleProcess
{
    /// <summary>Runs the sample <paramref name="name"/> in <paramref name="workingFolder"/> and waits (at most 8 minutes).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string name, string workingFolder, IEnumerable<string> arguments)
    {
        string sample = Path.Combine(RepositoryRoot.Path, "samples", name, "bin", "Release", "net10.0", name + ".dll");
        Assert.True(File.Exists(sample), $"{sample} is missing: build the solution in Release first (dotnet build SslDsl.sln -c Release)");
        Directory.CreateDirectory(workingFolder);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingFolder };
        foreach (string argument in arguments.Prepend(sample))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CI"] = "true"; // plain progress lines
        using Process process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        string stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, stdout, await stderr);
    }

    /// <summary>The JSON of the last line, which must be <c>RESULT {json}</c>.</summary>
    public static JsonElement Result(string stdout)
    {
        string last = stdout.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("RESULT {", last);
        return JsonDocument.Parse(last["RESULT ".Length..]).RootElement;
    }
}
