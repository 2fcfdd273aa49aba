using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.PrecisionAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class PrecisionAnalyzerTests
    {
        private const string Training = "[Training(BatchSize = 256, Epochs = 100)]";

        [Theory]
        [InlineData("(Precision)7", "7")]
        [InlineData("(Precision)(-1)", "-1")]
        public Task A_value_that_names_no_Precision_is_reported_at_Precision(string written, string shown) =>
            Verify.VerifyAsync(
                Sources.Valid(Training, $"[Training(BatchSize = 256, {{|#0:Precision = {written}|}}, Epochs = 100)]"),
                new DiagnosticResult(DiagnosticDescriptors.UnsupportedPrecision).WithLocation(0).WithMessage(
                    $"[Training] Precision = (Precision){shown} is not a Precision: use Precision.Float32, Precision.BFloat16 or Precision.Float16"));

        [Theory]
        [InlineData("[Training(BatchSize = 256, Epochs = 100, Precision = Precision.Float32)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100, Precision = Precision.BFloat16)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100, Precision = Precision.Float16)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100, Precision = (Precision)2)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]")]
        public Task Defined_precisions_or_the_default_are_not_reported(string training) =>
            Verify.VerifyAsync(Sources.Valid(Training, training));
    }
}
