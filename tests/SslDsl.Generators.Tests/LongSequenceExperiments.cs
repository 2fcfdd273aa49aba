using SslDsl;

namespace SslDsl.Generators.Tests;

// Long token sequences with Longformer attention: a 64-token window (±32) and one global token, 1,024 positions.
[SslExperiment]
[TokenInput(VocabSize = 40, Length = 1024)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2, AttentionWindow = 64, GlobalTokens = 1)]
[MaskedLanguageModel(MaskProbability = 0.15)]
[AdamW(LearningRate = 3e-3, WeightDecay = 0.01)]
[Training(BatchSize = 4)]
public partial class LongWindowMlm
{
}
