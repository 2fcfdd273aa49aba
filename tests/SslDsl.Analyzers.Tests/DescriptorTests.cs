using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using SslDsl.Analyzers.Tests.Infrastructure;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>The diagnostic IDs are a public contract: each one is reported by one analyzer and documented.</summary>
    public class DescriptorTests
    {
        private static readonly DiagnosticDescriptor[] Supported =
            AllAnalyzersVerifier.Analyzers.SelectMany(a => a.SupportedDiagnostics).ToArray();

        private static string[] RuleIds() => typeof(DiagnosticIds)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();

        [Fact]
        public void Every_rule_id_but_the_generator_failure_has_exactly_one_analyzer()
        {
            foreach (string id in RuleIds().Where(id => id != DiagnosticIds.GeneratorFailure))
            {
                Assert.Single(Supported, d => d.Id == id);
            }
        }

        [Fact]
        public void Descriptors_follow_the_conventions()
        {
            foreach (DiagnosticDescriptor descriptor in Supported)
            {
                Assert.Equal("SslDsl", descriptor.Category);
                Assert.Equal("{0}", descriptor.MessageFormat.ToString());
                Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
                Assert.Equal(DiagnosticIds.IsError(descriptor.Id) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
                Assert.True(descriptor.IsEnabledByDefault);
                Assert.Equal($"https://github.com/ssldsl/ssldsl/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            }
        }

        [Fact]
        public void Every_rule_id_has_a_documentation_page()
        {
            string docs = Path.Combine(RepositoryRoot(), "docs", "diagnostics");
            foreach (string id in RuleIds())
            {
                Assert.True(File.Exists(Path.Combine(docs, id + ".md")), $"docs/diagnostics/{id}.md is missing");
            }
        }

        private static string RepositoryRoot()
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SslDsl.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("SslDsl.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
