using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.DinoTemperatureAnalyzer>;
using VerifyHeads = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.UnusedHeadAnalyzer>;
using VerifyRange = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.HyperparameterRangeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>SSL0032: DINO's teacher must be sharper than its student; SSL0020: [Dino] and [Swav] build their own heads; SSL0006: their ranges (SwAV's queue included).</summary>
    public class DinoTemperatureAnalyzerTests
    {
        private static string Dino(string dino) =>
            Sources.Valid("[SimClr(Temperature = 0.5)]", dino).Replace("[Projector(Hidden = 256, Output = 64)]\n", "");

        [Fact]
        public Task A_teacher_temperature_above_the_students_is_reported_at_it() =>
            Verify.VerifyAsync(
                Dino("[Dino(OutDim = 1024, {|#0:TeacherTemperature = 0.2|})]"),
                new DiagnosticResult(DiagnosticDescriptors.DinoTeacherNotSharper).WithLocation(0).WithMessage(
                    "[Dino] TeacherTemperature = 0.2 is not below StudentTemperature = 0.1: a teacher no sharper than its student gives it no target to learn and collapses to the uniform distribution; use a teacher temperature below the student's (DINO: 0.04 to 0.07 against 0.1)"));

        [Fact]
        public Task A_warm_up_temperature_equal_to_the_students_is_reported() =>
            Verify.VerifyAsync(
                Dino("[Dino({|#0:WarmupTeacherTemperature = 0.1|}, WarmupTeacherEpochs = 10)]"),
                new DiagnosticResult(DiagnosticDescriptors.DinoTeacherNotSharper).WithLocation(0).WithMessage(
                    "[Dino] WarmupTeacherTemperature = 0.1 is not below StudentTemperature = 0.1: a teacher no sharper than its student gives it no target to learn and collapses to the uniform distribution; use a teacher temperature below the student's (DINO: 0.04 to 0.07 against 0.1)"));

        [Theory]
        [InlineData("[Dino]")]
        [InlineData("[Dino(TeacherTemperature = 0.07, WarmupTeacherTemperature = 0.04, WarmupTeacherEpochs = 30)]")]
        public Task The_official_temperatures_are_not_reported(string dino) => Verify.VerifyAsync(Dino(dino));

        [Fact]
        public Task A_projector_beside_dino_is_reported_as_unused() =>
            VerifyHeads.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Dino]").Replace("[Projector(Hidden = 256, Output = 64)]", "[{|#0:Projector(Hidden = 256, Output = 64)|}]"),
                new DiagnosticResult(DiagnosticDescriptors.UnusedHead).WithLocation(0).WithMessage(
                    "[Projector] is not used: [Dino] builds its own head (MLP, bottleneck, prototypes); size it with [Dino(Hidden, Bottleneck, OutDim)] and remove [Projector]"));

        [Fact]
        public Task A_projector_beside_swav_is_reported_as_unused() =>
            VerifyHeads.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[Swav]").Replace("[Projector(Hidden = 256, Output = 64)]", "[{|#0:Projector(Hidden = 256, Output = 64)|}]"),
                new DiagnosticResult(DiagnosticDescriptors.UnusedHead).WithLocation(0).WithMessage(
                    "[Projector] is not used: [Swav] builds its own head (MLP, normalised projection, prototypes); size it with [Swav(Hidden, Output, Prototypes)] and remove [Projector]"));

        [Theory]
        [InlineData("[Swav({|#0:Epsilon = 0|})]", "[Swav] Epsilon = 0 is out of range: Epsilon must be > 0")]
        [InlineData("[Swav({|#0:SinkhornIterations = 0|})]", "[Swav] SinkhornIterations = 0 is out of range: SinkhornIterations must be >= 1")]
        [InlineData("[Swav({|#0:Prototypes = 1|})]", "[Swav] Prototypes = 1 is out of range: Prototypes must be >= 2")]
        [InlineData("[Swav({|#0:QueueLength = -256|})]", "[Swav] QueueLength = -256 is out of range: QueueLength must be >= 0 (0 = no queue)")]
        [InlineData("[Swav(QueueLength = 512, {|#0:QueueStartEpoch = -1|})]", "[Swav] QueueStartEpoch = -1 is out of range: QueueStartEpoch must be >= 0")]
        [InlineData("[Dino({|#0:OutDim = 1|})]", "[Dino] OutDim = 1 is out of range: OutDim must be >= 2 (a softmax over one prototype is constant)")]
        [InlineData("[Dino({|#0:CenterMomentum = 1|})]", "[Dino] CenterMomentum = 1 is out of range: CenterMomentum must be in [0, 1)")]
        [InlineData("[Dino({|#0:StudentTemperature = 0|})]", "[Dino] StudentTemperature = 0 is out of range: StudentTemperature must be > 0")]
        public Task Out_of_range_values_are_reported(string dino, string message) =>
            VerifyRange.VerifyAsync(Dino(dino), new DiagnosticResult(DiagnosticDescriptors.OutOfRange).WithLocation(0).WithMessage(message));

        [Theory]
        [InlineData("[Swav(QueueLength = 0, QueueStartEpoch = 0)]")]
        [InlineData("[Swav(QueueLength = 3840, QueueStartEpoch = 15)]")]
        public Task The_queues_boundaries_are_in_range(string swav) => VerifyRange.VerifyAsync(Dino(swav));
    }
}
