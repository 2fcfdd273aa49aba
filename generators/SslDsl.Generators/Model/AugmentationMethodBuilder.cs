using System.Linq;
using Microsoft.CodeAnalysis;

namespace SslDsl.Generators.Model
{
    /// <summary>Reads a user <c>[Augmentation]</c> method and checks its signature (SSL0016).</summary>
    internal static class AugmentationMethodBuilder
    {
        private const string AttributeName = "SslDsl.AugmentationAttribute";
        private const string TensorName = "TorchSharp.torch.Tensor";
        private const string GeneratorName = "TorchSharp.torch.Generator";

        public static AugmentationMethodModel? ToModel(IMethodSymbol method)
        {
            AttributeData? attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName);
            if (attribute is null)
            {
                return null;
            }

            int order = 0;
            double probability = 1.0;
            int view = -1;
            foreach (var named in attribute.NamedArguments)
            {
                switch (named.Key)
                {
                    case "Order": order = named.Value.Value is int o ? o : 0; break;
                    case "Probability": probability = named.Value.Value is double p ? p : 1.0; break;
                    case "View": view = named.Value.Value is int v ? v : -1; break;
                }
            }

            return new AugmentationMethodModel(method.Name, order, probability, view, Problem(method));
        }

        private static string? Problem(IMethodSymbol method)
        {
            if (!method.IsStatic)
            {
                return "must be static";
            }

            if (method.IsGenericMethod)
            {
                return "must not be generic";
            }

            if (method.ReturnType.ToDisplayString() != TensorName)
            {
                return $"must return Tensor, not {method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}";
            }

            if (method.Parameters.Length != 2
                || method.Parameters[0].Type.ToDisplayString() != TensorName
                || method.Parameters[1].Type.ToDisplayString() != GeneratorName
                || method.Parameters.Any(p => p.RefKind != RefKind.None))
            {
                string found = string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                return $"must take (Tensor batch, Generator rng), not ({found})";
            }

            return null;
        }
    }
}
