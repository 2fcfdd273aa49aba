using SslDsl;

namespace EcgSample;

// Four pretrainings on the same windows of the ECG's training part: [1 channel (lead MLII), 384 samples] (1.07 s at
// 360 Hz, about two heartbeats), standardised with the training samples' mean and deviation. Two encoders: a 7-level
// TCN (receptive field 509 samples, the whole window) and a 2-block Transformer over single samples; two objectives. Epoch counts are fixed (not a time budget) so that a rerun on a busy machine gives the same numbers.

/// <summary>The window shape every experiment declares; the sample's data and tasks use the same constants.</summary>
internal static class EcgWindow
{
    public const int Length = 384;

    /// <summary>Samples forecast: the last 64 of the window (178 ms) from the 320 before (0.89 s, more than one beat).</summary>
    public const int Horizon = 64;
    public const int Context = Length - Horizon;

    /// <summary>Masked pretraining hides 15 % of each window as gaps of 16 samples (44 ms, about half a QRS complex).</summary>
    public const double MaskRatio = 0.15;
    public const int SpanLength = 16;
}

/// <summary>
/// Forecasting the next 64 samples from 320. The windows it is given are level-referenced (minus the last context
/// sample, see <see cref="EcgData.LevelReferenced"/>): the head predicts the change from the last sample, so a zero
/// output is the persistence forecast, as in the sensor-motes sample.
/// </summary>
[SslExperiment]
[SequenceInput(Channels = 1, Length = EcgWindow.Length)]
[TemporalConvNet(Widths = new[] { 32, 32, 32, 32, 32, 32, 32 })]
[FutureWindowPrediction(Context = EcgWindow.Context, Horizon = EcgWindow.Horizon)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 64, Epochs = 5)]
public partial class TcnForecast
{
}

/// <summary>
/// The same forecasting task on a Transformer (dim 32, 2 blocks, 4 heads) whose tokens are single samples, with full
/// attention: at 384 tokens it trained an epoch 2.5–3 × faster than <c>AttentionWindow = 128</c> on the 2-core
/// machine (24–32 s against 73–77 s for 1,176 windows; docs/long-sequences.md finds the window paying off only from
/// about 2,048 tokens).
/// </summary>
[SslExperiment]
[SequenceInput(Channels = 1, Length = EcgWindow.Length)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 4)]
[FutureWindowPrediction(Context = EcgWindow.Context, Horizon = EcgWindow.Horizon)]
[AdamW(LearningRate = 1e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 64, Epochs = 5)]
public partial class TransformerForecast
{
}

/// <summary>Masked reconstruction of the stream (TST, Zerveas et al. 2021): 15 % hidden as 16-sample gaps, MSE on the hidden samples.</summary>
[SslExperiment]
[SequenceInput(Channels = 1, Length = EcgWindow.Length)]
[TemporalConvNet(Widths = new[] { 32, 32, 32, 32, 32, 32, 32 })]
[MaskedStreamReconstruction(MaskRatio = EcgWindow.MaskRatio, SpanLength = EcgWindow.SpanLength)]
[AdamW(LearningRate = 2e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 64, Epochs = 5)]
public partial class TcnMaskedStream
{
}

/// <summary>Masked stream reconstruction on the Transformer.</summary>
[SslExperiment]
[SequenceInput(Channels = 1, Length = EcgWindow.Length)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 4)]
[MaskedStreamReconstruction(MaskRatio = EcgWindow.MaskRatio, SpanLength = EcgWindow.SpanLength)]
[AdamW(LearningRate = 1e-3, WeightDecay = 1e-4)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 64, Epochs = 5)]
public partial class TransformerMaskedStream
{
}
