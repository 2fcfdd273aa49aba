using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SslDsl.Generators.Tests.Snapshots;

namespace SslDsl.Generators.Tests;

/// <summary>
/// The pipeline caches: an edit that does not touch an experiment's attributes recomputes nothing (model step and
/// source output), a hyperparameter edit recomputes both, and no step holds a Roslyn object that would defeat caching.
/// </summary>
public class IncrementalityTests
{
    private static readonly string Source = SnapshotExperiments.All["SimClr"];

    /// <summary>
    /// The steps the generator names (every constant of its TrackingNames) and its source output. Roslyn's own steps
    /// (the compilation, ForAttributeWithMetadataName's syntax) hold Roslyn objects by design.
    /// </summary>
    private static bool IsOurs(string stepName) =>
        stepName == WellKnownGeneratorOutputs.SourceOutput
        || typeof(SslExperimentGenerator.TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static).Any(f => (string?)f.GetValue(null) == stepName);

    private static GeneratorRunResult Rerun(Func<CSharpCompilation, CSharpCompilation> edit)
    {
        CSharpCompilation first = GeneratorHarness.Compile(Source);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(first);
        return driver.RunGenerators(edit(first)).GetRunResult().Results.Single();
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, string from, string to)
    {
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        return compilation.ReplaceSyntaxTree(tree, GeneratorHarness.Parse(tree.ToString().Replace(from, to, StringComparison.Ordinal)));
    }

    private static IEnumerable<IncrementalStepRunReason> ModelReasons(GeneratorRunResult result) =>
        result.TrackedSteps[SslExperimentGenerator.TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps[WellKnownGeneratorOutputs.SourceOutput].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static void AssertReused(IEnumerable<IncrementalStepRunReason> reasons)
    {
        IncrementalStepRunReason[] all = reasons.ToArray();
        Assert.NotEmpty(all);
        Assert.All(all, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"recomputed: {r}"));
    }

    [Fact]
    public void CommentEditReusesModelAndOutput()
    {
        GeneratorRunResult result = Rerun(c => Edit(c, "[SimClr(", "// tuned later\n[SimClr("));
        AssertReused(ModelReasons(result));
        AssertReused(OutputReasons(result));
    }

    [Fact]
    public void EditInAnotherFileReusesModelAndOutput()
    {
        GeneratorRunResult result = Rerun(c => c.AddSyntaxTrees(GeneratorHarness.Parse("namespace Other; public static class Helper { public static int Two => 2; }", "Other.cs")));
        AssertReused(ModelReasons(result));
        AssertReused(OutputReasons(result));
    }

    [Fact]
    public void HyperparameterEditRecomputesModelAndOutput()
    {
        GeneratorRunResult result = Rerun(c => Edit(c, "Temperature = 0.3", "Temperature = 0.25"));
        Assert.All(ModelReasons(result), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(OutputReasons(result), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.Contains("NtXentLoss(0.25, ViewCount)", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoTrackedStepHoldsCompilationsSymbolsSyntaxOrLocations()
    {
        GeneratorRunResult result = Rerun(c => Edit(c, "Temperature = 0.3", "Temperature = 0.25"));
        var steps = result.TrackedSteps.Concat(result.TrackedOutputSteps).Where(s => IsOurs(s.Key)).ToArray();
        Assert.Contains(steps, s => s.Key == SslExperimentGenerator.TrackingNames.Models);
        Assert.Contains(steps, s => s.Key == WellKnownGeneratorOutputs.SourceOutput);
        foreach (KeyValuePair<string, System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep>> step in steps)
        {
            foreach ((object value, _) in step.Value.SelectMany(s => s.Outputs))
            {
                GeneratorHarness.AssertNoRoslynObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step.Key);
            }
        }
    }
}
