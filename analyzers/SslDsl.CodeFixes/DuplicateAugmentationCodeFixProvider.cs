using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SslDsl.Generators.Model;

namespace SslDsl.CodeFixes
{
    /// <summary>SSL0017: removes the repeated augmentation attribute (the later one, where the diagnostic is).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DuplicateAugmentationCodeFixProvider)), Shared]
    public sealed class DuplicateAugmentationCodeFixProvider : RemoveAttributeCodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.DuplicateAugmentation);

        protected override string Title(AttributeSyntax attribute) => $"Remove the repeated [{attribute.Name}]";
    }
}
