using System.Diagnostics;
using SslDsl.Samples;

namespace AugmentationGridSample;

/// <summary>Finds the data folders and runs the repository's fetch scripts when data is missing.</summary>
internal static class DataLocator
{
    /// <summary>
    /// Returns the data folder: <paramref name="explicitFolder"/> when given (it must hold the files), otherwise
    /// the data set's folder under the repository, running its fetch script first when a file is missing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The data is missing and could not be fetched; the message says what to run.</exception>
    public static string Ensure(string? explicitFolder, SampleDataSet data, params string[] files)
    {
        string script = data.FetchScript;
        string? repo = SampleDataSet.RepositoryRoot();
        if (explicitFolder is not null)
        {
            if (!HasAll(explicitFolder, files))
            {
                throw new InvalidOperationException(
                    $"'{Path.GetFullPath(explicitFolder)}' lacks {string.Join(", ", files)}. Run {(repo is null ? script : Path.Combine(repo, script))} and pass its folder (or leave out --data).");
            }

            return explicitFolder;
        }

        if (repo is null)
        {
            throw new InvalidOperationException(
                $"Cannot find the SslDsl repository (SslDsl.sln) above '{Directory.GetCurrentDirectory()}'. Run {script} from a clone, then pass --data <folder>.");
        }

        string folder = Path.Combine(repo, data.Folder);
        if (HasAll(folder, files))
        {
            return folder;
        }

        string scriptPath = Path.Combine(repo, script);
        Console.Error.WriteLine($"Data missing in {folder}; running {scriptPath}");
        var start = new ProcessStartInfo("bash", new[] { scriptPath }) { RedirectStandardOutput = true, UseShellExecute = false };
        int exitCode;
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            exitCode = process.ExitCode;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException($"Could not run {scriptPath} ({ex.Message}). Run it yourself: bash {scriptPath}", ex);
        }

        if (exitCode != 0 || !HasAll(folder, files))
        {
            throw new InvalidOperationException($"{scriptPath} failed (exit code {exitCode}); see its messages above, fix the cause and run it again: bash {scriptPath}");
        }

        return folder;
    }

    private static bool HasAll(string folder, string[] files) => files.All(f => File.Exists(Path.Combine(folder, f)));
}
