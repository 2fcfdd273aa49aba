using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SslDsl.CodeFixes
{
    /// <summary>Edits of attribute syntax shared by the code fixes.</summary>
    internal static class AttributeArguments
    {
        /// <summary>The expression of the named argument <c>Name = value</c>, or null when it is not written.</summary>
        public static ExpressionSyntax? Find(AttributeSyntax attribute, string name) =>
            attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.Expression;

        /// <summary>Sets <c>Name = value</c>: replaces the value when written, else appends the argument after the others.</summary>
        public static AttributeSyntax Set(AttributeSyntax attribute, string name, ExpressionSyntax value)
        {
            ExpressionSyntax? existing = Find(attribute, name);
            if (existing is not null)
            {
                return attribute.ReplaceNode(existing, value.WithTriviaFrom(existing));
            }

            AttributeArgumentSyntax argument = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(name), SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)),
                nameColon: null,
                value.WithoutTrivia());
            if (attribute.ArgumentList is null)
            {
                return attribute.WithName(attribute.Name.WithoutTrailingTrivia())
                    .WithArgumentList(SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(argument)).WithTrailingTrivia(attribute.Name.GetTrailingTrivia()));
            }

            // Keep the separators already there and add ", Name = value" at the end.
            SeparatedSyntaxList<AttributeArgumentSyntax> arguments = attribute.ArgumentList.Arguments;
            SyntaxNodeOrTokenList items = arguments.GetWithSeparators();
            if (arguments.Count > 0)
            {
                items = items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            }

            return attribute.WithArgumentList(attribute.ArgumentList.WithArguments(SyntaxFactory.SeparatedList<AttributeArgumentSyntax>(items.Add(argument))));
        }

        /// <summary>An integer literal.</summary>
        public static ExpressionSyntax Literal(int value) =>
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));

        /// <summary>A numeric literal as a user writes it (<c>10</c>, <c>0.5</c>).</summary>
        public static ExpressionSyntax Literal(double value) =>
            SyntaxFactory.ParseExpression(value.ToString("R", CultureInfo.InvariantCulture));
    }
}
