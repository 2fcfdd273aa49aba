using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using SslDsl.Generators.Emit;
using SslDsl.Generators.Model;

namespace SslDsl.Generators
{
    /// <summary>
    /// Turns each <c>[SslExperiment]</c> partial class into a straight-line TorchSharp trainer.
    /// Pipeline: attribute → <see cref="ExperimentModel"/> (equatable, no symbols) → validation → emitted source.
    /// Invalid models produce no source: the analyzers report why.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class SslExperimentGenerator : IIncrementalGenerator
    {
        private static readonly DiagnosticDescriptor GeneratorFailure = new(
            DiagnosticIds.GeneratorFailure,
            "SslDsl generator failure",
            "The SslDsl generator failed for '{0}': {1}",
            "SslDsl",
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: "https://github.com/ssldsl/ssldsl/blob/main/docs/diagnostics/SSL9999.md");

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ModelOrFailure> models = context.SyntaxProvider.ForAttributeWithMetadataName(
                ExperimentModelBuilder.ExperimentAttributeMetadataName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (ctx, ct) => Extract((INamedTypeSymbol)ctx.TargetSymbol, ct))
                .WithTrackingName(TrackingNames.Models);

            context.RegisterSourceOutput(models, static (spc, item) => Emit(spc, item));
        }

        private static ModelOrFailure Extract(INamedTypeSymbol type, System.Threading.CancellationToken ct)
        {
            try
            {
                return new ModelOrFailure(ExperimentModelBuilder.Build(type, ct), type.ToDisplayString(), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new ModelOrFailure(null, type.ToDisplayString(), ex.GetType().Name + ": " + ex.Message);
            }
        }

        private static void Emit(SourceProductionContext context, ModelOrFailure item)
        {
            try
            {
                if (item.Failure is not null || item.Model is null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(GeneratorFailure, Location.None, item.Name, item.Failure));
                    return;
                }

                if (ExperimentRules.Validate(item.Model).Any(v => v.IsError))
                {
                    return; // the analyzers report the errors
                }

                context.AddSource(HintName(item.Model), TrainerEmitter.Emit(item.Model));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.ReportDiagnostic(Diagnostic.Create(GeneratorFailure, Location.None, item.Name, ex.GetType().Name + ": " + ex.Message));
            }
        }

        /// <summary>One file per experiment, named for it.</summary>
        internal static string HintName(ExperimentModel model) => model.FullName.Replace('<', '_').Replace('>', '_') + GeneratedNames.FileSuffix;

        /// <summary>Step names that incrementality tests look up.</summary>
        internal static class TrackingNames
        {
            public const string Models = nameof(Models);
        }

        /// <summary>What flows through the pipeline: a model, or why extraction failed (equatable).</summary>
        private sealed record ModelOrFailure(ExperimentModel? Model, string Name, string? Failure);
    }
}
