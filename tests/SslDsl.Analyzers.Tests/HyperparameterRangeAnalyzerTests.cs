using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.HyperparameterRangeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class HyperparameterRangeAnalyzerTests
    {
        /// <summary>Each row: text of the valid experiment, what replaces it (marking the argument at fault as #0), the message.</summary>
        [Theory]
        [InlineData("[SimClr(Temperature = 0.5)]", "[SimClr({|#0:Temperature = -0.1|})]",
            "[SimClr] Temperature = -0.1 is out of range: Temperature must be > 0")]
        [InlineData("[SimClr(Temperature = 0.5)]", "[Predictor]\n[Nnclr({|#0:Temperature = 0|})]",
            "[Nnclr] Temperature = 0 is out of range: Temperature must be > 0")]
        [InlineData("[SimClr(Temperature = 0.5)]", "[Predictor]\n[Nnclr({|#0:SupportSize = 0|})]",
            "[Nnclr] SupportSize = 0 is out of range: SupportSize must be >= 1")]
        [InlineData("[SimClr(Temperature = 0.5)]", "[SimClr({|#0:Temperature = double.NaN|})]",
            "[SimClr] Temperature = NaN is out of range: Temperature must be > 0")]
        [InlineData("[SimClr(Temperature = 0.5)]", "[SimClr({|#0:Temperature = double.PositiveInfinity|})]",
            "[SimClr] Temperature = Infinity is out of range: Temperature must be > 0")]
        [InlineData("[Views(2)]", "[Views(2)]\n[HorizontalFlip({|#0:Probability = 1.5|})]",
            "[HorizontalFlip] Probability = 1.5 is out of range: Probability must be in [0, 1]")]
        [InlineData("[Views(2)]", "[Views(2)]\n[ColorJitter(Brightness = 0.4, {|#0:Hue = 0.6|})]",
            "[ColorJitter] Hue = 0.6 is out of range: Hue must be in [0, 0.5]")]
        [InlineData("MinScale = 0.2", "MinScale = 0.2, {|#0:View = 2|}",
            "[RandomResizedCrop] View = 2 is out of range: View must be -1 (every view) or a view index in [0, 1]")]
        [InlineData("MinScale = 0.2", "MinScale = 0.5, {|#0:MaxScale = 0.3|}",
            "[RandomResizedCrop] MaxScale = 0.3 is below MinScale = 0.5; MaxScale must be >= MinScale")]
        [InlineData("[Views(2)]", "[Views(2)]\n[GammaContrast(MinGamma = 1.2, {|#0:MaxGamma = 0.8|})]",
            "[GammaContrast] MaxGamma = 0.8 is below MinGamma = 1.2; MaxGamma must be >= MinGamma")]
        [InlineData("[Views(2)]", "[Views(2)]\n[GaussianNoise({|#0:MinStd = 0.2|})]",
            "[GaussianNoise] MaxStd = 0.05 is below MinStd = 0.2; MaxStd must be >= MinStd")]
        [InlineData("[Views(2)]", "[Views({|#0:0|})]",
            "[Views] Count = 0 is out of range: Count must be >= 1")]
        [InlineData("[ConvNet]", "[ConvNet({|#0:Widths = new[] { 32, 0 }|})]",
            "[ConvNet] Widths = { 32, 0 } is out of range: Widths must list at least one width, each >= 1")]
        [InlineData("[ConvNet]", "[ResNet({|#0:Depth = 20|})]",
            "[ResNet] Depth = 20 is out of range: Depth must be 18, 34 or 50")]
        [InlineData("LearningRate = 0.3", "{|#0:LearningRate = 0|}",
            "[Lars] LearningRate = 0 is out of range: LearningRate must be > 0")]
        [InlineData("[Lars(LearningRate = 0.3, WeightDecay = 1e-6)]", "[Sgd({|#0:Momentum = 1|})]",
            "[Sgd] Momentum = 1 is out of range: Momentum must be in [0, 1)")]
        [InlineData("BatchSize = 256", "{|#0:BatchSize = 0|}",
            "[Training] BatchSize = 0 is out of range: BatchSize must be >= 1")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[KnnMonitor({|#0:K = 0|})]",
            "[KnnMonitor] K = 0 is out of range: K must be >= 1")]
        [InlineData("[WarmupCosine(WarmupEpochs = 10)]", "[WarmupCosine({|#0:WarmupSteps = -500|})]",
            "[WarmupCosine] WarmupSteps = -500 is out of range: WarmupSteps must be >= 0 (0 = warm-up in epochs, WarmupEpochs)")]
        [InlineData("[WarmupCosine(WarmupEpochs = 10)]", "[WarmupCosine(WarmupSteps = 200, {|#0:WarmupEpochs = -1|})]",
            "[WarmupCosine] WarmupEpochs = -1 is out of range: WarmupEpochs must be >= 0")]
        public Task Value_out_of_range_is_reported_at_its_argument(string replace, string with, string message) =>
            Verify.VerifyAsync(
                Sources.Valid(replace, with),
                new DiagnosticResult(DiagnosticDescriptors.OutOfRange).WithLocation(0).WithMessage(message));

        /// <summary>The edges of the same ranges, on the valid side.</summary>
        [Theory]
        [InlineData("[SimClr(Temperature = 0.5)]", "[SimClr(Temperature = 0.01)]")]
        [InlineData("[Views(2)]", "[Views(2)]\n[HorizontalFlip(Probability = 1)]\n[Grayscale(Probability = 0)]")]
        [InlineData("[Views(2)]", "[Views(2)]\n[ColorJitter(Brightness = 1, Hue = 0.5)]")]
        [InlineData("MinScale = 0.2", "MinScale = 0.2, View = 1")]
        [InlineData("MinScale = 0.2", "MinScale = 0.5, MaxScale = 0.5")]
        [InlineData("[ConvNet]", "[ConvNet(Widths = new[] { 1 })]")]
        [InlineData("[ConvNet]", "[ResNet(Depth = 34, WidthMultiplier = 2)]")]
        [InlineData("[Lars(LearningRate = 0.3, WeightDecay = 1e-6)]", "[Sgd(Momentum = 0, WeightDecay = 0)]")]
        [InlineData("[Lars(LearningRate = 0.3, WeightDecay = 1e-6)]", "[AdamW(Beta1 = 0.9, Beta2 = 0.999)]")]
        [InlineData("BatchSize = 256", "BatchSize = 1, AccumulationSteps = 1")]
        [InlineData("[Training(BatchSize = 256, Epochs = 100)]", "[Training(BatchSize = 256, Epochs = 100)]\n[LinearProbe(Iterations = 1)]\n[KnnMonitor(K = 1)]")]
        [InlineData("[WarmupCosine(WarmupEpochs = 10)]", "[WarmupCosine(WarmupSteps = 0)]")]
        [InlineData("[WarmupCosine(WarmupEpochs = 10)]", "[WarmupCosine(WarmupEpochs = 0, WarmupSteps = 1)]")]
        public Task Value_in_range_is_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Valid(replace, with));

        [Fact]
        public Task Missing_image_size_is_reported_at_the_attribute() =>
            Verify.VerifyAsync(
                Sources.Valid("[ImageInput(Channels = 1, Height = 28, Width = 28)]", "[{|#0:ImageInput(Channels = 1, Height = 28)|}]"),
                new DiagnosticResult(DiagnosticDescriptors.OutOfRange).WithLocation(0).WithMessage("[ImageInput] Width is not set: Width must be >= 1"));

        [Fact]
        public Task Id_markup_marks_the_argument() =>
            Verify.VerifyAsync(Sources.Valid("[SimClr(Temperature = 0.5)]", "[SimClr({|SSL0006:Temperature = -0.1|})]"));
    }
}
