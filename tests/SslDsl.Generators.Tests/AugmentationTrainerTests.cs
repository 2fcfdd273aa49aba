using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>The image and medical augmentations through the generator: emitted constructors, ranges, a real epoch.</summary>
public class AugmentationTrainerTests
{
    private const string Source = """
        using SslDsl;
        namespace Demo;
        [SslExperiment]
        [ImageInput(Channels = 3, Height = 32, Width = 32)]
        [ConvNet(Widths = new[] { 16, 32 })]
        [Projector(Hidden = 32, Output = 16)]
        [GaussianBlur]
        [Solarize(Threshold = 0.6)]
        [Normalize(Mean = new[] { 0.485, 0.456, 0.406 }, Std = new[] { 0.229, 0.224, 0.225 })]
        [GammaContrast]
        [IntensityWindow(MinLevel = 0.3)]
        [BiasField(Order = 2)]
        [GaussianNoise(MaxStd = 0.1)]
        [RicianNoise]
        [MotionBlur(KernelSize = 9, View = 0)]
        [SimClr]
        [Training(BatchSize = 16)]
        public partial class Scans { }
        """;

    private static readonly MetadataReference[] References = Basic.Reference.Assemblies.Net100.References.All
        .Concat(new[] { typeof(SslExperimentAttribute).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location }
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)))
        .ToArray();

    private static (string Text, ImmutableArray<Diagnostic> Diagnostics, Compilation Output) Run(string source)
    {
        CSharpCompilation compilation = CSharpCompilation.Create("Demo",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Demo.cs") },
            References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new SslExperimentGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        string text = string.Concat(driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
        return (text, diagnostics, output);
    }

    [Fact]
    public void EmitsEachAugmentationWithItsConstantsFolded()
    {
        (string text, ImmutableArray<Diagnostic> diagnostics, Compilation output) = Run(Source);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        const string ns = "new global::SslDsl.Augmentations.";
        Assert.Contains(ns + "GaussianBlur(0, 0.1, 2.0, 0.5)", text);
        Assert.Contains(ns + "Solarize(0.6, 0.2)", text);
        Assert.Contains(ns + "Normalize(new double[] { 0.485, 0.456, 0.406 }, new double[] { 0.229, 0.224, 0.225 })", text);
        Assert.Contains(ns + "GammaContrast(0.7, 1.5, 1.0)", text);
        Assert.Contains(ns + "IntensityWindow(0.3, 0.6, 0.6, 1.0, 1.0)", text);
        Assert.Contains(ns + "BiasField(2, 0.3, 1.0)", text);
        Assert.Contains(ns + "GaussianNoise(0.0, 0.1, 1.0)", text);
        Assert.Contains(ns + "RicianNoise(0.0, 0.05, 1.0)", text);
        Assert.Contains(ns + "MotionBlur(9, 1.0)", text);
        Assert.Contains("// view 0 only", text);
    }

    [Fact]
    public void DefaultNormalizeUsesTheSharedDefaults()
    {
        (string text, ImmutableArray<Diagnostic> diagnostics, _) = Run(Source.Replace(
            "[Normalize(Mean = new[] { 0.485, 0.456, 0.406 }, Std = new[] { 0.229, 0.224, 0.225 })]", "[Normalize]"));
        Assert.Empty(diagnostics);
        Assert.Contains("Normalize(new double[] { 0.5 }, new double[] { 0.5 })", text);
    }

    [Theory]
    [InlineData("[GaussianBlur]", "[GaussianBlur(KernelSize = 4)]")]
    [InlineData("[GaussianBlur]", "[GaussianBlur(MinSigma = 0)]")]
    [InlineData("[Solarize(Threshold = 0.6)]", "[Solarize(Threshold = 1.5)]")]
    [InlineData("[GammaContrast]", "[GammaContrast(MinGamma = -1)]")]
    [InlineData("[IntensityWindow(MinLevel = 0.3)]", "[IntensityWindow(MinWidth = 0)]")]
    [InlineData("[BiasField(Order = 2)]", "[BiasField(Strength = -0.1)]")]
    [InlineData("[GaussianNoise(MaxStd = 0.1)]", "[GaussianNoise(MaxStd = -0.1)]")]
    [InlineData("[RicianNoise]", "[RicianNoise(MinStd = -1)]")]
    [InlineData("[MotionBlur(KernelSize = 9, View = 0)]", "[MotionBlur(KernelSize = 4)]")]
    [InlineData("[GaussianBlur]", "[GaussianBlur(Probability = 1.5)]")]
    public void OutOfRangeArgumentsGetNoTrainer(string valid, string invalid)
    {
        // SSL0006 itself is reported by the analyzers (see GeneratorDriverTests); the generator refuses silently.
        Assert.NotEqual("", Run(Source).Text);
        (string text, ImmutableArray<Diagnostic> diagnostics, _) = Run(Source.Replace(valid, invalid));
        Assert.Equal("", text);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void TinyMedicalExperimentTrainsOneEpochWithAFiniteLoss()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(64, 1, 16, seed: 31);
        using ISslTrainer trainer = TinyMedicalSimClr.CreateTrainer();
        PretrainReport report = trainer.Fit(images, epochs: 1);
        Assert.Single(report.Epochs);
        Assert.True(double.IsFinite(report.Epochs[0].Loss), $"loss {report.Epochs[0].Loss}");
        Assert.True(report.Epochs[0].Loss > 0);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void TinyMedicalExperimentIsReproducibleForASeed()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(32, 1, 16, seed: 32);
        using ISslTrainer first = TinyMedicalSimClr.CreateTrainer(seed: 5);
        using ISslTrainer second = TinyMedicalSimClr.CreateTrainer(seed: 5);
        double a = first.Fit(images, epochs: 1).Epochs[0].Loss;
        double b = second.Fit(images, epochs: 1).Epochs[0].Loss;
        Assert.Equal(a, b);
        images.Dispose();
        labels.Dispose();
    }
}
