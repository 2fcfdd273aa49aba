using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0003: an experiment declares no pretext objective, or more than one.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ObjectiveCountAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ObjectiveCount);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.ObjectiveCount);
        }
    }
}
