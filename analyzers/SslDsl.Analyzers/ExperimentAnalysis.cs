using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers
{
    /// <summary>The one analysis every SslDsl analyzer runs: find <c>[SslExperiment]</c> classes and report the rule's violations.</summary>
    internal static class ExperimentAnalysis
    {
        /// <summary>Reports, for every experiment class, the violations of <paramref name="rule"/>'s ID.</summary>
        /// <param name="onContainingTypes">
        /// Whether the rule reports on types that contain an experiment (SSL0001): those diagnostics are reported
        /// while analyzing the containing type, so that they are local to it.
        /// </param>
        /// <param name="properties">Extra data for a code fix, computed from the experiment's model.</param>
        public static void ReportViolations(
            AnalysisContext context,
            DiagnosticDescriptor rule,
            bool onContainingTypes = false,
            Func<ExperimentModel, ImmutableDictionary<string, string?>>? properties = null)
        {
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? experimentAttribute = start.Compilation.GetTypeByMetadataName(ExperimentModelBuilder.ExperimentAttributeMetadataName);
                if (experimentAttribute is null)
                {
                    return; // SslDsl is not referenced: there can be no experiment.
                }

                start.RegisterSymbolAction(c => Report(c, experimentAttribute, rule, onContainingTypes, properties), SymbolKind.NamedType);
            });
        }

        private static void Report(
            SymbolAnalysisContext context,
            INamedTypeSymbol experimentAttribute,
            DiagnosticDescriptor rule,
            bool onContainingTypes,
            Func<ExperimentModel, ImmutableDictionary<string, string?>>? properties)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            IEnumerable<INamedTypeSymbol> candidates = onContainingTypes && !ExperimentModelBuilder.IsPartial(type, context.CancellationToken)
                ? SelfAndNested(type)
                : new[] { type };

            foreach (INamedTypeSymbol candidate in candidates)
            {
                if (ExperimentAttributeOf(candidate, experimentAttribute) is not { } experiment)
                {
                    continue;
                }

                ExperimentViolations found = ExperimentViolations.For(candidate, experiment, context.CancellationToken);
                foreach (LocatedViolation located in found.Violations)
                {
                    if (located.Violation.Id == rule.Id && SymbolEqualityComparer.Default.Equals(located.Owner, type))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(rule, located.Location, properties?.Invoke(found.Model), located.Violation.Message));
                    }
                }
            }
        }

        private static AttributeData? ExperimentAttributeOf(INamedTypeSymbol type, INamedTypeSymbol experimentAttribute) =>
            type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, experimentAttribute));

        private static IEnumerable<INamedTypeSymbol> SelfAndNested(INamedTypeSymbol type)
        {
            yield return type;
            foreach (INamedTypeSymbol nested in type.GetTypeMembers())
            {
                foreach (INamedTypeSymbol inner in SelfAndNested(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
