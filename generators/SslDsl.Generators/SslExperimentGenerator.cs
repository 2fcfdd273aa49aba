using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using SslDsl.Generators.Emit;
using SslDsl.Generators.Features;
using SslDsl.Generators.Model;

namespace SslDsl.Generators
{
    /// <summary>
    /// Turns each <c>[SslExperiment]</c> partial class into a straight-line TorchSharp trainer.
    /// Pipeline: attribute → <see cref="ExperimentModel"/> (equatable, no symbols) → validation → <see cref="ExperimentSpec"/>
    /// (typed, defaults applied) → emitted source. Invalid models produce no source: the analyzers report why.
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
            IncrementalValuesProvider<SpecOrFailure> specs = models
                .Select(static (item, _) => Resolve(item))
                .WithTrackingName(TrackingNames.Specs);

            context.RegisterSourceOutput(specs, static (spc, item) => Emit(spc, item));
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

        /// <summary>The spec of a valid model; none (and no failure) for an invalid one, which the analyzers report.</summary>
        private static SpecOrFailure Resolve(ModelOrFailure item)
        {
            if (item.Failure is not null || item.Model is null)
            {
                return new SpecOrFailure(null, item.Name, item.Failure ?? "no model");
            }

            try
            {
                return ExperimentRules.Validate(item.Model).Any(v => v.IsError)
                    ? new SpecOrFailure(null, item.Name, null)
                    : new SpecOrFailure(ExperimentSpec.Resolve(item.Model), item.Name, null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new SpecOrFailure(null, item.Name, ex.GetType().Name + ": " + ex.Message);
            }
        }

        private static void Emit(SourceProductionContext context, SpecOrFailure item)
        {
            try
            {
                if (item.Failure is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(GeneratorFailure, Location.None, item.Name, item.Failure));
                }
                else if (item.Spec is not null)
                {
                    context.AddSource(HintName(item.Spec.FullName), TrainerEmitter.Emit(item.Spec));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.ReportDiagnostic(Diagnostic.Create(GeneratorFailure, Location.None, item.Name, ex.GetType().Name + ": " + ex.Message));
            }
        }

        /// <summary>One file per experiment, named for it.</summary>
        internal static string HintName(string fullName) => fullName.Replace('<', '_').Replace('>', '_') + GeneratedNames.FileSuffix;

        /// <summary>Step names that incrementality tests look up.</summary>
        internal static class TrackingNames
        {
            public const string Models = nameof(Models);
            public const string Specs = nameof(Specs);
        }

        /// <summary>What flows through the pipeline: a model, or why extraction failed (equatable).</summary>
        private sealed record ModelOrFailure(ExperimentModel? Model, string Name, string? Failure);

        /// <summary>The spec of a valid experiment, or nothing (invalid: the analyzers report it), or why resolving failed (equatable).</summary>
        private sealed record SpecOrFailure(ExperimentSpec? Spec, string Name, string? Failure);
    }
}
