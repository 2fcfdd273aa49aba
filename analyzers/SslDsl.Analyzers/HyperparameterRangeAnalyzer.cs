using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0006: a hyperparameter the user wrote lies outside its valid range.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HyperparameterRangeAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.OutOfRange);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.OutOfRange);
        }
    }
}
