using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SslDsl.Generators.Model;

namespace SslDsl.Generators.Tests.PropertyTests;

/// <summary>
/// Random experiments from the attribute catalogue, in and out of range: the rules, every analyzer and the generator
/// must agree. Valid experiments get exactly one trainer that compiles; invalid ones get no trainer and an analyzer
/// diagnostic for every error the rules find. Nothing throws and nothing reports SSL9999.
/// </summary>
public partial class RandomExperimentTests
{
    private const int Seed = 20261129;
    private const int Batches = 6;
    private const int PerBatch = 50;
    private const string Namespace = "Prop";

    private static readonly MetadataReference[] References = Basic.Reference.Assemblies.Net100.References.All
        .Concat(new[] { typeof(SslExperimentAttribute).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location }
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)))
        .ToArray();

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(SslDsl.Analyzers.QueueSizeAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>
    /// Found by the property test: MoCo v2 without [Projector] (MoCo v1's linear-free head) once crashed the emitter,
    /// which copied a projector that did not exist; the target network is now the encoder alone.
    /// </summary>
    [Fact]
    public async Task MoCoV2WithoutProjectorGetsATrainer()
    {
        const string source = """
            using SslDsl;

            namespace Prop;

            [SslExperiment]
            [ImageInput(Channels = 1, Height = 16, Width = 16)]
            [ConvNet(Widths = new[] { 8 })]
            [Views(2)]
            [MoCo(Version = 2, QueueSize = 4096)]
            [Training(BatchSize = 64, Epochs = 1)]
            public partial class E0 { }

            """;
        var failures = new List<string>();
        await CheckBatchAsync(new Dictionary<string, string> { ["E0"] = source }, failures);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task RulesAnalyzersAndGeneratorAgreeOnRandomExperiments()
    {
        Assert.True(Analyzers.Length >= 8, "expected one analyzer per diagnostic ID, found " + Analyzers.Length.ToString(CultureInfo.InvariantCulture));
        var random = new Random(Seed);
        var failures = new List<string>();
        var seen = new HashSet<string>();
        int valid = 0, invalid = 0;
        for (int batch = 0; batch < Batches; batch++)
        {
            var sources = new Dictionary<string, string>();
            for (int i = 0; i < PerBatch; i++)
            {
                string name = "E" + (batch * PerBatch + i).ToString(CultureInfo.InvariantCulture);
                sources.Add(name, RandomExperiment(random, name));
            }

            (int v, int n) = await CheckBatchAsync(sources, failures, seen);
            valid += v;
            invalid += n;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Batches * PerBatch} random experiments broke a property:\n\n" + string.Join("\n\n", failures.Take(5)));

        // The generator of random experiments must exercise both sides.
        Assert.True(valid >= Batches * PerBatch / 10, $"only {valid} valid experiments");
        Assert.True(invalid >= Batches * PerBatch / 10, $"only {invalid} invalid experiments");
        Assert.Superset(new HashSet<string> { DiagnosticIds.OptimizerCount, DiagnosticIds.UnsupportedPrecision, DiagnosticIds.OutOfRange }, seen);
    }

    /// <param name="seenErrors">Collects the IDs of the errors the rules found, so a test can check that it drew them.</param>
    private static async Task<(int Valid, int Invalid)> CheckBatchAsync(Dictionary<string, string> sources, List<string> failures, ISet<string>? seenErrors = null)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create("Prop",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Value, parse, path: s.Key + ".cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        // The user sources themselves must be well-formed C#: otherwise the test, not the product, is wrong.
        Diagnostic[] sourceErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(sourceErrors.Length == 0, "test sources do not compile: " + string.Join("; ", sourceErrors.Take(3)));

        // Analyzers, all at once; any analyzer exception is a failure.
        var analyzerExceptions = new List<string>();
        var withAnalyzers = new CompilationWithAnalyzers(compilation, Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => { lock (analyzerExceptions) { analyzerExceptions.Add(analyzer.GetType().Name + ": " + exception); } },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false));
        ImmutableArray<Diagnostic> analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        Assert.True(analyzerExceptions.Count == 0, "analyzers threw: " + string.Join("\n", analyzerExceptions.Take(3)));

        // The generator, once for the batch.
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new SslExperimentGenerator().AsSourceGenerator() }, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        Assert.True(run.Exception is null, "generator threw: " + run.Exception);
        Diagnostic[] crashes = generatorDiagnostics.Concat(analyzerDiagnostics).Where(d => d.Id == "SSL9999" || d.Id == "AD0001").ToArray();

        Diagnostic[] outputErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

        int valid = 0, invalid = 0;
        foreach (KeyValuePair<string, string> experiment in sources)
        {
            string name = experiment.Key;
            INamedTypeSymbol type = compilation.GetTypeByMetadataName(Namespace + "." + name)!;
            string[] ruleErrors = ExperimentRules.Validate(ExperimentModelBuilder.Build(type))
                .Where(v => v.IsError).Select(v => v.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
            seenErrors?.UnionWith(ruleErrors);
            string[] reported = analyzerDiagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath == name + ".cs")
                .Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
            GeneratedSourceResult[] files = run.GeneratedSources.Where(s => s.HintName == $"{Namespace}.{name}.SslTrainer.g.cs").ToArray();

            var problems = new List<string>();
            foreach (Diagnostic crash in crashes.Where(d => d.GetMessage(CultureInfo.InvariantCulture).Contains($"'{Namespace}.{name}'", StringComparison.Ordinal)
                || d.Location.SourceTree?.FilePath == name + ".cs"))
            {
                problems.Add("crashed: " + crash);
            }

            if (ruleErrors.Length == 0)
            {
                valid++;
                if (files.Length != 1)
                {
                    problems.Add($"the rules accept it but the generator emitted {files.Length} files");
                }
                else
                {
                    string generatedPath = output.SyntaxTrees.Single(t => t.ToString() == files[0].SourceText.ToString()).FilePath;
                    Diagnostic[] errors = outputErrors.Where(d => d.Location.SourceTree?.FilePath == generatedPath).ToArray();
                    if (errors.Length > 0)
                    {
                        problems.Add("the generated trainer does not compile:\n  " + string.Join("\n  ", errors.Take(5)));
                    }
                }
            }
            else
            {
                invalid++;
                if (files.Length != 0)
                {
                    problems.Add($"the rules report {string.Join(", ", ruleErrors)} but the generator emitted a trainer");
                }

                string[] unreported = ruleErrors.Except(reported).ToArray();
                if (unreported.Length > 0)
                {
                    problems.Add($"the rules report {string.Join(", ", unreported)} but no analyzer does");
                }
            }

            string[] extra = reported.Except(ruleErrors).ToArray();
            if (extra.Length > 0)
            {
                problems.Add($"analyzers report {string.Join(", ", extra)} that the rules do not");
            }

            if (problems.Count > 0)
            {
                failures.Add($"{name}: {string.Join("; ", problems)}\n--- source ---\n{experiment.Value}");
            }
        }

        Diagnostic[] unattributed = crashes.Where(d => !sources.Keys.Any(n => d.GetMessage(CultureInfo.InvariantCulture).Contains($"'{Namespace}.{n}'", StringComparison.Ordinal)
            || d.Location.SourceTree?.FilePath == n + ".cs")).ToArray();
        Assert.True(unattributed.Length == 0, "SSL9999/AD0001 for no single experiment: " + string.Join("\n", unattributed.Take(3)));
        return (valid, invalid);
    }

    private static string RandomExperiment(Random r, string name)
    {
        var a = new List<string> { "[SslExperiment]" };
        int channels = r.Next(2) == 0 ? 1 : 3;
        int size = Pick(r, 16, 28, 32);
        a.Add($"[ImageInput(Channels = {channels}, Height = {size}, Width = {size})]");

        // Encoder.
        if (r.Next(2) == 0)
        {
            a.Add(r.Next(4) == 0 ? "[ConvNet]" : "[ConvNet(Widths = new[] { " + string.Join(", ", Enumerable.Range(0, r.Next(1, 4)).Select(_ => Pick(r, 4, 8, 16).ToString(CultureInfo.InvariantCulture))) + " })]");
        }
        else
        {
            int depth = Sometimes(r, 10) ? Pick(r, 20, 0, 101) : Pick(r, 18, 34, 50);
            a.Add($"[ResNet(Depth = {depth}, SmallInputs = {(r.Next(2) == 0 ? "true" : "false")}, WidthMultiplier = {(Sometimes(r, 10) ? "0" : "0.25")})]");
        }

        // One objective (drawn first: see KnownIssueMoCoV2WithoutProjector).
        int batchSize = Sometimes(r, 15) ? 0 : Pick(r, 32, 64, 100, 128, 256);
        string objective = r.Next(8) switch
        {
            0 => $"[SimClr(Temperature = {Num(Sometimes(r, 10) ? -0.1 : 0.5)})]",
            1 => $"[MoCo(Version = 2, QueueSize = {Pick(r, 1024, 1000, 4096, 6400)}, Momentum = {Num(Sometimes(r, 10) ? 1.0 : 0.99)})]",
            2 => "[MoCo]",
            3 => Sometimes(r, 10) ? "[MoCo(Version = 4)]" : "[MoCo(Version = 3)]",
            4 => $"[Byol(MomentumStart = {Num(Sometimes(r, 10) ? 1.5 : 0.99)})]",
            5 => "[SimSiam]",
            6 => $"[BarlowTwins(Lambda = {Num(0.005)})]",
            _ => Sometimes(r, 10) ? "[Vicreg(Variance = -1)]" : "[Vicreg(Invariance = 25, Variance = 25, Covariance = 1)]",
        };
        if (r.Next(4) != 0)
        {
            a.Add($"[Projector(Hidden = {(Sometimes(r, 12) ? 0 : Pick(r, 16, 32))}, Output = {Pick(r, 8, 16)}, Layers = {Pick(r, 1, 2, 3)})]");
        }

        if (r.Next(2) == 0)
        {
            a.Add(r.Next(2) == 0 ? "[Predictor(Hidden = 16)]" : $"[Predictor(Hidden = {(Sometimes(r, 10) ? -1 : 8)}, Output = {Pick(r, 0, 8)})]");
        }

        int views = r.Next(1, 4);
        if (r.Next(5) != 0)
        {
            a.Add($"[Views({views})]");
        }

        // Augmentations: a random subset in a random order.
        string[] augmentations =
        {
            $"[RandomResizedCrop(Size = {(Sometimes(r, 10) ? size + 8 : Pick(r, 0, size / 2, size))}, MinScale = {Num(Sometimes(r, 10) ? 1.5 : 0.2)}{View(r, views)})]",
            $"[HorizontalFlip(Probability = {Num(Probability(r))}{View(r, views)})]",
            $"[ColorJitter(Brightness = 0.4, Contrast = 0.4, Probability = {Num(Probability(r))}{View(r, views)})]",
            $"[Grayscale(Probability = {Num(Probability(r))}{View(r, views)})]",
        };
        a.AddRange(augmentations.Where(_ => r.Next(2) == 0).OrderBy(_ => r.Next()));

        a.Add(objective);

        // Mostly one optimizer or none, sometimes two (SSL0027).
        string[] optimizers =
        {
            $"[Sgd(LearningRate = {Num(Sometimes(r, 10) ? -0.1 : 0.05)})]",
            $"[Lars(Momentum = {Num(Sometimes(r, 10) ? 1.0 : 0.9)})]",
            $"[AdamW(LearningRate = {Num(Sometimes(r, 10) ? 0 : 1e-3)})]",
        };
        a.AddRange(optimizers.OrderBy(_ => r.Next()).Take(Sometimes(r, 10) ? 2 : r.Next(4) == 0 ? 0 : 1));

        if (r.Next(2) == 0)
        {
            a.Add($"[WarmupCosine(WarmupEpochs = {Pick(r, 0, 1, 5)}, FinalLearningRate = {Num(Sometimes(r, 10) ? -1e-3 : 0)})]");
        }

        if (r.Next(5) != 0)
        {
            a.Add($"[Training(BatchSize = {batchSize}, Epochs = {(Sometimes(r, 10) ? 0 : Pick(r, 1, 10))}, Precision = {(Sometimes(r, 8) ? Pick(r, "Precision.BFloat16", "Precision.Float16", "(Precision)7") : "Precision.Float32")}, AccumulationSteps = {(Sometimes(r, 10) ? 0 : Pick(r, 1, 2))})]");
        }

        if (Sometimes(r, 4))
        {
            a.Add($"[Checkpoint(EveryEpochs = {Pick(r, 1, 1, 0, -1)}, EverySteps = {Pick(r, 0, 0, 50, -1)}, Keep = {Pick(r, 3, 3, 1, 0)}, "
                + $"Directory = {Pick(r, "\"checkpoints\"", "\"runs/e\"", "\"\"", "\"a|b\"", "null")})]");
        }

        if (r.Next(3) == 0)
        {
            a.Add("[LinearProbe(Iterations = 1)]");
        }

        if (r.Next(3) == 0)
        {
            a.Add($"[KnnMonitor(K = {Pick(r, 5, 20)}, EveryEpochs = 1)]");
        }

        var source = new StringBuilder();
        source.Append("using SslDsl;\n\nnamespace ").Append(Namespace).Append(";\n\n");
        foreach (string attribute in a)
        {
            source.Append(attribute).Append('\n');
        }

        source.Append("public partial class ").Append(name).Append(" { }\n");
        return source.ToString();
    }

    private static bool Sometimes(Random r, int oneIn) => r.Next(oneIn) == 0;

    private static T Pick<T>(Random r, params T[] values) => values[r.Next(values.Length)];

    private static double Probability(Random r) => Sometimes(r, 10) ? Pick(r, -1, 2) * 0.75 : Math.Round(r.NextDouble(), 2);

    private static string View(Random r, int views) =>
        r.Next(3) != 0 ? string.Empty : ", View = " + (Sometimes(r, 5) ? views + 1 : r.Next(-1, views)).ToString(CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
