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

/// <summary>
/// DistilBERT's student of <see cref="BrownTransformerMlm"/> (<c>--distill</c>): the same width and heads with half the
/// blocks (one), initialised from the teacher's embeddings, block 0 and MLM head, trained with the teacher's soft
/// targets (T = 2), its own MLM loss and the hidden-state cosine (weights 5 / 2 / 1).
/// </summary>
[SslExperiment]
[TokenInput(VocabSize = BrownText.VocabSize, Length = BrownText.ChunkLength)]
[TransformerEncoder(Dim = 128, Depth = 1, Heads = 4)]
[MaskedLanguageModel(MaskProbability = 0.15)]
[Distill(typeof(BrownTransformerMlm))]
[AdamW(LearningRate = 1e-3, WeightDecay = 0.01)]
[WarmupCosine(WarmupSteps = 100, FinalLearningRate = 1e-5)]
[Training(BatchSize = 64, Epochs = 100)]
public partial class BrownDistilledMlm
{
}

/// <summary>The distilled student's network trained alone with MLM from random weights: what the teacher adds.</summary>
[SslExperiment]
[TokenInput(VocabSize = BrownText.VocabSize, Length = BrownText.ChunkLength)]
[TransformerEncoder(Dim = 128, Depth = 1, Heads = 4)]
[MaskedLanguageModel(MaskProbability = 0.15)]
[AdamW(LearningRate = 1e-3, WeightDecay = 0.01)]
[WarmupCosine(WarmupSteps = 100, FinalLearningRate = 1e-5)]
[Training(BatchSize = 64, Epochs = 100)]
public partial class BrownSmallMlm
{
}
