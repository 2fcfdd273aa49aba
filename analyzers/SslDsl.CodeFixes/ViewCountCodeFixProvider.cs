using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SslDsl.Analyzers;
using SslDsl.Generators.Model;

namespace SslDsl.CodeFixes
{
    /// <summary>SSL0005: sets the <c>[Views(n)]</c> count to what the objective needs.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ViewCountCodeFixProvider)), Shared]
    public sealed class ViewCountCodeFixProvider : CodeFixProvider
    {
        /// <summary>Used if the diagnostic carries no count: contrastive and non-contrastive objectives need two views.</summary>
        private const int DefaultRequiredViews = 2;

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.TooFewViews);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // The diagnostic sits on the count argument of [Views(n)], or on GlobalCount of [MultiCrop] (with LocalCount = 0).
                AttributeArgumentSyntax? argument = root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeArgumentSyntax>();
                if (argument is null)
                {
                    continue;
                }

                int required = RequiredViews(diagnostic);
                string count = required.ToString(CultureInfo.InvariantCulture);
                string? name = argument.NameEquals?.Name.Identifier.ValueText;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        name is null ? $"Declare [Views({count})]" : $"Set {name} = {count}",
                        cancellationToken => SetCountAsync(context.Document, argument, required, cancellationToken),
                        equivalenceKey: nameof(ViewCountCodeFixProvider)),
                    diagnostic);
            }
        }

        private static int RequiredViews(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(ViewCountAnalyzer.RequiredViewsProperty, out string? text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int required)
                ? required
                : DefaultRequiredViews;

        private static async Task<Document> SetCountAsync(Document document, AttributeArgumentSyntax argument, int required, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            ExpressionSyntax count = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(required))
                .WithTriviaFrom(argument.Expression);
            return document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, count));
        }
    }
}
