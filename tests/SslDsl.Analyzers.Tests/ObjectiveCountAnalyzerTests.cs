using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.ObjectiveCountAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class ObjectiveCountAnalyzerTests
    {
        private static DiagnosticResult Diagnostic(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.ObjectiveCount).WithLocation(location).WithMessage(message);

        [Fact]
        public Task No_objective_is_reported_at_the_class_name() =>
            Verify.VerifyAsync(
                Sources.ValidWithout("[SimClr(Temperature = 0.5)]").Replace("public partial class Exp", "public partial class {|#0:Exp|}"),
                Diagnostic(0, "Experiment 'Exp' declares no pretext objective; add exactly one, e.g. [SimClr], [MoCo], [Nnclr], [Dino], [Swav], [Byol], [SimSiam], [BarlowTwins], [Vicreg], [MaskedAutoencoder], [Autoencoder], [RotationPrediction], "
                    + "[MaskedLanguageModel], [FutureWindowPrediction] or [MaskedStreamReconstruction]"));

        [Fact]
        public Task Second_objective_is_reported_at_its_attribute() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[SimClr(Temperature = 0.5)]\n[{|#0:TestOnlyObjective|}]") + Sources.StandIns,
                Diagnostic(0, "Experiment 'Exp' declares more than one pretext objective ([SimClr], [TestOnlyObjective]); keep exactly one"));

        [Fact]
        public Task One_objective_is_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", "[TestOnlyObjective]") + Sources.StandIns);
    }
}
