using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SslDsl.Analyzers.Tests.Infrastructure
{
    /// <summary>Runs every analyzer SslDsl ships over test source at once, as a user's build does.</summary>
    internal static class AllAnalyzersVerifier
    {
        /// <summary>Every <c>[DiagnosticAnalyzer]</c> in SslDsl.Analyzers, found by reflection so that a new one is included.</summary>
        public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(ExperimentAnalysis).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        private sealed class Test : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.None;
                TestReferences.AddTo(TestState);
            }

            protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;
        }
    }
}
