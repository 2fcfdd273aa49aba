using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.InputCountAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class InputCountAnalyzerTests
    {
        private const string ImageInput = "[ImageInput(Channels = 1, Height = 28, Width = 28)]";

        private static DiagnosticResult Diagnostic(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.InputCount).WithLocation(location).WithMessage(message);

        [Fact]
        public Task No_input_is_reported_at_the_class_name() =>
            Verify.VerifyAsync(
                Sources.ValidWithout(ImageInput).Replace("public partial class Exp", "public partial class {|#0:Exp|}"),
                Diagnostic(0, "Experiment 'Exp' declares no input declaration; add exactly one, e.g. [ImageInput], [SequenceInput] or [TokenInput]"));

        [Fact]
        public Task Second_input_is_reported_at_its_attribute() =>
            Verify.VerifyAsync(
                Sources.Valid(ImageInput, ImageInput + "\n[{|#0:TestOnlyInput|}]") + Sources.StandIns,
                Diagnostic(0, "Experiment 'Exp' declares more than one input declaration ([ImageInput], [TestOnlyInput]); keep exactly one"));

        [Fact]
        public Task One_input_is_not_reported() =>
            Verify.VerifyAsync(Sources.Valid(ImageInput, "[ImageInput(Channels = 3, Height = 32, Width = 32)]"));
    }
}
