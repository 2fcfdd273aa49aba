using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0001: an experiment class, or a type containing it, is not partial, so the generator cannot add the trainer.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NonPartialExperimentAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotPartial);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.NotPartial, onContainingTypes: true);
        }
    }
}
