using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SslDsl.Generators.Model;

namespace SslDsl.CodeFixes
{
    /// <summary>SSL0017: removes the repeated augmentation attribute (the later one, where the diagnostic is).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DuplicateAugmentationCodeFixProvider)), Shared]
    public sealed class DuplicateAugmentationCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.DuplicateAugmentation);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // The diagnostic sits on the repeated attribute.
                AttributeSyntax? attribute = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>();
                if (attribute?.Parent is not AttributeListSyntax)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Remove the repeated [{attribute.Name}]",
                        cancellationToken => RemoveAsync(context.Document, attribute, cancellationToken),
                        equivalenceKey: nameof(DuplicateAugmentationCodeFixProvider)),
                    diagnostic);
            }
        }

        private static async Task<Document> RemoveAsync(Document document, AttributeSyntax attribute, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            var list = (AttributeListSyntax)attribute.Parent!;
            if (list.Attributes.Count > 1)
            {
                // [A, B, A]: drop the attribute and one separator, keep the list.
                return document.WithSyntaxRoot(root.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute))));
            }

            // The attribute is alone in its list: drop the whole line, keeping comments written before it.
            bool onlyWhitespace = list.GetLeadingTrivia().All(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia));
            SyntaxRemoveOptions options = onlyWhitespace ? SyntaxRemoveOptions.KeepNoTrivia : SyntaxRemoveOptions.KeepLeadingTrivia;
            return document.WithSyntaxRoot(root.RemoveNode(list, options)!);
        }
    }
}
