using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SslDsl.Generators.Features;
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
            var input = InputShape.Of(model);
            if (input.Kind != InputKind.Image
                || model.Single(AttributeFamily.Encoder) is not { } encoder
                || AttributeSpecs.Resolve(encoder) is not VisionTransformerSpec vit
                || input.Height is not { } height
                || input.Width is not { } width
                || ExperimentRules.AtLeast(vit.PatchSize, 1) is not { } patch)
            {
                return ImmutableDictionary<string, string?>.Empty;
            }

            int suggested = InputRules.NearestCommonDivisor(height, width, patch);
            return ImmutableDictionary<string, string?>.Empty.Add(SuggestedPatchSizeProperty, suggested.ToString(CultureInfo.InvariantCulture));
        }
    }
}
