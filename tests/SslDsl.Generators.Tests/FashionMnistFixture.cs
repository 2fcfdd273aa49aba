namespace SslDsl.Generators.Tests;

/// <summary>The 300-image Fashion-MNIST fixture laid out as the four files the samples read (it serves as both splits).</summary>
internal static class FashionMnistFixture
{
    /// <summary>Copies the fixture into <paramref name="folder"/> (created if missing) under Fashion-MNIST's file names.</summary>
    public static void CopyTo(string folder)
    {
        Directory.CreateDirectory(folder);
        string fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "fashion-mnist");
        foreach ((string name, string fixture) in new[] { ("train-images", "images-idx3"), ("train-labels", "labels-idx1"), ("t10k-images", "images-idx3"), ("t10k-labels", "labels-idx1") })
        {
            File.Copy(Path.Combine(fixtures, $"fixture-{fixture}-ubyte.gz"), Path.Combine(folder, $"{name}-{fixture[^4..]}-ubyte.gz"), overwrite: true);
        }
    }
}
