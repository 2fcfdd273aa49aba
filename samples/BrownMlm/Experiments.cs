using SslDsl;

namespace BrownMlm;

/// <summary>
/// BERT-style masked language modelling on 64-token chunks of the Brown corpus with a small pre-norm Transformer
/// (dim 128, 2 blocks, 4 heads; ~0.4M encoder parameters without the 5,000 × 128 token embedding).
/// </summary>
[SslExperiment]
[TokenInput(VocabSize = BrownText.VocabSize, Length = BrownText.ChunkLength)]
[TransformerEncoder(Dim = 128, Depth = 2, Heads = 4)]
[MaskedLanguageModel(MaskProbability = 0.15)]
[AdamW(LearningRate = 2e-3, WeightDecay = 0.01)]
[WarmupCosine(WarmupEpochs = 1)]
[Training(BatchSize = 64, Epochs = 2)]
public partial class BrownTransformerMlm
{
}
