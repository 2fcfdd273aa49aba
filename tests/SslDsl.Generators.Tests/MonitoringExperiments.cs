namespace SslDsl.Generators.Tests;

/// <summary>SimCLR with every monitor declared: health every 4 steps, an online probe, kNN with a target.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 12, Width = 12)]
[ConvNet(Widths = new[] { 16, 32 })]
[Projector(Hidden = 32, Output = 16)]
[RandomResizedCrop(MinScale = 0.5)]
[HorizontalFlip]
[SimClr(Temperature = 0.5)]
[AdamW(LearningRate = 2e-3)]
[Training(BatchSize = 32, Epochs = 3, Seed = 3)]
[KnnMonitor(K = 5, EveryEpochs = 1, Target = 0.3)]
[HealthMonitor(EverySteps = 4, Samples = 64)]
[OnlineProbe(LearningRate = 0.05)]
public partial class TinyMonitoredSimClr
{
}
