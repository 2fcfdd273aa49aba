using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.ContrastiveBatchSizeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class ContrastiveBatchSizeAnalyzerTests
    {
        [Fact]
        public Task SimClr_with_a_small_batch_is_a_warning_at_BatchSize() =>
            Verify.VerifyAsync(
                Sources.Valid("BatchSize = 256", "{|#0:BatchSize = 64|}"),
                new DiagnosticResult(DiagnosticDescriptors.SmallContrastiveBatch).WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithMessage(
                    "[SimClr] takes its negatives from the batch, and [Training] BatchSize = 64 gives few of them: contrastive learning degrades below BatchSize = 128; "
                    + "use a larger batch, or [MoCo(Version = 2)], whose queue holds the negatives"));

        [Fact]
        public Task MoCo_v3_with_a_small_batch_is_a_warning() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Predictor]\n[MoCo(Version = 3)]").Replace("BatchSize = 256", "{|#0:BatchSize = 127|}"),
                new DiagnosticResult(DiagnosticDescriptors.SmallContrastiveBatch).WithLocation(0).WithMessage(
                    "[MoCo(Version = 3)] takes its negatives from the batch, and [Training] BatchSize = 127 gives few of them: contrastive learning degrades below BatchSize = 128; "
                    + "use a larger batch, or [MoCo(Version = 2)], whose queue holds the negatives"));

        [Theory]
        [InlineData("BatchSize = 256", "BatchSize = 128")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(Epochs = 100)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]\n", "")]
        public Task SimClr_with_a_large_enough_batch_is_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Valid(replace, with));

        [Theory]
        [InlineData("[MoCo(QueueSize = 4096)]")]
        [InlineData("[Predictor]\n[Byol]")]
        [InlineData("[BarlowTwins]")]
        public Task Objectives_without_in_batch_negatives_are_not_reported_with_a_small_batch(string objective) =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", objective).Replace("BatchSize = 256", "BatchSize = 64"));
    }
}
