using System.Collections.Immutable;
using System.Composition;
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
    /// SSL0014: swaps <c>[FineTune] HeadLearningRateMultiplier</c> and <c>BackboneLearningRateMultiplier</c> (writing
    /// out the one left at its default). Not offered when the two are equal, where a swap changes nothing.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FineTuneMultiplierCodeFixProvider)), Shared]
    public sealed class FineTuneMultiplierCodeFixProvider : CodeFixProvider
    {
        private const string Head = "HeadLearningRateMultiplier";
        private const string Backbone = "BackboneLearningRateMultiplier";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.FineTuneMultipliers);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // The diagnostic sits on one of the two multipliers (a written one) inside [FineTune].
                AttributeSyntax? attribute = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>();
                if (attribute is null
                    || !diagnostic.Properties.TryGetValue(FineTuneMultiplierAnalyzer.MultipliersDifferProperty, out string? differ)
                    || differ != "true")
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Swap the head and backbone learning-rate multipliers",
                        cancellationToken => SwapAsync(context.Document, attribute, cancellationToken),
                        equivalenceKey: nameof(FineTuneMultiplierCodeFixProvider)),
                    diagnostic);
            }
        }

        private static async Task<Document> SwapAsync(Document document, AttributeSyntax attribute, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            ExpressionSyntax head = AttributeArguments.Find(attribute, Head) ?? AttributeArguments.Literal(SslDefaults.FineTuneHeadMultiplier);
            ExpressionSyntax backbone = AttributeArguments.Find(attribute, Backbone) ?? AttributeArguments.Literal(SslDefaults.FineTuneBackboneMultiplier);
            AttributeSyntax swapped = AttributeArguments.Set(AttributeArguments.Set(attribute, Head, backbone), Backbone, head);
            return document.WithSyntaxRoot(root.ReplaceNode(attribute, swapped));
        }
    }
}
