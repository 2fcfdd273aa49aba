using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SslDsl.CodeFixes;
using SslDsl.Generators.Model;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.CodeFixVerifier<SslDsl.Analyzers.MissingComponentAnalyzer, SslDsl.CodeFixes.MissingComponentCodeFixProvider>;

namespace SslDsl.Analyzers.Tests
{
    public class MissingComponentCodeFixTests
    {
        private const string Objective = "[SimClr(Temperature = 0.5)]";
        private const string Projector = "[Projector(Hidden = 256, Output = 64)]\n";

        private static DiagnosticResult At(int location) =>
            new DiagnosticResult(DiagnosticIds.MissingComponent, DiagnosticSeverity.Error).WithLocation(location);

        [Theory]
        [InlineData("Byol")]
        [InlineData("SimSiam")]
        [InlineData("MoCo(Version = 3)")]
        public Task Adds_the_predictor_right_before_the_objective(string objective) =>
            Verify.VerifyAsync(
                Sources.Valid(Objective, "[{|#0:" + objective + "|}]"),
                new[] { At(0) },
                Sources.Valid(Objective, "[Predictor(Hidden = 4096)]\n[" + objective + "]"));

        [Theory]
        [InlineData("Byol")]
        [InlineData("SimSiam")]
        [InlineData("MoCo(Version = 3)")]
        public Task Adds_the_projector_and_the_predictor_when_both_are_missing(string objective) =>
            Verify.VerifyAsync(
                Sources.Valid(Objective, "[{|#0:" + objective + "|}]").Replace(Projector, string.Empty),
                new[] { At(0), At(0) },
                Sources.Valid(Objective, "[Projector]\n[Predictor(Hidden = 4096)]\n[" + objective + "]").Replace(Projector, string.Empty));

        [Fact]
        public Task Adds_only_the_projector_when_the_predictor_is_there() =>
            Verify.VerifyAsync(
                Sources.Valid(Objective, "[Predictor]\n[{|#0:Byol|}]").Replace(Projector, string.Empty),
                new[] { At(0) },
                Sources.Valid(Objective, "[Predictor]\n[Projector]\n[Byol]").Replace(Projector, string.Empty));

        [Fact]
        public Task Keeps_the_indentation_of_a_nested_experiment() =>
            Verify.VerifyAsync(
                "using SslDsl;\n\npublic partial class Outer\n{\n    [SslExperiment]\n    [ImageInput(Channels = 1, Height = 28, Width = 28)]\n    [ConvNet]\n    [Projector]\n    [{|#0:SimSiam|}]\n    public partial class Exp\n    {\n    }\n}\n",
                new[] { At(0) },
                "using SslDsl;\n\npublic partial class Outer\n{\n    [SslExperiment]\n    [ImageInput(Channels = 1, Height = 28, Width = 28)]\n    [ConvNet]\n    [Projector]\n    [Predictor(Hidden = 4096)]\n    [SimSiam]\n    public partial class Exp\n    {\n    }\n}\n");

        [Fact]
        public void Fixes_SSL0011()
        {
            Assert.Equal(new[] { "SSL0011" }, new MissingComponentCodeFixProvider().FixableDiagnosticIds);
        }
    }
}
