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
/// SimCLR over the ranks with [DataParallel] (the loss gathers every rank's projections): a transformer and a one-layer
/// projector, so no BatchNorm (whose statistics stay per rank), and per-sample augmentations, whose draws follow the
/// sample's place in the global batch: the ranks must train what one process trains.
/// </summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[Projector(Hidden = 32, Output = 16, Layers = 1)]
[Scaling(Std = 0.2)]
[MagnitudeWarp]
[TimeMask]
[SimClr(Temperature = 0.2)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
[OnlineProbe] // learns from every rank's labelled rows: one probe, the same on every rank
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

/// <summary>Masked-stream reconstruction: a mean over masked readings whose count varies per rank; each rank divides by the global count.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[MaskedStreamReconstruction(MaskRatio = 0.25, SpanLength = 4)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelMaskedStream
{
}

/// <summary>
/// BYOL with BatchNorm everywhere (temporal ConvNet, two-layer projector, predictor) synchronised over the ranks, and a
/// momentum target network: the ranks must train what one process trains.
/// </summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TemporalConvNet(Widths = new[] { 16, 16 })]
[Projector(Hidden = 32, Output = 16, Layers = 2)]
[Predictor(Hidden = 32)]
[Scaling(Std = 0.2)]
[Byol(MomentumStart = 0.9)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
[DataParallel(SyncBatchNorm = true)]
public partial class ParallelByol
{
}

/// <summary>MAE on a small ViT: per-sample random masking and flips drawn by place in the global batch.</summary>
[SslExperiment]
[ImageInput(Channels = 1, Height = 8, Width = 8)]
[VisionTransformer(PatchSize = 4, Dim = 16, Depth = 1, Heads = 2, MlpRatio = 2)]
[HorizontalFlip]
[MaskedAutoencoder(MaskRatio = 0.5, DecoderDim = 16, DecoderDepth = 1, DecoderHeads = 2)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelMae
{
}

/// <summary>SimCLR with GradCache (two batches of 8 per optimizer step): the cached projections are gathered once per step.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[Projector(Hidden = 32, Output = 16, Layers = 1)]
[Scaling(Std = 0.2)]
[SimClr(Temperature = 0.2)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 8, AccumulationSteps = 2, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelGradCache
{
}

/// <summary>MLM: a mean over the selected tokens, whose count differs per rank; each rank divides by the global count.</summary>
[SslExperiment]
[TokenInput(VocabSize = 40, Length = 16)]
[TransformerEncoder(Dim = 32, Depth = 1, Heads = 2)]
[MaskedLanguageModel(MaskProbability = 0.3)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelMlm
{
}

/// <summary>The teacher of <see cref="ParallelDistilledMlm"/>, trained by one process before the ranks distil it.</summary>
[SslExperiment]
[TokenInput(VocabSize = 40, Length = 16)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[MaskedLanguageModel(MaskProbability = 0.3)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelMlmTeacher
{
}

/// <summary>DistilBERT over the ranks: soft targets and MLM are means over the global count of masked tokens.</summary>
[SslExperiment]
[TokenInput(VocabSize = 40, Length = 16)]
[TransformerEncoder(Dim = 32, Depth = 1, Heads = 2)]
[MaskedLanguageModel(MaskProbability = 0.3)]
[Distill(typeof(ParallelMlmTeacher))]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelDistilledMlm
{
}

/// <summary>NNCLR over the ranks: neighbours pick out their sample among every rank's predictions; the support set takes the global batch.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[Projector(Hidden = 32, Output = 16, Layers = 1)]
[Predictor(Hidden = 32)]
[Scaling(Std = 0.2)]
[Nnclr(SupportSize = 64, Temperature = 0.2)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
[DataParallel(SyncBatchNorm = true)] // the predictor's BatchNorm
public partial class ParallelNnclr
{
}

/// <summary>DINO over the ranks: the EMA teacher follows identical students; the centre is the mean over every rank's rows.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[Scaling(Std = 0.2)]
[Dino(OutDim = 64, Hidden = 32, Bottleneck = 16, MomentumStart = 0.9)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
public partial class ParallelDino
{
}

/// <summary>SwAV over the ranks: the Sinkhorn sums run over every rank's rows (the global batch's codes); prototypes frozen for 2 steps.</summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[Scaling(Std = 0.2)]
[Swav(Prototypes = 16, Hidden = 32, Output = 16, FreezePrototypesSteps = 2)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
[DataParallel(SyncBatchNorm = true)] // the projection MLP's BatchNorm
public partial class ParallelSwav
{
}

/// <summary>
/// SwAV with its queue over the ranks: every rank keeps the global batch's projections (32 = two global batches per
/// global view), filled from epoch 1 and used from its third step on; Sinkhorn counts the shared queue once.
/// </summary>
[SslExperiment]
[SequenceInput(Channels = 3, Length = 32)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[Scaling(Std = 0.2)]
[Swav(Prototypes = 16, Hidden = 32, Output = 16, FreezePrototypesSteps = 2, QueueLength = 32, QueueStartEpoch = 1)]
[Sgd(LearningRate = 0.05, Momentum = 0.9)]
[Training(BatchSize = 16, Epochs = 3, LogEverySteps = 2)]
[DataParallel(SyncBatchNorm = true)]
public partial class ParallelSwavQueue
{
}
