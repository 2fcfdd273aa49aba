using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.ViewSizeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class ViewSizeAnalyzerTests
    {
        private const string Crop = "[RandomResizedCrop(Size = 28, MinScale = 0.2)]";

        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.ViewSize).WithLocation(location).WithMessage(message);

        [Fact]
        public Task Crop_that_resizes_one_view_is_reported_at_View() =>
            Verify.VerifyAsync(
                Sources.Valid(Crop, "[RandomResizedCrop(Size = 20, {|#0:View = 1|})]"),
                At(0, "[RandomResizedCrop] makes view 1 20x20, while it is 28x28 like the views it is batched with: an augmentation of one view must keep its size; "
                    + "apply it to every view (View = -1) or keep the size (Size = 0)"));

        [Fact]
        public Task Window_crop_that_shortens_one_view_is_reported_at_View() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidSequenceExperiment, "[Jitter]", "[WindowCrop(Length = 24, ResizeBack = false, {|#0:View = 0|})]"),
                At(0, "[WindowCrop] makes view 0 24-step, while it is 32-step like the views it is batched with: an augmentation of one view must keep its size; "
                    + "apply it to every view (View = -1) or keep the size (ResizeBack = true)"));

        [Fact]
        public Task Window_crop_after_a_shortening_crop_is_reported_at_the_second() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidSequenceExperiment, "[Jitter]", "[WindowCrop(Length = 24, ResizeBack = false)]\n[{|#0:WindowCrop(Length = 16)|}]"),
                At(0, "[WindowCrop] cuts its window from the whole 32-step windows of [SequenceInput], but an earlier [WindowCrop] without ResizeBack has shortened them to 24 steps; "
                    + "set ResizeBack = true on the earlier one, or keep one [WindowCrop]"));

        [Theory]
        [InlineData(Crop, "[RandomResizedCrop(Size = 28, View = 1)]")]
        [InlineData(Crop, "[RandomResizedCrop(View = 1)]")]
        [InlineData(Crop, "[RandomResizedCrop(Size = 20)]\n[RandomResizedCrop(Size = 20, View = 1)]")]
        [InlineData(Crop, "[RandomResizedCrop(Size = 20)]")]
        public Task Crops_that_keep_the_views_of_a_batch_alike_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Valid(replace, with));

        [Fact]
        public Task Crop_of_one_view_for_a_single_view_objective_is_not_reported() =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidForecastExperiment, "[Scaling]", "[WindowCrop(Length = 24, View = 0)]\n[WindowCrop(Length = 30)]"));

        [Fact]
        public Task Window_crops_that_resize_back_are_not_reported() =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidSequenceExperiment, "[Jitter]", "[WindowCrop(Length = 24)]\n[WindowCrop(Length = 16, View = 1)]"));
    }
}
