namespace SslDsl.Samples;

/// <summary>
/// A data set as this repository provides it to the samples: the script that fetches it and the folder the script
/// fills, both relative to the repository root. The readers of SslDsl.Datasets know neither; they take a folder.
/// </summary>
internal sealed record SampleDataSet(string FetchScript, string Folder)
{
    public static SampleDataSet FashionMnist { get; } = new("samples/scripts/fetch-fashion-mnist.sh", ".data/fashion-mnist");

    public static SampleDataSet BrainMri { get; } = new("samples/scripts/fetch-brain-mri.sh", ".data/brain-mri");

    public static SampleDataSet SensorMotes { get; } = new("samples/scripts/fetch-sensor-motes.sh", ".data/sensor-motes");

    public static SampleDataSet Ecg { get; } = new("samples/scripts/fetch-ecg.sh", ".data/ecg");

    public static SampleDataSet BrownCorpus { get; } = new("samples/scripts/fetch-brown-corpus.sh", ".data/brown-corpus");

    /// <summary>The repository root (the folder with SslDsl.sln above the working directory or the executable), or null.</summary>
    public static string? RepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SslDsl.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary><see cref="Folder"/> under the repository root, or as it is when no repository is found.</summary>
    public string DefaultFolder() => RepositoryRoot() is { } root ? Path.Combine(root, Folder) : Folder;

    /// <summary>Runs <paramref name="load"/> on <paramref name="folder"/>; when data is missing, says which script fetches it.</summary>
    /// <exception cref="InvalidOperationException">A file or the folder is missing (the reader's message, then the hint).</exception>
    public T Load<T>(string folder, Func<string, T> load)
    {
        try
        {
            return load(folder);
        }
        catch (IOException ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            throw new InvalidOperationException($"{ex.Message} Run {FetchScript} (it fills {Folder}/ in the repository), or pass --data <folder>.", ex);
        }
    }
}
