using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0005: the objective needs more views than <c>[Views(n)]</c> declares.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ViewCountAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the view count the objective needs, for the code fix (the rules know it, the fix does not).</summary>
        public const string RequiredViewsProperty = "RequiredViews";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.TooFewViews);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.TooFewViews, properties: model =>
                ImmutableDictionary<string, string?>.Empty.Add(
                    RequiredViewsProperty, ExperimentRules.RequiredViews(model).ToString(CultureInfo.InvariantCulture)));
        }
    }
}
