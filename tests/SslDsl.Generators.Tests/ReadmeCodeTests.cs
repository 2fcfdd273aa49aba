using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SslDsl.Generators;

namespace SslDsl.Generators.Tests;

/// <summary>Every C# block of the README compiles as written, with the generator, as a user would paste it into a console app.</summary>
public sealed partial class ReadmeCodeTests
{
    private static readonly MetadataReference[] References = Basic.Reference.Assemblies.Net100.References.All
        .Concat(new[] { typeof(SslExperimentAttribute).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location, typeof(SslDsl.Data.FashionMnist).Assembly.Location }
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)))
        .ToArray();

    public static TheoryData<int> Blocks() => new(Enumerable.Range(0, CodeBlocks().Length));

    [Fact]
    public void TheReadmeHasCodeBlocks() => Assert.True(CodeBlocks().Length >= 3, $"{CodeBlocks().Length} C# blocks");

    [Theory]
    [MemberData(nameof(Blocks))]
    public void CodeBlockCompiles(int index)
    {
        string code = CodeBlocks()[index];
        var compilation = CSharpCompilation.Create(
            "Readme" + index,
            new[] { CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: $"README-block-{index}.cs") },
            References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create(new SslExperimentGenerator().AsSourceGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        Diagnostic[] errors = generatorDiagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, $"README block {index} does not compile:\n{string.Join("\n", errors.Select(e => e.ToString()))}\n---\n{code}");
        Assert.True(output.SyntaxTrees.Count() > 1, $"README block {index}: the generator wrote no trainer");
    }

    private static string[] CodeBlocks() =>
        CSharpBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"))).Select(m => m.Groups[1].Value).ToArray();

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
