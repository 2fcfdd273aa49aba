using SslDsl;

namespace BrownMlm;

/// <summary>
/// BERT-style masked language modelling on 64-token chunks (BPE subwords) of the Brown corpus with a small pre-norm
/// Transformer (dim 128, 2 blocks, 4 heads; ~0.4M encoder parameters besides the 5,000 × 128 token embedding).
/// Warm-up is 100 optimizer steps, not epochs: an epoch is 296 steps and the default run is one epoch, so a warm-up of
/// whole epochs would be the whole run. The sample passes its epochs to Fit (1, or 4 with --long); a time limit that
/// cannot afford them re-plans the cosine, and the warm-up stays at most half the run.
/// </summary>
[SslExperiment]
[TokenInput(VocabSize = BrownText.VocabSize, Length = BrownText.ChunkLength)]
[TransformerEncoder(Dim = 128, Depth = 2, Heads = 4)]
[MaskedLanguageModel(MaskProbability = 0.15)]
[AdamW(LearningRate = 1e-3, WeightDecay = 0.01)]
[WarmupCosine(WarmupSteps = 100, FinalLearningRate = 1e-5)]
[Training(BatchSize = 64, Epochs = 100)]
public partial class BrownTransformerMlm
{
}
