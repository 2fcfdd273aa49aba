using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SslDsl.Analyzers.Tests.Infrastructure
{
    /// <summary>Runs one analyzer over test source with markup (<c>{|#0:...|}</c>, <c>[|...|]</c>) and compares the diagnostics.</summary>
    internal static class AnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        /// <summary>Also checks, by default, that <c>#pragma warning disable</c> and generated code silence the diagnostics.</summary>
        internal sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.None;
                TestReferences.AddTo(TestState);
            }
        }
    }
}
