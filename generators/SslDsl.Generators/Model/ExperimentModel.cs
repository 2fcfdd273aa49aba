using System;
using System.Globalization;
using System.Linq;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// Everything the generator and the analyzers know about one <c>[SslExperiment]</c> class.
    /// </summary>
    /// <remarks>
    /// Keep this type, and every type it holds, immutable and structurally equatable (records and
    /// <see cref="EquatableArray{T}"/>, no ISymbol, SyntaxNode or Location): the incremental pipeline caches on it.
    /// </remarks>
    /// <param name="TypeParameters">The class's type parameter list as written (<c>&lt;T&gt;</c>), empty when it is not generic (SSL0028).</param>
    /// <param name="GeneratedNameClashes">Names of members the user declared that the generated partial declares too (SSL0029).</param>
    internal sealed record ExperimentModel(
        string? Namespace,
        string ClassName,
        string TypeParameters,
        string Accessibility,
        bool IsPartial,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        EquatableArray<AttributeModel> Attributes,
        EquatableArray<AugmentationMethodModel> AugmentationMethods,
        EquatableArray<string> GeneratedNameClashes)
    {
        /// <summary>Fully qualified name, for messages and the hint name.</summary>
        public string FullName =>
            string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(t => t.Name)).Concat(new[] { ClassName }).Where(s => !string.IsNullOrEmpty(s)));

        public AttributeModel[] OfFamily(AttributeFamily family) => Attributes.Where(a => a.Family == family).ToArray();

        public AttributeModel? Single(AttributeFamily family)
        {
            AttributeModel[] found = OfFamily(family);
            return found.Length == 1 ? found[0] : null;
        }

        public AttributeModel? Named(string name) => Attributes.FirstOrDefault(a => a.Name == name);
    }

    /// <summary>
    /// A user method marked <c>[Augmentation]</c>. <see cref="SignatureProblem"/> is null when it has the required shape
    /// <c>static Tensor M(Tensor batch, Generator rng)</c>, else says what is wrong (SSL0016).
    /// </summary>
    internal sealed record AugmentationMethodModel(string Name, int Order, double Probability, int View, string? SignatureProblem);

    /// <summary>A type that contains the experiment class (emitted as a matching partial declaration).</summary>
    /// <param name="TypeParameters">Its type parameter list as written (<c>&lt;T&gt;</c>), empty when it is not generic (SSL0028).</param>
    internal sealed record ContainingTypeModel(string Keyword, string Name, bool IsPartial, string TypeParameters);

    /// <summary>What role an attribute plays, taken from its SslDsl base class.</summary>
    internal enum AttributeFamily
    {
        Other,
        Experiment,
        Input,
        Encoder,
        Head,
        Views,
        Augmentation,
        Objective,
        Optimizer,
        Schedule,
        Training,
        Evaluation,
    }

    /// <summary>One SslDsl attribute on the experiment class, with the arguments the user wrote.</summary>
    /// <param name="Name">Attribute name without the <c>Attribute</c> suffix, e.g. <c>SimClr</c>.</param>
    /// <param name="Index">Position among the class's attributes (lets analyzers find the syntax again).</param>
    /// <param name="BaseName">Name of its SslDsl base class without suffix, e.g. <c>ImageAugmentation</c>.</param>
    internal sealed record AttributeModel(string Name, int Index, AttributeFamily Family, string BaseName, EquatableArray<ArgumentModel> Arguments)
    {
        public ArgumentModel? Argument(string name) => Arguments.FirstOrDefault(a => a.Name == name);

        public bool Has(string name) => Argument(name) is not null;

        public double Number(string name, double fallback) => Argument(name)?.Value.Number ?? fallback;

        public int Int(string name, int fallback) => (int)Number(name, fallback);

        public bool Bool(string name, bool fallback) => Argument(name) is { } a ? a.Value.Number != 0 : fallback;

        public int[] Ints(string name, int[] fallback) =>
            Argument(name) is { } a ? a.Value.Items.Select(x => (int)x).ToArray() : fallback;

        public double[] Numbers(string name, double[] fallback) => Argument(name) is { } a ? a.Value.Items.ToArray() : fallback;

        public string Text(string name, string fallback) => Argument(name)?.Value.Text ?? fallback;

        /// <summary>An attribute written without arguments: resolving it gives the defaults (also for an absent optional attribute).</summary>
        public static AttributeModel Unwritten(string name) => new(name, -1, AttributeFamily.Other, "", EquatableArray<ArgumentModel>.Empty);
    }

    /// <summary>A named argument; positional constructor arguments get their parameter name in PascalCase.</summary>
    internal sealed record ArgumentModel(string Name, ArgumentValue Value);

    /// <summary>A constant attribute argument: a number (bools 0/1, enums their value), a string, or an array of numbers.</summary>
    /// <param name="TypeProblem">For a <c>typeof(T)</c> argument: null when T is a usable encoder module, else what is wrong (SSL0016).</param>
    /// <param name="ExperimentAttributes">For a <c>typeof(T)</c> argument naming an <c>[SslExperiment]</c> class (a [Distill]
    /// teacher): T's SslDsl attributes; null for any other argument or type.</param>
    internal sealed record ArgumentValue(ArgumentKind Kind, double Number, string? Text, EquatableArray<double> Items, string? TypeProblem = null, EquatableArray<AttributeModel>? ExperimentAttributes = null)
    {
        public static ArgumentValue FromNumber(double value) => new(ArgumentKind.Number, value, null, EquatableArray<double>.Empty);

        /// <summary>How the user would write the value, for messages.</summary>
        public string Display => Kind switch
        {
            ArgumentKind.Array => "{ " + string.Join(", ", Items.Select(Format)) + " }",
            ArgumentKind.Text => "\"" + Text + "\"",
            ArgumentKind.Bool => Number != 0 ? "true" : "false",
            ArgumentKind.Enum => Text ?? Format(Number),
            ArgumentKind.Type => "typeof(" + Text + ")",
            _ => Format(Number),
        };

        private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }

    internal enum ArgumentKind
    {
        Number,
        Bool,
        Enum,
        Text,
        Array,
        Type,
    }
}
