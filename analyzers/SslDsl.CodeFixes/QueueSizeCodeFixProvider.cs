using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SslDsl.Analyzers;
using SslDsl.Generators.Model;

namespace SslDsl.CodeFixes
{
    /// <summary>SSL0007: sets <c>[MoCo] QueueSize</c> (or <c>[Nnclr] SupportSize</c>, <c>[Swav] QueueLength</c>) to the next multiple of the batch size above it.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QueueSizeCodeFixProvider)), Shared]
    public sealed class QueueSizeCodeFixProvider : CodeFixProvider
    {
        private const string QueueSize = "QueueSize";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.QueueNotMultipleOfBatch);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // The diagnostic sits on the QueueSize argument, or on the [MoCo] attribute when QueueSize is left at its default.
                SyntaxNode? node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                AttributeSyntax? attribute = node?.FirstAncestorOrSelf<AttributeSyntax>();
                if (attribute is null
                    || !diagnostic.Properties.TryGetValue(QueueSizeAnalyzer.SuggestedQueueSizeProperty, out string? text)
                    || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int suggested))
                {
                    continue;
                }

                string property = diagnostic.Properties.TryGetValue(QueueSizeAnalyzer.QueuePropertyProperty, out string? named) && named is not null ? named : QueueSize;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Set {property} = {suggested.ToString(CultureInfo.InvariantCulture)}",
                        cancellationToken => SetQueueSizeAsync(context.Document, attribute, property, suggested, cancellationToken),
                        equivalenceKey: nameof(QueueSizeCodeFixProvider)),
                    diagnostic);
            }
        }

        private static async Task<Document> SetQueueSizeAsync(Document document, AttributeSyntax attribute, string property, int suggested, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            return document.WithSyntaxRoot(root.ReplaceNode(attribute, AttributeArguments.Set(attribute, property, AttributeArguments.Literal(suggested))));
        }
    }
}
