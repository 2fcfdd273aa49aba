using System.Linq;
using Microsoft.CodeAnalysis;

namespace SslDsl.Generators.Model
{
    /// <summary>Whether a <c>[CustomEncoder(typeof(T))]</c> type can serve as an encoder (SSL0016).</summary>
    internal static class EncoderTypeCheck
    {
        private const string ModuleName = "TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>";

        /// <summary>Null when the type is usable, else what is wrong with it.</summary>
        public static string? Problem(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named || named.TypeKind != TypeKind.Class)
            {
                return "must be a class deriving from Module<Tensor, Tensor>";
            }

            if (named.IsAbstract)
            {
                return "must not be abstract";
            }

            if (named.IsUnboundGenericType || named.TypeParameters.Length > 0 && named.TypeArguments.Any(a => a is ITypeParameterSymbol))
            {
                return "must be a closed type, not an open generic";
            }

            bool isModule = false;
            for (INamedTypeSymbol? b = named.BaseType; b is not null && !isModule; b = b.BaseType)
            {
                isModule = b.ToDisplayString() == ModuleName;
            }

            if (!isModule)
            {
                return "must derive from Module<Tensor, Tensor>";
            }

            bool hasConstructor = named.InstanceConstructors.Any(c => c.Parameters.Length == 0
                && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal);
            return hasConstructor ? null : "needs a public parameterless constructor";
        }
    }
}
