using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers
{
    /// <summary>A broken rule, where in the source to report it, and the type whose declaration holds that place.</summary>
    /// <remarks>
    /// A diagnostic is reported while analyzing <paramref name="Owner"/>: one reported outside the declaration of the
    /// symbol being analyzed is "non-local", which the IDE neither shows as you type nor lets a code fix handle.
    /// </remarks>
    internal sealed record LocatedViolation(RuleViolation Violation, Location Location, INamedTypeSymbol Owner);

    /// <summary>What the shared rules find wrong with one experiment class, worked out once per class and compilation.</summary>
    internal sealed class ExperimentViolations
    {
        // Every analyzer looks at the same class: the first one builds and validates the model, the others reuse it.
        // Weak keys: an entry goes away with the compilation whose symbol keys it.
        private static readonly ConditionalWeakTable<INamedTypeSymbol, ExperimentViolations> Cache = new();

        private ExperimentViolations(ExperimentModel model, ImmutableArray<LocatedViolation> violations)
        {
            Model = model;
            Violations = violations;
        }

        public ExperimentModel Model { get; }

        public ImmutableArray<LocatedViolation> Violations { get; }

        /// <param name="type">The class that carries <paramref name="experimentAttribute"/>.</param>
        /// <param name="experimentAttribute">Its <c>[SslExperiment]</c>, which tells which declaration to point at.</param>
        public static ExperimentViolations For(INamedTypeSymbol type, AttributeData experimentAttribute, CancellationToken cancellationToken) =>
            Cache.GetValue(type, t => Create(t, experimentAttribute, cancellationToken));

        private static ExperimentViolations Create(INamedTypeSymbol type, AttributeData experimentAttribute, CancellationToken cancellationToken)
        {
            ExperimentModel model = ExperimentModelBuilder.Build(type, cancellationToken);
            IReadOnlyList<RuleViolation> found = ExperimentRules.Validate(model);

            // The rules report SSL0001 for the class first, then for each non-partial containing type from the
            // outermost in. A violation names no symbol, so it is paired with the non-partial types in that order.
            var notPartial = new Queue<INamedTypeSymbol>(NotPartialTypes(type, cancellationToken));

            ImmutableArray<LocatedViolation>.Builder located = ImmutableArray.CreateBuilder<LocatedViolation>(found.Count);
            foreach (RuleViolation violation in found)
            {
                if (violation.Id == DiagnosticIds.NotPartial && notPartial.Count > 0)
                {
                    INamedTypeSymbol owner = notPartial.Dequeue();
                    located.Add(new LocatedViolation(violation, ViolationLocator.TypeIdentifier(owner, cancellationToken), owner));
                }
                else
                {
                    located.Add(new LocatedViolation(violation, ViolationLocator.Locate(type, experimentAttribute, violation, cancellationToken), type));
                }
            }

            return new ExperimentViolations(model, located.MoveToImmutable());
        }

        private static IEnumerable<INamedTypeSymbol> NotPartialTypes(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var outerFirst = new List<INamedTypeSymbol>();
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                outerFirst.Insert(0, outer);
            }

            return new[] { type }.Concat(outerFirst).Where(t => !ExperimentModelBuilder.IsPartial(t, cancellationToken));
        }
    }
}
