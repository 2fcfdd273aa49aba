using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.DataParallelAnalyzer>;
using VerifyRange = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.HyperparameterRangeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>SSL0031: [DataParallel] with an objective the ranks cannot yet combine exactly; SSL0006 on its timeout.</summary>
    public class DataParallelAnalyzerTests
    {
        private const string Training = "[Training(BatchSize = 64, Epochs = 10)]";

        [Fact]
        public Task Masked_language_modelling_under_DataParallel_is_reported_at_the_attribute() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidTokenExperiment, Training, Training + "\n[{|#0:DataParallel|}]"),
                new DiagnosticResult(DiagnosticDescriptors.DataParallelObjective).WithLocation(0).WithMessage(
                    "[DataParallel] cannot train [MaskedLanguageModel] on several ranks yet: its loss is a mean over the masked elements, whose count differs per rank, "
                    + "and dividing by the global count is not built; remove [DataParallel] (and train as one process) or choose another objective"));

        [Fact]
        public Task Masked_stream_reconstruction_under_DataParallel_is_reported() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.Edit(Sources.ValidForecastExperiment, "[FutureWindowPrediction(Horizon = 8)]", "[MaskedStreamReconstruction]"), Training, Training + "\n[{|#0:DataParallel|}]"),
                new DiagnosticResult(DiagnosticDescriptors.DataParallelObjective).WithLocation(0).WithMessage(
                    "[DataParallel] cannot train [MaskedStreamReconstruction] on several ranks yet: its loss is a mean over the masked elements, whose count differs per rank, "
                    + "and dividing by the global count is not built; remove [DataParallel] (and train as one process) or choose another objective"));

        [Fact]
        public Task SimClr_under_DataParallel_is_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[DataParallel(TimeoutSeconds = 60)]"));

        [Fact]
        public Task Forecasting_under_DataParallel_is_not_reported() =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidForecastExperiment, Training, Training + "\n[DataParallel]"));

        [Fact]
        public Task Masked_language_modelling_without_DataParallel_is_not_reported() =>
            Verify.VerifyAsync(Sources.ValidTokenExperiment);

        [Theory]
        [InlineData("0", "0")]
        [InlineData("-5", "-5")]
        public Task A_timeout_that_is_not_positive_is_out_of_range(string written, string shown) =>
            VerifyRange.VerifyAsync(
                Sources.Valid("[Training(BatchSize = 256, Epochs = 100)]", $"[Training(BatchSize = 256, Epochs = 100)]\n[DataParallel({{|#0:TimeoutSeconds = {written}|}})]"),
                new DiagnosticResult(DiagnosticDescriptors.OutOfRange).WithLocation(0).WithMessage($"[DataParallel] TimeoutSeconds = {shown} is out of range: TimeoutSeconds must be > 0 seconds"));
    }
}
