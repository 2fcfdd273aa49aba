using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.ViewDeclarationAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class ViewDeclarationAnalyzerTests
    {
        private const string Flip = "[HorizontalFlip]";

        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.ViewDeclaration).WithLocation(location).WithMessage(message);

        [Fact]
        public Task Several_views_for_a_single_view_objective_are_reported_at_the_count() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidMaeExperiment, Flip, "[Views({|#0:2|})]\n" + Flip),
                At(0, "[MaskedAutoencoder] trains on one view of each sample, but [Views(2)] declares 2; remove [Views] or declare [Views(1)]"));

        [Fact]
        public Task Multi_crop_for_a_single_view_objective_is_reported_at_MultiCrop() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.Valid("[SimClr(Temperature = 0.5)]", "[RotationPrediction]"), "[Views(2)]", "[{|#0:MultiCrop|}]"),
                At(0, "[RotationPrediction] trains on one view of each sample, but [MultiCrop] makes several; remove [MultiCrop]"));

        [Fact]
        public Task Views_beside_multi_crop_are_reported_at_Views() =>
            Verify.VerifyAsync(
                Sources.Valid("[Views(2)]", "[{|#0:Views(2)|}]\n[MultiCrop(LocalSize = 12)]"),
                At(0, "[Views] and [MultiCrop] both declare the views; [MultiCrop] makes GlobalCount + LocalCount views and replaces [Views]: remove [Views]"));

        [Fact]
        public Task MoCo_v2_with_three_views_is_reported_at_the_count() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(QueueSize = 4096)]").Replace("[Views(2)]", "[Views({|#0:3|})]"),
                At(0, "[MoCo(Version = 2)] compares two views and enqueues one key batch per step, but [Views(3)] declares 3; declare [Views(2)]"));

        [Fact]
        public Task MoCo_v2_with_multi_crop_is_reported_at_MultiCrop() =>
            Verify.VerifyAsync(
                Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(QueueSize = 4096)]").Replace("[Views(2)]", "[{|#0:MultiCrop(LocalSize = 12)|}]"),
                At(0, "[MoCo(Version = 2)] compares two views and enqueues one key batch per step, but [MultiCrop] makes 8; use two views, or another objective (e.g. [MoCo(Version = 3)]) for multi-crop"));

        [Fact]
        public Task MoCo_v2_with_two_views_is_not_reported() =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", "[MoCo(QueueSize = 4096)]"));

        [Theory]
        [InlineData("[HorizontalFlip]", "[Views(1)]\n[HorizontalFlip]")]
        [InlineData("[HorizontalFlip]", "[HorizontalFlip]")]
        public Task One_view_for_a_single_view_objective_is_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidMaeExperiment, replace, with));

        [Theory]
        [InlineData("[Views(2)]", "[MultiCrop(LocalSize = 12)]")]
        [InlineData("[Views(2)]", "[Views(3)]")]
        public Task Views_of_a_multi_view_objective_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Valid(replace, with));
    }
}
