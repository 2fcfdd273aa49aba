using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0014 (warning): [FineTune] trains the new head no faster than the pretrained encoder.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FineTuneMultiplierAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: "true" when the two multipliers differ, so that swapping them fixes the warning.</summary>
        public const string MultipliersDifferProperty = "MultipliersDiffer";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.FineTuneMultipliers);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.FineTuneMultipliers, properties: MultipliersDiffer);
        }

        private static ImmutableDictionary<string, string?> MultipliersDiffer(ExperimentModel model)
        {
            AttributeModel? fineTune = model.Named("FineTune");
            double head = fineTune?.Number("HeadLearningRateMultiplier", SslDefaults.FineTuneHeadMultiplier) ?? SslDefaults.FineTuneHeadMultiplier;
            double backbone = fineTune?.Number("BackboneLearningRateMultiplier", SslDefaults.FineTuneBackboneMultiplier) ?? SslDefaults.FineTuneBackboneMultiplier;
            return ImmutableDictionary<string, string?>.Empty.Add(MultipliersDifferProperty, head != backbone ? "true" : "false");
        }
    }
}
