using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SslDsl.Generators.Tests;

/// <summary>The generator run in-process on source text, as the driver, snapshot and incrementality tests need it.</summary>
internal static class GeneratorHarness
{
    private static readonly MetadataReference[] References = Basic.Reference.Assemblies.Net100.References.All
        .Concat(new[] { typeof(SslExperimentAttribute).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location }
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)))
        .ToArray();

    public static SyntaxTree Parse(string source, string path = "Demo.cs") =>
        CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: path);

    public static CSharpCompilation Compile(params SyntaxTree[] trees) =>
        CSharpCompilation.Create("Demo", trees, References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpCompilation Compile(string source) => Compile(Parse(source));

    /// <summary>A driver that records every step, so tests can read why each output was (re)computed.</summary>
    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        new[] { new SslExperimentGenerator().AsSourceGenerator() },
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// The one generated file of <paramref name="source"/>; fails with the diagnostics and broken rules when there is
    /// none, and with the compile errors when it does not build. With <paramref name="experiment"/> (a full class name),
    /// the file of that experiment among those of a source that declares several (a [Distill] teacher and its student).
    /// </summary>
    public static string GeneratedSource(string source, string? experiment = null)
    {
        GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(Compile(source), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        GeneratedSourceResult[] files = result.GeneratedSources
            .Where(s => experiment is null || s.HintName == experiment + SslDsl.Generators.Model.GeneratedNames.FileSuffix).ToArray();
        if (files.Length != 1)
        {
            throw new Xunit.Sdk.XunitException(
                $"expected one generated file{(experiment is null ? "" : " for " + experiment)}, got {files.Length} of {result.GeneratedSources.Length}; diagnostics: {string.Join("; ", diagnostics)}; rules: "
                + string.Join("; ", output.SyntaxTrees.SelectMany(Experiments(output)).SelectMany(m => SslDsl.Generators.Model.ExperimentRules.Validate(m)).Select(v => v.Id + " " + v.Message)));
        }

        Diagnostic[] errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            throw new Xunit.Sdk.XunitException("the generated source does not compile: " + string.Join("; ", errors.Take(5)));
        }

        return files[0].SourceText.ToString();
    }

    private static Func<SyntaxTree, IEnumerable<SslDsl.Generators.Model.ExperimentModel>> Experiments(Compilation compilation) => tree =>
        tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
            .Select(c => compilation.GetSemanticModel(tree).GetDeclaredSymbol(c))
            .OfType<INamedTypeSymbol>()
            .Where(t => t.GetAttributes().Any(a => a.AttributeClass?.Name == "SslExperimentAttribute"))
            .Select(t => SslDsl.Generators.Model.ExperimentModelBuilder.Build(t));

    /// <summary>
    /// Fails when <paramref name="value"/>, or anything it holds, is a Roslyn object that keeps a compilation alive
    /// (and defeats caching when a pipeline step holds it).
    /// </summary>
    public static void AssertNoRoslynObjects(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is Type || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or Location, $"{path} holds a {value.GetType().Name}");
        if (value is System.Collections.IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, seen, path + "[]");
            }
        }

        foreach (System.Reflection.FieldInfo field in value.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), seen, path + "." + field.Name);
        }
    }
}
