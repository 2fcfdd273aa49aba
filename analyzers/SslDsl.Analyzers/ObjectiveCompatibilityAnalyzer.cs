using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0012: the objective (or [MultiCrop]) does not fit the input or the encoder (MAE without a ViT, MLM without tokens, ...).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ObjectiveCompatibilityAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ObjectiveIncompatible);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.ObjectiveIncompatible);
        }
    }
}
