using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.DataParallelAnalyzer>;
using VerifyRange = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.HyperparameterRangeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>SSL0031: [DataParallel(SyncBatchNorm = true)] without a BatchNorm layer; SSL0006 on its timeout. Every objective trains data-parallel.</summary>
    public class DataParallelAnalyzerTests
    {
        private const string Training = "[Training(BatchSize = 64, Epochs = 10)]";

        private const string Message = "[DataParallel] SyncBatchNorm = true has nothing to synchronise: none of this experiment's networks has a BatchNorm layer; remove SyncBatchNorm";

        [Fact]
        public Task SyncBatchNorm_with_only_transformers_is_reported_at_the_argument() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidTokenExperiment, Training, Training + "\n[DataParallel({|#0:SyncBatchNorm = true|})]"),
                new DiagnosticResult(DiagnosticDescriptors.SyncBatchNormWithoutBatchNorm).WithLocation(0).WithMessage(Message));

        [Fact]
        public Task SyncBatchNorm_with_a_temporal_convnet_is_not_reported() =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidForecastExperiment, Training, Training + "\n[DataParallel(SyncBatchNorm = true)]"));

        [Fact]
        public Task SyncBatchNorm_with_a_transformer_and_a_two_layer_projector_is_not_reported() =>
            Verify.VerifyAsync(Sources.Edit(
                Sources.Edit(Sources.ValidForecastExperiment, "[TemporalConvNet(Widths = new[] { 16, 16 })]", "[TransformerEncoder(Dim = 32, Depth = 1, Heads = 2)]\n[Projector(Hidden = 32, Output = 16, Layers = 2)]"),
                Training, Training + "\n[DataParallel(SyncBatchNorm = true)]"));

        [Fact]
        public Task SyncBatchNorm_with_a_transformer_and_a_one_layer_projector_is_reported() =>
            Verify.VerifyAsync(
                Sources.Edit(
                    Sources.Edit(Sources.ValidForecastExperiment, "[TemporalConvNet(Widths = new[] { 16, 16 })]", "[TransformerEncoder(Dim = 32, Depth = 1, Heads = 2)]\n[Projector(Hidden = 32, Output = 16, Layers = 1)]"),
                    Training, Training + "\n[DataParallel({|#0:SyncBatchNorm = true|})]"),
                new DiagnosticResult(DiagnosticDescriptors.SyncBatchNormWithoutBatchNorm).WithLocation(0).WithMessage(Message));

        [Fact]
        public Task Masked_language_modelling_under_DataParallel_is_not_reported() =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidTokenExperiment, Training, Training + "\n[DataParallel]"));

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
