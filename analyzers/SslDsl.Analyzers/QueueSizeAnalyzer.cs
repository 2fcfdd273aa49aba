using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers
{
    /// <summary>SSL0007: the MoCo v2 queue size, the NNCLR support set size or the SwAV queue length is not a multiple of the batch size.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class QueueSizeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the next multiple of the keys enqueued per optimizer step above the queue size, for the code fix.</summary>
        public const string SuggestedQueueSizeProperty = "SuggestedQueueSize";

        /// <summary>Diagnostic property: the argument that sizes the queue (<c>QueueSize</c> of [MoCo], <c>SupportSize</c> of [Nnclr], <c>QueueLength</c> of [Swav]).</summary>
        public const string QueuePropertyProperty = "QueueProperty";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.QueueNotMultipleOfBatch);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            ExperimentAnalysis.ReportViolations(context, DiagnosticDescriptors.QueueNotMultipleOfBatch, properties: SuggestedQueueSize);
        }

        private static ImmutableDictionary<string, string?> SuggestedQueueSize(ExperimentModel model)
        {
            long keys = ComponentRules.KeysPerStep(model);
            if (model.Single(AttributeFamily.Objective) is not { } objective || keys < 1)
            {
                return ImmutableDictionary<string, string?>.Empty;
            }

            (string property, int queue) = objective.Name switch
            {
                "Nnclr" => ("SupportSize", objective.Int("SupportSize", SslDefaults.NnclrSupportSize)),
                "Swav" => ("QueueLength", objective.Int("QueueLength", SslDefaults.SwavQueueLength)),
                _ => ("QueueSize", objective.Int("QueueSize", SslDefaults.MoCoQueueSize)),
            };
            long roundedUp = (queue / keys + 1) * keys;
            return roundedUp > int.MaxValue
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty
                    .Add(SuggestedQueueSizeProperty, roundedUp.ToString(CultureInfo.InvariantCulture))
                    .Add(QueuePropertyProperty, property);
        }
    }
}
