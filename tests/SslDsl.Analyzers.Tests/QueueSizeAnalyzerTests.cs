using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.QueueSizeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class QueueSizeAnalyzerTests
    {
        [Fact]
        public Task Queue_not_a_multiple_of_the_batch_is_reported_at_QueueSize() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo({|#0:QueueSize = 1000|})]"),
                new DiagnosticResult(DiagnosticDescriptors.QueueNotMultipleOfBatch).WithLocation(0)
                    .WithMessage("[MoCo] QueueSize = 1000 is not a multiple of [Training] BatchSize = 256; the queue takes whole batches of keys, e.g. QueueSize = 1024"));

        [Fact]
        public Task Default_queue_against_an_odd_batch_is_reported_at_the_attribute() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[{|#0:MoCo|}]").Replace("BatchSize = 256", "BatchSize = 100"),
                new DiagnosticResult(DiagnosticDescriptors.QueueNotMultipleOfBatch).WithLocation(0)
                    .WithMessage("[MoCo] QueueSize = 65536 is not a multiple of [Training] BatchSize = 100; the queue takes whole batches of keys, e.g. QueueSize = 65600"));

        [Fact]
        public Task Queue_not_a_multiple_of_the_keys_of_an_accumulated_step_is_reported() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo({|#0:QueueSize = 1024|})]").Replace("BatchSize = 256, Epochs = 100", "BatchSize = 256, Epochs = 100, AccumulationSteps = 3"),
                new DiagnosticResult(DiagnosticDescriptors.QueueNotMultipleOfBatch).WithLocation(0)
                    .WithMessage("[MoCo] QueueSize = 1024 is not a multiple of the 768 keys of an optimizer step ([Training] BatchSize × AccumulationSteps = 256 × 3); accumulated batches share one loss, whose keys the queue takes at once, e.g. QueueSize = 1536"));

        [Fact]
        public Task Multiple_of_the_keys_of_an_accumulated_step_is_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(QueueSize = 1024)]").Replace("BatchSize = 256, Epochs = 100", "BatchSize = 256, Epochs = 100, AccumulationSteps = 2"));

        [Fact]
        public Task Nnclr_support_set_not_a_multiple_of_the_batch_is_reported_at_SupportSize() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Predictor]\n[Nnclr({|#0:SupportSize = 1000|})]"),
                new DiagnosticResult(DiagnosticDescriptors.QueueNotMultipleOfBatch).WithLocation(0)
                    .WithMessage("[Nnclr] SupportSize = 1000 is not a multiple of [Training] BatchSize = 256; the queue takes whole batches of projections, e.g. SupportSize = 1024"));

        [Theory]
        [InlineData("[Predictor]\n[Nnclr]")]
        [InlineData("[MoCo(QueueSize = 1024)]")]
        [InlineData("[MoCo]")]
        [InlineData("[MoCo(Version = 3, QueueSize = 1000)]\n[Predictor]")]
        public Task Multiple_of_the_batch_or_no_queue_is_not_reported(string objective) =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", objective));
    }
}
