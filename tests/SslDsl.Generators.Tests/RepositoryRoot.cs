namespace SslDsl.Generators.Tests;

/// <summary>The checkout this test assembly was built from: the first folder above the output that holds SslDsl.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "SslDsl.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("no SslDsl.sln above " + AppContext.BaseDirectory);
    }
}
