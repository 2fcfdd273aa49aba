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

/// <summary>
/// SimCLR over the ranks with [DataParallel] (the loss gathers every rank's projections): a transformer and a one-layer projector, so no
/// BatchNorm (whose statistics stay per rank), and no augmentation (no random draws): the ranks must train what one
/// process trains.
/// </summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[Projector(Hidden = 32, Output = 16, Layers = 1)]
[SimClr(Temperature = 0.2)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
[DataParallel(TimeoutSeconds = 60)] // joins the mpirun job by itself
public partial class ParallelSimClr
{
}

/// <summary>Barlow Twins over the ranks (its standardisation and cross-correlation are sums over every rank's rows), with the same BatchNorm-free networks.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[Projector(Hidden = 32, Output = 16, Layers = 1)]
[BarlowTwins(Lambda = 0.05)]
[Sgd(LearningRate = 0.01, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelBarlowTwins
{
}

/// <summary>MoCo v2 over the ranks (every rank enqueues the global batch's keys), with the same BatchNorm-free networks.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[Projector(Hidden = 32, Output = 16, Layers = 1)]
[MoCo(QueueSize = 64, Momentum = 0.99, Temperature = 0.2)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelMoCo
{
}

/// <summary>Masked-stream reconstruction: a mean over masked readings whose count varies, which data parallel does not divide globally yet; Fit must refuse it on two ranks.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[MaskedStreamReconstruction(MaskRatio = 0.25, SpanLength = 4)]
[AdamW(LearningRate = 3e-3)]
[Training(BatchSize = 16)]
public partial class ParallelMaskedStream
{
}
