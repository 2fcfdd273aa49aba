using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.CodeFixVerifier<SslDsl.Analyzers.OptimizerCountAnalyzer, SslDsl.CodeFixes.ExtraOptimizerCodeFixProvider>;

namespace SslDsl.Analyzers.Tests
{
    public class ExtraOptimizerCodeFixTests
    {
        private const string Lars = "[Lars(LearningRate = 0.3, WeightDecay = 1e-6)]";

        private static DiagnosticResult At(int location) => new DiagnosticResult(DiagnosticIds.OptimizerCount, Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(location);

        [Fact]
        public Task Removes_the_extra_optimizer_and_its_line() =>
            Verify.VerifyAsync(
                Sources.Valid(Lars, Lars + "\n[{|#0:AdamW(LearningRate = 1e-3)|}]"),
                new[] { At(0) },
                Sources.ValidExperiment);

        [Fact]
        public Task Removes_the_extra_optimizer_from_a_shared_list() =>
            Verify.VerifyAsync(
                Sources.Valid(Lars, "[AdamW, {|#0:Sgd|}, HorizontalFlip]"),
                new[] { At(0) },
                Sources.Valid(Lars, "[AdamW, HorizontalFlip]"));

        [Fact]
        public Task Removes_every_extra_optimizer() =>
            Verify.VerifyAsync(
                Sources.Valid(Lars, Lars + "\n[{|#0:Sgd|}]\n// tuned later\n[{|#1:AdamW|}]"),
                new[] { At(0), At(1) },
                Sources.Valid(Lars, Lars + "\n// tuned later"));
    }
}
