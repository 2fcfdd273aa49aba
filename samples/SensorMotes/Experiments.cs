using SslDsl;

namespace SensorMotesSample;

// Six pretrainings on the same windows of the single-hop recording: [2 channels (humidity, temperature), 64 readings]
// (64 × ~5 s ≈ 5⅓ minutes), standardised with the training readings' statistics. Two encoders of similar size
// (about 25k parameters): a 4-level TCN (receptive field 61 readings, the whole window) and a 2-block Transformer; three
// objectives. Epoch counts are fixed (not a time budget) so that a rerun on a busy machine gives the same numbers.

/// <summary>The window shape every experiment declares; the sample's data and tasks use the same constants.</summary>
internal static class MoteWindow
{
    public const int Channels = 2;
    public const int Length = 64;

    /// <summary>Readings forecast: the last 16 of the window (80 s) from the first 48 (4 minutes).</summary>
    public const int Horizon = 16;
    public const int Context = Length - Horizon;
}

/// <summary>
/// Forecasting the next 16 readings from 48. The windows it is given are level-referenced (each channel minus its last
/// context reading, see <see cref="MoteData.LevelReferenced"/>): the head predicts the change from the last reading,
/// so a zero output is the persistence forecast and the encoder spends its capacity on the dynamics.
/// </summary>
[SslExperiment]
[SequenceInput(Channels = MoteWindow.Channels, Length = MoteWindow.Length)]
[TemporalConvNet(Widths = new[] { 32, 32, 32, 32 })]
[FutureWindowPrediction(Context = MoteWindow.Context, Horizon = MoteWindow.Horizon)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 64, Epochs = 5)]
public partial class TcnForecast
{
}

/// <summary>The same forecasting task on a Transformer (dim 32, 2 blocks, 4 heads).</summary>
[SslExperiment]
[SequenceInput(Channels = MoteWindow.Channels, Length = MoteWindow.Length)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 4)]
[FutureWindowPrediction(Context = MoteWindow.Context, Horizon = MoteWindow.Horizon)]
[AdamW(LearningRate = 1e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 64, Epochs = 5)]
public partial class TransformerForecast
{
}

/// <summary>
/// Masked reconstruction of the sensor streams (TST, Zerveas et al. 2021): 30 % of the readings hidden as 4-reading
/// spans on both channels, and each channel hidden as a whole with probability 0.3 (never both): the "reconstructing
/// missing sensor streams" of the issue, scored on the hidden entries only.
/// </summary>
[SslExperiment]
[SequenceInput(Channels = MoteWindow.Channels, Length = MoteWindow.Length)]
[TemporalConvNet(Widths = new[] { 32, 32, 32, 32 })]
[MaskedStreamReconstruction(MaskRatio = 0.3, MaskChannels = true, SpanLength = 4)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 64, Epochs = 5)]
public partial class TcnMaskedStreams
{
}

/// <summary>Masked stream reconstruction on the Transformer.</summary>
[SslExperiment]
[SequenceInput(Channels = MoteWindow.Channels, Length = MoteWindow.Length)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 4)]
[MaskedStreamReconstruction(MaskRatio = 0.3, MaskChannels = true, SpanLength = 4)]
[AdamW(LearningRate = 1e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 64, Epochs = 5)]
public partial class TransformerMaskedStreams
{
}

/// <summary>
/// SimCLR with the sensor augmentations of Um et al. 2017 and Iwana and Uchida 2021: jitter, scaling, a time mask
/// and a 48-reading crop stretched back to 64. Batch 128 (the NT-Xent negatives of a smaller batch are too few).
/// </summary>
[SslExperiment]
[SequenceInput(Channels = MoteWindow.Channels, Length = MoteWindow.Length)]
[TemporalConvNet(Widths = new[] { 32, 32, 32, 32 })]
[Projector(Hidden = 64, Output = 32)]
[Views(2)]
[WindowCrop(Length = 48)]
[Scaling(Std = 0.1)]
[Jitter(Std = 0.03)]
[TimeMask(MaxFraction = 0.2)]
[SimClr(Temperature = 0.2)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 5)]
public partial class TcnContrastive
{
}

/// <summary>The contrastive recipe on the Transformer.</summary>
[SslExperiment]
[SequenceInput(Channels = MoteWindow.Channels, Length = MoteWindow.Length)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 4)]
[Projector(Hidden = 64, Output = 32)]
[Views(2)]
[WindowCrop(Length = 48)]
[Scaling(Std = 0.1)]
[Jitter(Std = 0.03)]
[TimeMask(MaxFraction = 0.2)]
[SimClr(Temperature = 0.2)]
[AdamW(LearningRate = 1e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 128, Epochs = 5)]
public partial class TransformerContrastive
{
}
