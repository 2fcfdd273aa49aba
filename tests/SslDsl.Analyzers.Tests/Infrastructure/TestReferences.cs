using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace SslDsl.Analyzers.Tests.Infrastructure
{
    /// <summary>
    /// What the test compilations reference: .NET 10 reference assemblies, SslDsl.dll (the attributes) and TorchSharp.dll
    /// (for custom encoders and [Augmentation] methods).
    /// </summary>
    internal static class TestReferences
    {
        /// <summary>
        /// An empty set: the testing library's predefined sets (ReferenceAssemblies.Net.*) download reference packs
        /// from NuGet at run time, and the tests must run offline. The real references come from <see cref="AddTo"/>.
        /// </summary>
        public static ReferenceAssemblies None { get; } = new("net10.0");

        private static readonly MetadataReference SslDsl =
            MetadataReference.CreateFromFile(typeof(global::SslDsl.SslExperimentAttribute).Assembly.Location);

        private static readonly MetadataReference TorchSharp =
            MetadataReference.CreateFromFile(typeof(global::TorchSharp.torch).Assembly.Location);

        public static void AddTo(SolutionState state)
        {
            state.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            state.AdditionalReferences.Add(SslDsl);
            state.AdditionalReferences.Add(TorchSharp);
        }
    }
}
