using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0031: [DataParallel(SyncBatchNorm = true)] on an experiment without a BatchNorm layer.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DataParallelAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SyncBatchNormWithoutBatchNorm);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.SyncBatchNormWithoutBatchNorm);
        }
    }
}
