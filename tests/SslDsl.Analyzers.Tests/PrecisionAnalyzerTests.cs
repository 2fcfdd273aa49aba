using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.PrecisionAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class PrecisionAnalyzerTests
    {
        private const string Training = "[Training(BatchSize = 256, Epochs = 100)]";

        [Theory]
        [InlineData("Precision.BFloat16", "Precision.BFloat16")]
        [InlineData("Precision.Float16", "Precision.Float16")]
        [InlineData("(Precision)7", "(Precision)7")]
        public Task Precision_other_than_Float32_is_reported_at_Precision(string written, string shown) =>
            Verify.VerifyAsync(
                Sources.Valid(Training, $"[Training(BatchSize = 256, {{|#0:Precision = {written}|}}, Epochs = 100)]"),
                new DiagnosticResult(DiagnosticDescriptors.UnsupportedPrecision).WithLocation(0).WithMessage(
                    $"[Training] Precision = {shown} is not supported yet: the generated step runs in Float32; remove Precision or set Precision.Float32"));

        [Theory]
        [InlineData("[Training(BatchSize = 256, Epochs = 100, Precision = Precision.Float32)]")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]")]
        public Task Float32_or_the_default_is_not_reported(string training) =>
            Verify.VerifyAsync(Sources.Valid(Training, training));
    }
}
