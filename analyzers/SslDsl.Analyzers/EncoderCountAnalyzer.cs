using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0002: an experiment declares no encoder, or more than one.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EncoderCountAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.EncoderCount);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.EncoderCount);
        }
    }
}
