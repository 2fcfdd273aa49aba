using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SslDsl.CodeFixes
{
    /// <summary>Fixes a diagnostic reported on an attribute that should not be there by removing that attribute.</summary>
    public abstract class RemoveAttributeCodeFixProvider : CodeFixProvider
    {
        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // The diagnostic sits on the attribute to remove.
                AttributeSyntax? attribute = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>();
                if (attribute?.Parent is not AttributeListSyntax)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        Title(attribute),
                        cancellationToken => RemoveAsync(context.Document, attribute, cancellationToken),
                        equivalenceKey: GetType().Name),
                    diagnostic);
            }
        }

        /// <summary>The title of the fix that removes <paramref name="attribute"/>.</summary>
        protected abstract string Title(AttributeSyntax attribute);

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
