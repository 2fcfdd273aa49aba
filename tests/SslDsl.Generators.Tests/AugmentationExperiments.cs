namespace SslDsl.Generators.Tests;

// A tiny MRI/CT-like experiment declaring every image and medical augmentation, compiled by this project's generator.

[SslExperiment]
[ImageInput(Channels = 1, Height = 16, Width = 16)]
[ConvNet(Widths = new[] { 16, 32 })] // multiples of 16: see docs/known-issues.md
[Projector(Hidden = 32, Output = 16)]
[RandomResizedCrop(MinScale = 0.5)]
[IntensityWindow(MinLevel = 0.45, MaxLevel = 0.55, MinWidth = 0.8, MaxWidth = 1.0)]
[GammaContrast(MinGamma = 0.8, MaxGamma = 1.25, Probability = 0.5)]
[BiasField(Order = 2, Strength = 0.2)]
[GaussianBlur(KernelSize = 3, MaxSigma = 1.0)]
[MotionBlur(KernelSize = 5, Probability = 0.3)]
[GaussianNoise(MaxStd = 0.03)]
[RicianNoise(MinStd = 0.01, MaxStd = 0.02, Probability = 0.5)]
[Solarize(View = 1)]
[Normalize(Mean = new[] { 0.5 }, Std = new[] { 0.25 })]
[SimClr]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 16, Seed = 3)]
public partial class TinyMedicalSimClr
{
}
