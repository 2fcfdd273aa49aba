using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.CodeFixes;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.CodeFixVerifier<SslDsl.Analyzers.NonPartialExperimentAnalyzer, SslDsl.CodeFixes.MakePartialCodeFixProvider>;

namespace SslDsl.Analyzers.Tests
{
    public class MakePartialCodeFixTests
    {
        // The analyzer tests check the messages; here only where the fix starts matters.
        private static DiagnosticResult At(int location) =>
            new DiagnosticResult(DiagnosticIds.NotPartial, DiagnosticSeverity.Error).WithLocation(location);

        [Fact]
        public Task Adds_partial_after_the_other_modifiers() =>
            Verify.VerifyAsync(
                Sources.Valid("public partial class Exp", "public sealed class {|#0:Exp|}"),
                new[] { At(0) },
                Sources.Valid("public partial class Exp", "public sealed partial class Exp"));

        [Fact]
        public Task Adds_partial_to_a_class_without_modifiers_keeping_its_trivia() =>
            Verify.VerifyAsync(
                Sources.Valid("public partial class Exp", "// The experiment.\nclass {|#0:Exp|}"),
                new[] { At(0) },
                Sources.Valid("public partial class Exp", "// The experiment.\npartial class Exp"));

        [Fact]
        public Task Adds_partial_to_the_class_and_every_containing_type_that_lacks_it() =>
            Verify.VerifyAsync(
                """
                using SslDsl;

                public static class {|#1:Outer|}
                {
                    internal partial class Middle
                    {
                        [SslExperiment, ImageInput(Height = 28, Width = 28), ConvNet, SimClr]
                        public class {|#0:Exp|}
                        {
                        }
                    }
                }
                """,
                new[] { At(1), At(0) },
                """
                using SslDsl;

                public static partial class Outer
                {
                    internal partial class Middle
                    {
                        [SslExperiment, ImageInput(Height = 28, Width = 28), ConvNet, SimClr]
                        public partial class Exp
                        {
                        }
                    }
                }
                """);

        [Fact]
        public Task Fix_on_a_containing_type_makes_it_partial() =>
            Verify.VerifyAsync(
                """
                using SslDsl;

                struct {|#0:Outer|}
                {
                    [SslExperiment, ImageInput(Height = 28, Width = 28), ConvNet, SimClr]
                    public partial class Exp
                    {
                    }
                }
                """,
                new[] { At(0) },
                """
                using SslDsl;

                partial struct Outer
                {
                    [SslExperiment, ImageInput(Height = 28, Width = 28), ConvNet, SimClr]
                    public partial class Exp
                    {
                    }
                }
                """);

        [Fact]
        public void Fixes_SSL0001_with_the_batch_fixer()
        {
            var provider = new MakePartialCodeFixProvider();
            Assert.Equal(new[] { "SSL0001" }, provider.FixableDiagnosticIds);
            Assert.Same(Microsoft.CodeAnalysis.CodeFixes.WellKnownFixAllProviders.BatchFixer, provider.GetFixAllProvider());
        }
    }
}
