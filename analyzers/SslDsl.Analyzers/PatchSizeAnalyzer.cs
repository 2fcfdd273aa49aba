using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0008: the ViT patch size does not divide the image height and width.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PatchSizeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the patch size nearest to the declared one that divides both image sides, for the code fix.</summary>
        public const string SuggestedPatchSizeProperty = "SuggestedPatchSize";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.PatchSizeDoesNotDivideImage);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.PatchSizeDoesNotDivideImage, properties: SuggestedPatchSize);
        }

        private static ImmutableDictionary<string, string?> SuggestedPatchSize(ExperimentModel model)
        {
            if (model.Single(AttributeFamily.Input) is not { Name: "ImageInput" } input
                || model.Single(AttributeFamily.Encoder) is not { Name: "VisionTransformer" } encoder
                || ExperimentRules.RequiredAtLeast(input, "Height", 1) is not { } height
                || ExperimentRules.RequiredAtLeast(input, "Width", 1) is not { } width
                || ExperimentRules.IntAtLeast(encoder, "PatchSize", SslDefaults.VitPatchSize, 1) is not { } patch)
            {
                return ImmutableDictionary<string, string?>.Empty;
            }

            int suggested = InputRules.NearestCommonDivisor(height, width, patch);
            return ImmutableDictionary<string, string?>.Empty.Add(SuggestedPatchSizeProperty, suggested.ToString(CultureInfo.InvariantCulture));
        }
    }
}
