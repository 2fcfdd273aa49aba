using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.NonPartialExperimentAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class NonPartialExperimentAnalyzerTests
    {
        private static DiagnosticResult Diagnostic(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.NotPartial).WithLocation(location).WithMessage(message);

        [Fact]
        public Task Class_not_partial_is_reported_at_its_name() =>
            Verify.VerifyAsync(
                Sources.Valid("public partial class Exp", "public class {|#0:Exp|}"),
                Diagnostic(0, "Experiment class 'Exp' must be declared partial so that SslDsl can generate its trainer"));

        [Fact]
        public Task Containing_type_not_partial_is_reported_at_its_name() =>
            Verify.VerifyAsync(
                """
                using SslDsl;

                public static class {|#0:Outer|}
                {
                    [SslExperiment, ImageInput(Height = 28, Width = 28), ConvNet, SimClr]
                    public partial class Exp
                    {
                    }
                }
                """,
                Diagnostic(0, "Type 'Outer', which contains experiment class 'Exp', must be declared partial so that SslDsl can generate its trainer"));

        [Fact]
        public Task Class_and_every_non_partial_containing_type_are_reported() =>
            Verify.VerifyAsync(
                """
                using SslDsl;

                public class {|#1:Outer|}
                {
                    public partial struct Middle
                    {
                        public class {|#2:Inner|}
                        {
                            [SslExperiment, ImageInput(Height = 28, Width = 28), ConvNet, SimClr]
                            public class {|#0:Exp|}
                            {
                            }
                        }
                    }
                }
                """,
                Diagnostic(0, "Experiment class 'Exp' must be declared partial so that SslDsl can generate its trainer"),
                Diagnostic(1, "Type 'Outer', which contains experiment class 'Exp', must be declared partial so that SslDsl can generate its trainer"),
                Diagnostic(2, "Type 'Inner', which contains experiment class 'Exp', must be declared partial so that SslDsl can generate its trainer"));

        [Fact]
        public Task Partial_class_in_partial_types_is_not_reported() =>
            Verify.VerifyAsync(
                """
                using SslDsl;

                public static partial class Outer
                {
                    internal partial record struct Middle
                    {
                        [SslExperiment, ImageInput(Height = 28, Width = 28), ConvNet, SimClr]
                        public partial class Exp
                        {
                        }
                    }
                }
                """);

        [Fact]
        public Task Class_without_SslExperiment_is_not_reported() =>
            Verify.VerifyAsync(
                """
                using SslDsl;

                [ConvNet, SimClr]
                public class NotAnExperiment
                {
                }
                """);
    }
}
