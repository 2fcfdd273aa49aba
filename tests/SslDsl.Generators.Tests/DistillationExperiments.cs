using SslDsl;

namespace SslDsl.Generators.Tests;

// A 4-block teacher and its students: DistilBERT's half-depth student (initialised from blocks 0 and 2), and a
// narrower one-block student that learns from the soft targets and its own MLM loss only (widths differ: no cosine).
[SslExperiment]
[TokenInput(VocabSize = 40, Length = 16)]
[TransformerEncoder(Dim = 32, Depth = 4, Heads = 2)]
[MaskedLanguageModel(MaskProbability = 0.3)]
[AdamW(LearningRate = 3e-3, WeightDecay = 0.01)]
[Training(BatchSize = 8)]
public partial class TinyTeacherMlm
{
}

[SslExperiment]
[TokenInput(VocabSize = 40, Length = 16)]
[TransformerEncoder(Dim = 32, Depth = 2, Heads = 2)]
[MaskedLanguageModel(MaskProbability = 0.3)]
[Distill(typeof(TinyTeacherMlm))]
[AdamW(LearningRate = 3e-3, WeightDecay = 0.01)]
[Training(BatchSize = 8)]
public partial class TinyDistilledMlm
{
}

[SslExperiment]
[TokenInput(VocabSize = 40, Length = 16)]
[TransformerEncoder(Dim = 16, Depth = 1, Heads = 2)]
[MaskedLanguageModel(MaskProbability = 0.3)]
[Distill(typeof(TinyTeacherMlm), HiddenCosineWeight = 0, InitializeFromTeacher = false)]
[AdamW(LearningRate = 3e-3, WeightDecay = 0.01)]
[Training(BatchSize = 8)]
public partial class NarrowDistilledMlm
{
}
