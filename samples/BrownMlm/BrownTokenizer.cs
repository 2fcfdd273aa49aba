using Microsoft.ML.Tokenizers;
using SslDsl.Data;

namespace BrownMlm;

/// <summary>
/// Subword tokenisation of the Brown texts: a BPE vocabulary learned from the training texts' words only
/// (<see cref="BpeVocabulary"/>; Microsoft.ML.Tokenizers encodes but cannot train), loaded into Microsoft.ML.Tokenizers'
/// <see cref="BpeTokenizer"/>, which encodes. Ids 0–3 are [PAD] [MASK] [UNK] [CLS], as <see cref="BrownCorpus"/> and the
/// experiment's [MaskedLanguageModel] defaults expect.
/// </summary>
internal sealed class BrownTokenizer
{
    private static readonly string[] Specials = { "[PAD]", "[MASK]", "[UNK]", "[CLS]" };

    private BrownTokenizer(BpeVocabulary vocabulary)
    {
        Vocabulary = vocabulary;
        Tokenizer = BpeTokenizer.Create(new BpeOptions(vocabulary.Vocabulary)
        {
            Merges = vocabulary.MergeLines,
            EndOfWordSuffix = BpeVocabulary.EndOfWordSuffix,
            UnknownToken = "[UNK]",
            PreTokenizer = PreTokenizer.CreateWhiteSpace(), // the corpus is already split into words; the default would split "atlanta's" again
        });
    }

    public BpeVocabulary Vocabulary { get; }

    public BpeTokenizer Tokenizer { get; }

    /// <summary>At most <paramref name="vocabSize"/> tokens (fewer when no pair repeats: a tiny corpus).</summary>
    public static BrownTokenizer Train(IEnumerable<BrownCorpusText> texts, int vocabSize) =>
        new(BpeVocabulary.Train(texts.SelectMany(t => t.Words), vocabSize, Specials, "[UNK]"));

    /// <summary>The ids of a whole text (its words joined by spaces; the pre-tokenizer splits them back).</summary>
    public int[] Encode(BrownCorpusText text) => Tokenizer.EncodeToIds(string.Join(' ', text.Words)).ToArray();
}
