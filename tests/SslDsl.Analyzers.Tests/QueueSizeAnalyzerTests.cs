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

        [Fact]
        public Task Swav_queue_not_a_multiple_of_the_batch_is_reported_at_QueueLength() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Swav({|#0:QueueLength = 3000|}, QueueStartEpoch = 5)]"),
                new DiagnosticResult(DiagnosticDescriptors.QueueNotMultipleOfBatch).WithLocation(0)
                    .WithMessage("[Swav] QueueLength = 3000 is not a multiple of [Training] BatchSize = 256; the queue takes whole batches of projections, e.g. QueueLength = 3072"));

        [Fact]
        public Task Swav_queue_shorter_than_one_batch_is_reported() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Swav({|#0:QueueLength = 100|})]"),
                new DiagnosticResult(DiagnosticDescriptors.QueueNotMultipleOfBatch).WithLocation(0)
                    .WithMessage("[Swav] QueueLength = 100 is not a multiple of [Training] BatchSize = 256; the queue takes whole batches of projections, e.g. QueueLength = 256"));

        [Fact]
        public Task Swav_queue_not_a_multiple_of_the_projections_of_an_accumulated_step_is_reported() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Swav({|#0:QueueLength = 3840|})]").Replace("BatchSize = 256, Epochs = 100", "BatchSize = 256, Epochs = 100, AccumulationSteps = 4"),
                new DiagnosticResult(DiagnosticDescriptors.QueueNotMultipleOfBatch).WithLocation(0)
                    .WithMessage("[Swav] QueueLength = 3840 is not a multiple of the 1024 projections of an optimizer step ([Training] BatchSize × AccumulationSteps = 256 × 4); accumulated batches share one loss, whose projections the queue takes at once, e.g. QueueLength = 4096"));

        [Theory]
        [InlineData("[Swav]")] // QueueLength = 0: no queue
        [InlineData("[Swav(QueueLength = 0, QueueStartEpoch = 3)]")]
        [InlineData("[Swav(QueueLength = 3840)]")] // the official length for batches of 256
        public Task Swav_without_a_queue_or_with_whole_batches_is_not_reported(string swav) =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", swav));

        [Theory]
        [InlineData("[Predictor]\n[Nnclr]")]
        [InlineData("[MoCo(QueueSize = 1024)]")]
        [InlineData("[MoCo]")]
        [InlineData("[MoCo(Version = 3, QueueSize = 1000)]\n[Predictor]")]
        public Task Multiple_of_the_batch_or_no_queue_is_not_reported(string objective) =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", objective));
    }
}
