using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.OptimizerCountAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class OptimizerCountAnalyzerTests
    {
        private const string Lars = "[Lars(LearningRate = 0.3, WeightDecay = 1e-6)]";

        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.OptimizerCount).WithLocation(location).WithMessage(message);

        [Fact]
        public Task Second_optimizer_is_reported_at_its_attribute() =>
            Verify.VerifyAsync(
                Sources.Valid(Lars, Lars + "\n[{|#0:AdamW(LearningRate = 1e-3)|}]"),
                At(0, "Experiment 'Exp' declares more than one optimizer ([Lars], [AdamW]); keep exactly one"));

        [Fact]
        public Task Every_optimizer_after_the_first_is_reported() =>
            Verify.VerifyAsync(
                Sources.Valid(Lars, "[Sgd, {|#0:AdamW|}]\n[{|#1:Lars|}]"),
                At(0, "Experiment 'Exp' declares more than one optimizer ([Sgd], [AdamW], [Lars]); keep exactly one"),
                At(1, "Experiment 'Exp' declares more than one optimizer ([Sgd], [AdamW], [Lars]); keep exactly one"));

        [Theory]
        [InlineData("[AdamW(LearningRate = 1e-3)]")]
        [InlineData("[Sgd]")]
        [InlineData("")]
        public Task One_optimizer_or_none_is_not_reported(string optimizer) =>
            Verify.VerifyAsync(Sources.Valid(Lars, optimizer));
    }
}
