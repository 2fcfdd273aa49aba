using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.GenericExperimentAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class GenericExperimentAnalyzerTests
    {
        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.GenericExperiment).WithLocation(location).WithMessage(message);

        [Fact]
        public Task Generic_experiment_is_reported_at_the_class_name() =>
            Verify.VerifyAsync(
                Sources.Valid("public partial class Exp", "public partial class {|#0:Exp|}<TData, TLabel>"),
                At(0, "Experiment class 'Exp<TData, TLabel>' is generic: SslDsl generates one trainer of concrete types per experiment; remove the type parameters (declare one experiment class per configuration)"));

        [Fact]
        public Task Experiment_nested_in_a_generic_type_is_reported_at_the_class_name() =>
            Verify.VerifyAsync(
                Nested("public partial class Outer<T>", "{|#0:Exp|}"),
                At(0, "Type 'Outer<T>', which contains experiment class 'Exp', is generic: SslDsl generates one trainer of concrete types per experiment; move the experiment out of the generic type"));

        [Fact]
        public Task Experiment_nested_in_a_plain_type_with_generic_members_is_not_reported() =>
            Verify.VerifyAsync(Nested("public partial class Outer", "Exp", "private static T Identity<T>(T value) => value;"));

        /// <summary>A valid experiment inside <paramref name="outer"/>.</summary>
        private static string Nested(string outer, string name, string member = "") => $$"""
            using SslDsl;

            {{outer}}
            {
                [SslExperiment]
                [ImageInput(Channels = 1, Height = 28, Width = 28)]
                [ConvNet]
                [Projector(Hidden = 256, Output = 64)]
                [Views(2)]
                [SimClr(Temperature = 0.5)]
                [Training(BatchSize = 256, Epochs = 100)]
                public partial class {{name}}
                {
                    {{member}}
                }
            }
            """;
    }
}
