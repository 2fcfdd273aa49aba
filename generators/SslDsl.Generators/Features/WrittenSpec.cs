using System.Linq;
using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>
    /// An attribute as the rules see it: its resolved spec (defaults applied), where it stands among the class's
    /// attributes and which spec properties the user wrote. Rules read values from <see cref="Spec"/> and name the
    /// argument of a diagnostic with <c>nameof</c> on the spec's property, which has the argument's name.
    /// </summary>
    /// <param name="Attribute">The attribute's name, for messages (<c>[SimClr]</c>).</param>
    /// <param name="Index">Its position among the class's attributes: where a diagnostic without an argument goes.</param>
    /// <param name="Written">The properties the user wrote, in source order (a rule reports at an argument only when it was written).</param>
    internal sealed record WrittenSpec(object Spec, string Attribute, int Index, EquatableArray<string> Written)
    {
        public bool Wrote(string property) => Written.Contains(property);

        /// <summary>The first of the two properties the user wrote, or null (then the diagnostic goes on the attribute).</summary>
        public string? FirstWritten(string preferred, string? other = null) =>
            Wrote(preferred) ? preferred : other is not null && Wrote(other) ? other : null;

        /// <summary>The written spec of <paramref name="attribute"/>, or null for an attribute without a spec.</summary>
        public static WrittenSpec? Of(AttributeModel attribute) =>
            AttributeSpecs.Resolve(attribute) is { } spec
                ? new WrittenSpec(spec, attribute.Name, attribute.Index, new EquatableArray<string>(attribute.Arguments.Select(a => a.Name)))
                : null;
    }
}
