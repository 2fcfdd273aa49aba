using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0011: the objective lacks a head it needs (BYOL, SimSiam, MoCo v3 without [Predictor] or [Projector]).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingComponentAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>
        /// Diagnostic property: the heads the experiment lacks, comma-separated in the order they go before the objective
        /// (<c>Projector,Predictor</c>), for the code fix.
        /// </summary>
        public const string MissingHeadsProperty = "MissingHeads";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.MissingComponent);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.MissingComponent, properties: MissingHeads);
        }

        private static ImmutableDictionary<string, string?> MissingHeads(ExperimentModel model)
        {
            var missing = new List<string>();
            if (model.Single(AttributeFamily.Objective) is { } objective && ComponentRules.NeedsPredictor(objective))
            {
                if (model.Named("Projector") is null)
                {
                    missing.Add("Projector");
                }

                if (model.Named("Predictor") is null)
                {
                    missing.Add("Predictor");
                }
            }

            return ImmutableDictionary<string, string?>.Empty.Add(MissingHeadsProperty, string.Join(",", missing));
        }
    }
}
