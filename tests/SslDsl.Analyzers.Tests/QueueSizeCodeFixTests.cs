using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.CodeFixes;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.CodeFixVerifier<SslDsl.Analyzers.QueueSizeAnalyzer, SslDsl.CodeFixes.QueueSizeCodeFixProvider>;

namespace SslDsl.Analyzers.Tests
{
    public class QueueSizeCodeFixTests
    {
        private static DiagnosticResult At(int location) =>
            new DiagnosticResult(DiagnosticIds.QueueNotMultipleOfBatch, DiagnosticSeverity.Error).WithLocation(location);

        [Fact]
        public Task Rounds_an_explicit_queue_size_up_to_the_next_multiple_of_the_batch() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo({|#0:QueueSize = 1000|})]"),
                new[] { At(0) },
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(QueueSize = 1024)]"));

        [Fact]
        public Task Rounds_nnclrs_support_set_up_to_the_next_multiple_of_the_batch() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Predictor]\n[Nnclr({|#0:SupportSize = 1000|}, Temperature = 0.2)]"),
                new[] { At(0) },
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Predictor]\n[Nnclr(SupportSize = 1024, Temperature = 0.2)]"));

        [Fact]
        public Task Rounds_swavs_queue_up_to_the_next_multiple_of_the_batch() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Swav(Prototypes = 300, {|#0:QueueLength = 3000|}, QueueStartEpoch = 5)]"),
                new[] { At(0) },
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Swav(Prototypes = 300, QueueLength = 3072, QueueStartEpoch = 5)]"));

        [Fact]
        public Task Rounds_up_to_the_keys_of_an_accumulated_step() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo({|#0:QueueSize = 1024|})]").Replace("BatchSize = 256, Epochs = 100", "BatchSize = 256, Epochs = 100, AccumulationSteps = 3"),
                new[] { At(0) },
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(QueueSize = 1536)]").Replace("BatchSize = 256, Epochs = 100", "BatchSize = 256, Epochs = 100, AccumulationSteps = 3"));

        [Fact]
        public Task Keeps_the_other_arguments() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(Version = 2, {|#0:QueueSize = 257|}, Temperature = 0.2)]"),
                new[] { At(0) },
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(Version = 2, QueueSize = 512, Temperature = 0.2)]"));

        [Fact]
        public Task Adds_the_argument_when_the_default_queue_does_not_fit_the_batch() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[{|#0:MoCo|}]").Replace("BatchSize = 256", "BatchSize = 100"),
                new[] { At(0) },
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(QueueSize = 65600)]").Replace("BatchSize = 256", "BatchSize = 100"));

        [Fact]
        public Task Appends_the_argument_after_the_others_when_left_at_its_default() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[{|#0:MoCo(Momentum = 0.99)|}]").Replace("BatchSize = 256", "BatchSize = 100"),
                new[] { At(0) },
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(Momentum = 0.99, QueueSize = 65600)]").Replace("BatchSize = 256", "BatchSize = 100"));

        [Fact]
        public void Fixes_SSL0007_with_the_batch_fixer()
        {
            var provider = new QueueSizeCodeFixProvider();
            Assert.Equal(new[] { "SSL0007" }, provider.FixableDiagnosticIds);
            Assert.Same(Microsoft.CodeAnalysis.CodeFixes.WellKnownFixAllProviders.BatchFixer, provider.GetFixAllProvider());
        }
    }
}
