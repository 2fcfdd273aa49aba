using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.ComponentShapeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class ComponentShapeAnalyzerTests
    {
        private const string Encoders = """

            public sealed class GoodEncoder : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
            {
                public GoodEncoder() : base(nameof(GoodEncoder)) { }
                public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input) => input;
            }

            public abstract class AbstractEncoder : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
            {
                protected AbstractEncoder() : base(nameof(AbstractEncoder)) { }
            }

            public sealed class NeedsWidth : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
            {
                public NeedsWidth(int width) : base(nameof(NeedsWidth)) { }
                public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input) => input;
            }

            public sealed class NotAModule { }

            """;

        private static string WithEncoder(string encoder) => Sources.Valid("[ConvNet]", encoder) + Encoders;

        private static string WithMethod(string method) =>
            Sources.Valid("public partial class Exp\n{\n}", "public partial class Exp\n{\n" + method + "\n}");

        [Theory]
        [InlineData("[CustomEncoder({|#0:typeof(NotAModule)|}, OutputDim = 16)]",
            "[CustomEncoder] typeof(NotAModule): NotAModule must derive from Module<Tensor, Tensor>; an encoder is a non-abstract class deriving from Module<Tensor, Tensor> with a public parameterless constructor")]
        [InlineData("[CustomEncoder({|#0:typeof(AbstractEncoder)|}, OutputDim = 16)]",
            "[CustomEncoder] typeof(AbstractEncoder): AbstractEncoder must not be abstract; an encoder is a non-abstract class deriving from Module<Tensor, Tensor> with a public parameterless constructor")]
        [InlineData("[CustomEncoder({|#0:typeof(NeedsWidth)|}, OutputDim = 16)]",
            "[CustomEncoder] typeof(NeedsWidth): NeedsWidth needs a public parameterless constructor; an encoder is a non-abstract class deriving from Module<Tensor, Tensor> with a public parameterless constructor")]
        [InlineData("[CustomEncoder({|#0:typeof(int)|}, OutputDim = 16)]",
            "[CustomEncoder] typeof(int): int must be a class deriving from Module<Tensor, Tensor>; an encoder is a non-abstract class deriving from Module<Tensor, Tensor> with a public parameterless constructor")]
        [InlineData("[CustomEncoder({|#0:null|}, OutputDim = 16)]",
            "[CustomEncoder] Type = null is not an encoder type: write [CustomEncoder(typeof(T))] for a class T deriving from Module<Tensor, Tensor>")]
        public Task Custom_encoder_of_the_wrong_type_is_reported_at_its_type(string encoder, string message) =>
            Verify.VerifyAsync(WithEncoder(encoder), new DiagnosticResult(DiagnosticDescriptors.WrongShape).WithLocation(0).WithMessage(message));

        [Fact]
        public Task Custom_encoder_of_a_module_type_is_not_reported() =>
            Verify.VerifyAsync(WithEncoder("[CustomEncoder(typeof(GoodEncoder), OutputDim = 16)]"));

        [Theory]
        [InlineData("    [Augmentation] private TorchSharp.torch.Tensor {|#0:Blur|}(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => batch;",
            "[Augmentation] method 'Blur' must be static: an augmentation method is static Tensor Blur(Tensor batch, Generator rng)")]
        [InlineData("    [Augmentation] private static void {|#0:Blur|}(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) { }",
            "[Augmentation] method 'Blur' must return Tensor, not void: an augmentation method is static Tensor Blur(Tensor batch, Generator rng)")]
        [InlineData("    [Augmentation] private static TorchSharp.torch.Tensor {|#0:Blur|}(TorchSharp.torch.Tensor batch) => batch;",
            "[Augmentation] method 'Blur' must take (Tensor batch, Generator rng), not (Tensor): an augmentation method is static Tensor Blur(Tensor batch, Generator rng)")]
        public Task Augmentation_method_of_the_wrong_shape_is_reported_at_its_name(string method, string message) =>
            Verify.VerifyAsync(WithMethod(method), new DiagnosticResult(DiagnosticDescriptors.WrongShape).WithLocation(0).WithMessage(message));

        [Fact]
        public Task Augmentation_method_of_the_right_shape_is_not_reported() =>
            Verify.VerifyAsync(WithMethod("    [Augmentation(Order = 1, Probability = 0.5, View = 1)]\n    private static TorchSharp.torch.Tensor Blur(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => batch;"));

        [Fact]
        public Task Each_wrong_method_is_reported_at_its_own_name() =>
            Verify.VerifyAsync(
                WithMethod("""
                        [Augmentation] private static TorchSharp.torch.Tensor Good(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => batch;
                        private static TorchSharp.torch.Tensor NotAnAugmentation(int x) => null!;
                        [Augmentation] private TorchSharp.torch.Tensor {|#0:First|}(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => batch;
                        [Augmentation] private static int {|#1:Second|}(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => 0;
                    """),
                new DiagnosticResult(DiagnosticIds.WrongShape, DiagnosticSeverity.Error).WithLocation(0),
                new DiagnosticResult(DiagnosticIds.WrongShape, DiagnosticSeverity.Error).WithLocation(1));
    }
}
