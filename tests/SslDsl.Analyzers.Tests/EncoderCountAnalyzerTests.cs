using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.EncoderCountAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class EncoderCountAnalyzerTests
    {
        private static DiagnosticResult Diagnostic(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.EncoderCount).WithLocation(location).WithMessage(message);

        [Fact]
        public Task No_encoder_is_reported_at_the_class_name() =>
            Verify.VerifyAsync(
                Sources.ValidWithout("[ConvNet]").Replace("public partial class Exp", "public partial class {|#0:Exp|}"),
                Diagnostic(0, "Experiment 'Exp' declares no encoder; add exactly one, e.g. [ResNet], [ConvNet], [VisionTransformer], [Mlp], [TemporalConvNet], [TransformerEncoder] or [CustomEncoder(typeof(T))]"));

        [Fact]
        public Task Second_encoder_is_reported_at_its_attribute() =>
            Verify.VerifyAsync(
                Sources.Valid("[ConvNet]", "[ResNet(Depth = 18)]\n[{|#0:ConvNet|}]"),
                Diagnostic(0, "Experiment 'Exp' declares more than one encoder ([ResNet], [ConvNet]); keep exactly one"));

        [Fact]
        public Task One_encoder_is_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[ConvNet]", "[ResNet(Depth = 50, SmallInputs = true)]"));

        [Fact]
        public Task Class_level_diagnostic_goes_to_the_declaration_that_carries_SslExperiment() =>
            Verify.VerifyAsync(
                """
                using SslDsl;

                public partial class Exp
                {
                }

                [SslExperiment, ImageInput(Height = 28, Width = 28), SimClr]
                public partial class {|#0:Exp|}
                {
                }
                """,
                Diagnostic(0, "Experiment 'Exp' declares no encoder; add exactly one, e.g. [ResNet], [ConvNet], [VisionTransformer], [Mlp], [TemporalConvNet], [TransformerEncoder] or [CustomEncoder(typeof(T))]"));
    }
}
