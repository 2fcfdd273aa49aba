using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SslDsl.Generators.Model;

namespace SslDsl.CodeFixes
{
    /// <summary>SSL0027: removes an extra optimizer (each one after the first, where the diagnostics are).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExtraOptimizerCodeFixProvider)), Shared]
    public sealed class ExtraOptimizerCodeFixProvider : RemoveAttributeCodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.OptimizerCount);

        protected override string Title(AttributeSyntax attribute) => $"Remove the extra optimizer [{attribute.Name}]";
    }
}
