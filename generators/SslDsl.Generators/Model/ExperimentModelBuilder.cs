using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SslDsl.Generators.Model
{
    /// <summary>Reads an <see cref="ExperimentModel"/> off a class symbol (shared by generator and analyzers).</summary>
    internal static class ExperimentModelBuilder
    {
        public const string Namespace = "SslDsl";
        public const string ExperimentAttributeMetadataName = "SslDsl.SslExperimentAttribute";

        public static ExperimentModel Build(INamedTypeSymbol type, CancellationToken cancellationToken = default)
        {
            var containing = new List<ContainingTypeModel>();
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                containing.Insert(0, new ContainingTypeModel(Keyword(outer), outer.Name, IsPartial(outer, cancellationToken), TypeParameters(outer)));
            }

            ImmutableArray<AttributeData> attributes = type.GetAttributes();
            var models = new List<AttributeModel>();
            for (int i = 0; i < attributes.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ToModel(attributes[i], i, readExperiments: true) is { } model)
                {
                    models.Add(model);
                }
            }

            var methods = new List<AugmentationMethodModel>();
            foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (AugmentationMethodBuilder.ToModel(method) is { } augmentation)
                {
                    methods.Add(augmentation);
                }
            }

            string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
            return new ExperimentModel(
                ns,
                type.Name,
                TypeParameters(type),
                Accessibility(type),
                IsPartial(type, cancellationToken),
                new EquatableArray<ContainingTypeModel>(containing),
                new EquatableArray<AttributeModel>(models),
                new EquatableArray<AugmentationMethodModel>(methods),
                new EquatableArray<string>(GeneratedNames.Members.Where(name => UserMembers(type, name).Any())));
        }

        /// <summary>
        /// Members named <paramref name="name"/> that the user declared on the type; the generator's own output, which
        /// analyzers see beside the user's code, does not count.
        /// </summary>
        public static IEnumerable<ISymbol> UserMembers(INamedTypeSymbol type, string name) =>
            type.GetMembers(name).Where(m => !m.IsImplicitlyDeclared && m.Locations.Any(l => l.IsInSource && !GeneratedNames.IsGeneratedFile(l.SourceTree?.FilePath)));

        /// <summary>Whether every declaration of the type carries the <c>partial</c> modifier.</summary>
        public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
            type.DeclaringSyntaxReferences.Length > 0
            && type.DeclaringSyntaxReferences.All(r =>
                r.GetSyntax(cancellationToken) is TypeDeclarationSyntax d
                && d.Modifiers.Any(m => m.ValueText == "partial"));

        /// <param name="readExperiments">Whether a <c>typeof</c> argument naming an <c>[SslExperiment]</c> class (a [Distill]
        /// teacher) brings that class's attributes along; false for those attributes themselves, so reading stops there.</param>
        private static AttributeModel? ToModel(AttributeData data, int index, bool readExperiments)
        {
            INamedTypeSymbol? attributeClass = data.AttributeClass;
            if (attributeClass is null || attributeClass.ContainingNamespace?.ToDisplayString() != Namespace)
            {
                return null;
            }

            string baseName = StripSuffix(attributeClass.BaseType?.Name ?? "Attribute");
            var arguments = new List<ArgumentModel>();
            IMethodSymbol? constructor = data.AttributeConstructor;
            for (int i = 0; i < data.ConstructorArguments.Length && constructor is not null && i < constructor.Parameters.Length; i++)
            {
                string parameter = constructor.Parameters[i].Name;
                arguments.Add(new ArgumentModel(char.ToUpperInvariant(parameter[0]) + parameter.Substring(1), ToValue(data.ConstructorArguments[i], readExperiments)));
            }

            foreach (KeyValuePair<string, TypedConstant> named in data.NamedArguments)
            {
                arguments.Add(new ArgumentModel(named.Key, ToValue(named.Value, readExperiments)));
            }

            return new AttributeModel(StripSuffix(attributeClass.Name), index, FamilyOf(attributeClass), baseName, new EquatableArray<ArgumentModel>(arguments));
        }

        private static AttributeFamily FamilyOf(INamedTypeSymbol attributeClass)
        {
            switch (attributeClass.Name)
            {
                case "SslExperimentAttribute": return AttributeFamily.Experiment;
                case "ProjectorAttribute":
                case "PredictorAttribute": return AttributeFamily.Head;
                case "ViewsAttribute":
                case "MultiCropAttribute": return AttributeFamily.Views;
                case "WarmupCosineAttribute": return AttributeFamily.Schedule;
                case "TrainingAttribute": return AttributeFamily.Training;
                case "LinearProbeAttribute":
                case "KnnMonitorAttribute":
                case "HealthMonitorAttribute":
                case "OnlineProbeAttribute":
                case "FineTuneAttribute": return AttributeFamily.Evaluation;
            }

            for (INamedTypeSymbol? b = attributeClass.BaseType; b is not null; b = b.BaseType)
            {
                switch (b.Name)
                {
                    case "InputAttribute": return AttributeFamily.Input;
                    case "EncoderAttribute": return AttributeFamily.Encoder;
                    case "ViewAugmentationAttribute": return AttributeFamily.Augmentation;
                    case "ObjectiveAttribute": return AttributeFamily.Objective;
                    case "OptimizerAttribute": return AttributeFamily.Optimizer;
                }
            }

            return AttributeFamily.Other;
        }

        private static ArgumentValue ToValue(TypedConstant constant, bool readExperiments)
        {
            if (constant.IsNull)
            {
                return new ArgumentValue(ArgumentKind.Text, 0, null, EquatableArray<double>.Empty);
            }

            switch (constant.Kind)
            {
                case TypedConstantKind.Array:
                    return new ArgumentValue(ArgumentKind.Array, 0, null, new EquatableArray<double>(constant.Values.Select(v => ToDouble(v.Value))));
                case TypedConstantKind.Enum:
                    string? member = constant.Type is INamedTypeSymbol enumType
                        ? enumType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value))?.Name
                        : null;
                    return new ArgumentValue(ArgumentKind.Enum, ToDouble(constant.Value), member, EquatableArray<double>.Empty);
                case TypedConstantKind.Type:
                    var typeArgument = constant.Value as ITypeSymbol;
                    return new ArgumentValue(ArgumentKind.Type, 0, typeArgument?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), EquatableArray<double>.Empty, EncoderTypeCheck.Problem(typeArgument),
                        readExperiments ? ExperimentAttributes(typeArgument) : null);
            }

            return constant.Value switch
            {
                string s => new ArgumentValue(ArgumentKind.Text, 0, s, EquatableArray<double>.Empty),
                bool b => new ArgumentValue(ArgumentKind.Bool, b ? 1 : 0, null, EquatableArray<double>.Empty),
                _ => ArgumentValue.FromNumber(ToDouble(constant.Value)),
            };
        }

        /// <summary>The SslDsl attributes of an <c>[SslExperiment]</c> class, else null.</summary>
        private static EquatableArray<AttributeModel>? ExperimentAttributes(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named
                || !named.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ExperimentAttributeMetadataName))
            {
                return null;
            }

            ImmutableArray<AttributeData> attributes = named.GetAttributes();
            return new EquatableArray<AttributeModel>(attributes.Select((a, i) => ToModel(a, i, readExperiments: false)).Where(m => m is not null).Select(m => m!));
        }

        private static double ToDouble(object? value) => value switch
        {
            null => 0,
            bool b => b ? 1 : 0,
            _ => System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
        };

        private static string StripSuffix(string name) =>
            name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;

        private static string TypeParameters(INamedTypeSymbol type) =>
            type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";

        private static string Keyword(INamedTypeSymbol type) => type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };

        private static string Accessibility(INamedTypeSymbol type) => type.DeclaredAccessibility switch
        {
            Microsoft.CodeAnalysis.Accessibility.Public => "public",
            Microsoft.CodeAnalysis.Accessibility.Private => "private",
            Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
            Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
            Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
            _ => "internal",
        };
    }
}
