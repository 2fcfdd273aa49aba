using SslDsl.Generators.Tests.Snapshots;

namespace SslDsl.Generators.Tests;

/// <summary>
/// The generated source of one experiment per attribute family, compared with the checked-in
/// <c>Snapshots/&lt;Name&gt;.verified.cs</c>. Set <c>SSLDSL_UPDATE_SNAPSHOTS=1</c> to rewrite them (see Snapshots/README.md).
/// </summary>
public class SnapshotTests
{
    private const string UpdateVariable = "SSLDSL_UPDATE_SNAPSHOTS";

    public static TheoryData<string> Names => new(SnapshotExperiments.All.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedSourceMatchesSnapshot(string name)
    {
        string actual = Normalise(GeneratorHarness.GeneratedSource(SnapshotExperiments.All[name], SnapshotExperiments.ExperimentOf(name)));
        string path = Path.Combine(SnapshotDirectory(), name + ".verified.cs");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no snapshot {path}: run the tests once with {UpdateVariable}=1 and review the new file");
        string expected = Normalise(File.ReadAllText(path));
        if (expected != actual)
        {
            Assert.Fail($"{name}: generated source differs from {Path.GetFileName(path)}. {FirstDifference(expected, actual)}\n"
                + $"If the change is intended, re-run with {UpdateVariable}=1 and review the diff.");
        }
    }

    [Fact]
    public void EverySnapshotFileBelongsToAnExperiment()
    {
        string[] orphans = Directory.GetFiles(SnapshotDirectory(), "*.verified.cs")
            .Select(f => Path.GetFileName(f)[..^".verified.cs".Length])
            .Where(n => !SnapshotExperiments.All.ContainsKey(n))
            .ToArray();
        Assert.Empty(orphans);
    }

    /// <summary>The debugger steps over the generated plumbing, but into the loss: that is the code worth reading.</summary>
    [Fact]
    public void DebuggerStepsOverPlumbingButIntoTheLoss()
    {
        string text = GeneratorHarness.GeneratedSource(SnapshotExperiments.All["Byol"]);
        string[] lines = text.Split('\n').Select(l => l.Trim()).ToArray();
        string AttributeAbove(string member) => lines[Array.FindIndex(lines, l => l.Contains(member, StringComparison.Ordinal)) - 1];
        Assert.Equal("[global::System.Diagnostics.DebuggerNonUserCode]", AttributeAbove("internal Trainer("));
        Assert.Equal("[global::System.Diagnostics.DebuggerNonUserCode]", AttributeAbove("public static Trainer CreateTrainer("));
        Assert.Equal("[global::System.Diagnostics.DebuggerNonUserCode]", AttributeAbove("protected override void AfterOptimizerStep()"));
        Assert.DoesNotContain("DebuggerNonUserCode", AttributeAbove("protected override global::TorchSharp.torch.Tensor ComputeLoss("), StringComparison.Ordinal);
    }

    /// <summary>The first line where the two differ, with both versions, so a failure reads without a diff tool.</summary>
    internal static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string? left = i < e.Length ? e[i] : null;
            string? right = i < a.Length ? a[i] : null;
            if (left != right)
            {
                return $"First difference at line {i + 1}:\n  expected: {left ?? "<end of file>"}\n  actual:   {right ?? "<end of file>"}";
            }
        }

        return "The texts differ only in line endings.";
    }

    // Git may check the files out with CRLF (the generator writes LF), and a version bump is not a change of the code.
    private static string Normalise(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text.Replace("\r\n", "\n"), @"GeneratedCode\(""SslDsl.Generators"", ""[^""]*""\)", @"GeneratedCode(""SslDsl.Generators"", ""<version>"")");

    // Found from the test's output folder, not [CallerFilePath]: CI builds map source paths to /_/ (deterministic builds).
    private static string SnapshotDirectory() => Path.Combine(RepositoryRoot.Path, "tests", "SslDsl.Generators.Tests", "Snapshots");
}
