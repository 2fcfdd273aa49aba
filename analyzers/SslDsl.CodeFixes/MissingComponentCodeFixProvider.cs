using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SslDsl.Analyzers;
using SslDsl.Generators.Model;

namespace SslDsl.CodeFixes
{
    /// <summary>
    /// SSL0011: adds the heads the objective needs right before the objective attribute: <c>[Projector]</c> when it is
    /// missing, then <c>[Predictor(Hidden = 4096)]</c> when it is missing.
    /// </summary>
    /// <remarks>
    /// A class that lacks both heads gets two diagnostics at the same place; one action fixes both, and Fix All inserts
    /// each class's heads once.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingComponentCodeFixProvider)), Shared]
    public sealed class MissingComponentCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingComponent);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) => await AddHeadsAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            ImmutableArray<Diagnostic> fixable = context.Diagnostics.Where(d => MissingHeads(d).Length > 0).ToImmutableArray();
            if (fixable.IsEmpty)
            {
                return Task.CompletedTask;
            }

            string[] heads = fixable.SelectMany(MissingHeads).Distinct().ToArray();
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add " + string.Join(" and ", heads.Select(h => "[" + h + "]")),
                    cancellationToken => AddHeadsAsync(context.Document, fixable, cancellationToken),
                    equivalenceKey: nameof(MissingComponentCodeFixProvider)),
                fixable);
            return Task.CompletedTask;
        }

        private static string[] MissingHeads(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(MissingComponentAnalyzer.MissingHeadsProperty, out string? text) && !string.IsNullOrEmpty(text)
                ? text!.Split(',')
                : Array.Empty<string>();

        private static async Task<Document> AddHeadsAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            string newLine = text.ToString().Contains("\r\n") ? "\r\n" : "\n";
            var changes = new List<TextChange>();
            var done = new HashSet<int>();

            // The diagnostic sits on the objective attribute; the heads go before the attribute list that holds it.
            foreach (Diagnostic diagnostic in diagnostics)
            {
                AttributeListSyntax? list = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeListSyntax>();
                if (list is null || !done.Add(list.SpanStart))
                {
                    continue;
                }

                string[] heads = diagnostics
                    .Where(d => d.Location.SourceSpan.IntersectsWith(list.Span))
                    .SelectMany(MissingHeads)
                    .Distinct()
                    .ToArray();
                string indentation = Indentation(list);
                string inserted = string.Concat(heads.Select(h => Attribute(h) + newLine + indentation));
                changes.Add(new TextChange(new TextSpan(list.SpanStart, 0), inserted));
            }

            return document.WithText(text.WithChanges(changes));
        }

        private static string Attribute(string head) =>
            head == "Predictor"
                ? "[Predictor(Hidden = " + SslDefaults.PredictorHidden.ToString(CultureInfo.InvariantCulture) + ")]"
                : "[" + head + "]";

        /// <summary>The whitespace between the start of the line and the attribute list.</summary>
        private static string Indentation(AttributeListSyntax list)
        {
            SyntaxTriviaList trivia = list.GetLeadingTrivia();
            string indentation = string.Empty;
            foreach (SyntaxTrivia item in trivia)
            {
                indentation = item.IsKind(SyntaxKind.WhitespaceTrivia) ? indentation + item.ToString() : string.Empty;
            }

            return indentation;
        }
    }
}
