using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers
{
    /// <summary>
    /// Turns a rule's "attribute index + argument name" into source: the argument at fault, else the attribute,
    /// else the class name. Locations come from syntax trees so that <c>#pragma warning disable</c> applies.
    /// </summary>
    internal static class ViolationLocator
    {
        private const string AugmentationAttributeName = "SslDsl.AugmentationAttribute";

        public static Location Locate(INamedTypeSymbol type, AttributeData experimentAttribute, RuleViolation violation, CancellationToken cancellationToken)
        {
            if (violation.MethodIndex >= 0 && AugmentationMethod(type, violation.MethodIndex) is { } method)
            {
                return MethodLocation(method, violation.ArgumentName, cancellationToken) ?? ExperimentIdentifier(type, experimentAttribute, cancellationToken);
            }

            if (violation.MemberName is not null && UserMemberIdentifier(type, violation.MemberName) is { } member)
            {
                return member;
            }

            ImmutableArray<AttributeData> attributes = type.GetAttributes();
            if (violation.AttributeIndex >= 0
                && violation.AttributeIndex < attributes.Length
                && attributes[violation.AttributeIndex] is { ApplicationSyntaxReference: { } reference } data
                && reference.GetSyntax(cancellationToken) is AttributeSyntax attribute)
            {
                SyntaxNode atFault = (SyntaxNode?)Argument(attribute, data, violation.ArgumentName) ?? attribute;
                return atFault.GetLocation();
            }

            return ExperimentIdentifier(type, experimentAttribute, cancellationToken);
        }

        /// <summary>
        /// The user <c>[Augmentation]</c> method at <paramref name="index"/> in the model's list, which
        /// <see cref="ExperimentModelBuilder"/> fills in the order of <c>GetMembers()</c>.
        /// </summary>
        private static IMethodSymbol? AugmentationMethod(INamedTypeSymbol type, int index) =>
            type.GetMembers().OfType<IMethodSymbol>().Where(m => AugmentationMethodBuilder.ToModel(m) is not null).ElementAtOrDefault(index);

        /// <summary>The argument of the method's <c>[Augmentation]</c> when named, else the method's name.</summary>
        private static Location? MethodLocation(IMethodSymbol method, string? argumentName, CancellationToken cancellationToken)
        {
            if (argumentName is not null
                && method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AugmentationAttributeName) is { ApplicationSyntaxReference: { } reference } data
                && reference.GetSyntax(cancellationToken) is AttributeSyntax attribute
                && Argument(attribute, data, argumentName) is { } argument)
            {
                return argument.GetLocation();
            }

            return method.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<MethodDeclarationSyntax>()
                .Select(d => d.Identifier.GetLocation())
                .FirstOrDefault();
        }

        /// <summary>The name of the first member called <paramref name="name"/> that the user (not the generator) declared.</summary>
        private static Location? UserMemberIdentifier(INamedTypeSymbol type, string name) =>
            ExperimentModelBuilder.UserMembers(type, name)
                .SelectMany(m => m.Locations)
                .Where(l => l.IsInSource && !GeneratedNames.IsGeneratedFile(l.SourceTree?.FilePath))
                .OrderBy(l => l.SourceTree!.FilePath, StringComparer.Ordinal)
                .ThenBy(l => l.SourceSpan.Start)
                .FirstOrDefault();

        /// <summary>The name of a type, in the declaration that lacks <c>partial</c> if there is one.</summary>
        public static Location TypeIdentifier(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            TypeDeclarationSyntax[] declarations = type.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>()
                .ToArray();
            TypeDeclarationSyntax? declaration =
                declarations.FirstOrDefault(d => !d.Modifiers.Any(m => m.ValueText == "partial")) ?? declarations.FirstOrDefault();
            return declaration?.Identifier.GetLocation() ?? type.Locations.FirstOrDefault() ?? Location.None;
        }

        /// <summary>The class name in the declaration that carries <c>[SslExperiment]</c> (a partial class may have several).</summary>
        private static Location ExperimentIdentifier(INamedTypeSymbol type, AttributeData experimentAttribute, CancellationToken cancellationToken) =>
            experimentAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration
                ? declaration.Identifier.GetLocation()
                : TypeIdentifier(type, cancellationToken);

        private static AttributeArgumentSyntax? Argument(AttributeSyntax attribute, AttributeData data, string? name)
        {
            if (name is null || attribute.ArgumentList is null)
            {
                return null;
            }

            SeparatedSyntaxList<AttributeArgumentSyntax> arguments = attribute.ArgumentList.Arguments;

            // A property: `Temperature = 0.5`.
            AttributeArgumentSyntax? property = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
            if (property is not null)
            {
                return property;
            }

            // A constructor parameter, which the model names in PascalCase (`Count` for `count`): `count: 1` or positional.
            ImmutableArray<IParameterSymbol> parameters = data.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
            for (int i = 0; i < parameters.Length; i++)
            {
                string parameter = parameters[i].Name;
                if (parameter.Length == 0 || !string.Equals(char.ToUpperInvariant(parameter[0]) + parameter.Substring(1), name, StringComparison.Ordinal))
                {
                    continue;
                }

                AttributeArgumentSyntax? byName = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter);
                if (byName is not null)
                {
                    return byName;
                }

                if (i < arguments.Count && arguments[i].NameEquals is null && arguments[i].NameColon is null)
                {
                    return arguments[i];
                }
            }

            return null;
        }
    }
}
