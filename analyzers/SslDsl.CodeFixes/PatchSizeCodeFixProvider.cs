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
    /// <summary>
    /// SSL0008: sets <c>[VisionTransformer] PatchSize</c> to the patch size nearest to it that divides both image sides
    /// (the smaller one on a tie), adding the argument when it was left at its default.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PatchSizeCodeFixProvider)), Shared]
    public sealed class PatchSizeCodeFixProvider : CodeFixProvider
    {
        private const string PatchSize = "PatchSize";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PatchSizeDoesNotDivideImage);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // The diagnostic sits on the PatchSize argument, or on [VisionTransformer] when PatchSize is left at its default.
                AttributeSyntax? attribute = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>();
                if (attribute is null
                    || !diagnostic.Properties.TryGetValue(PatchSizeAnalyzer.SuggestedPatchSizeProperty, out string? text)
                    || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int suggested))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Set PatchSize = {suggested.ToString(CultureInfo.InvariantCulture)}",
                        cancellationToken => SetPatchSizeAsync(context.Document, attribute, suggested, cancellationToken),
                        equivalenceKey: nameof(PatchSizeCodeFixProvider)),
                    diagnostic);
            }
        }

        private static async Task<Document> SetPatchSizeAsync(Document document, AttributeSyntax attribute, int suggested, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            return document.WithSyntaxRoot(root.ReplaceNode(attribute, AttributeArguments.Set(attribute, PatchSize, AttributeArguments.Literal(suggested))));
        }
    }
}
