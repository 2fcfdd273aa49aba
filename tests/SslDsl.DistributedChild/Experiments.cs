using SslDsl;

namespace SslDsl.DistributedChild;

/// <summary>
/// Future-window prediction with a transformer on 3-channel windows: a per-window mean loss (RankReduction
/// AverageGradients), LayerNorm only and no random draws in the step, so two ranks must train exactly what one process
/// trains on the same global batches (up to the order of float sums).
/// </summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[FutureWindowPrediction(Horizon = 8)]
[AdamW(LearningRate = 3e-3)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelForecast
{
}

/// <summary>The same with SGD: no per-parameter normalisation to magnify float roundoff, so the runs agree closely.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[FutureWindowPrediction(Horizon = 8)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelForecastSgd
{
}

/// <summary>SimCLR: its loss needs the gathered embeddings, which data parallel does not do yet; Fit must refuse it on two ranks.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[Mlp(Hidden = new[] { 32 })]
[Projector(Hidden = 32, Output = 16)]
[SimClr(Temperature = 0.2)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 16)]
public partial class ParallelSimClr
{
}
