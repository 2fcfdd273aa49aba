using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Tokenizers;
using SslDsl.Data;

namespace SslDsl.Datasets.Tests;

/// <summary>
/// BPE training against merges worked out by hand, and the learned vocabulary loaded into Microsoft.ML.Tokenizers'
/// BpeTokenizer (as the Brown sample loads it) encoding every word exactly as the reference encoding does.
/// </summary>
public sealed class BpeVocabularyTests
{
    private static readonly string[] Specials = { "[PAD]", "[UNK]" };

    /// <summary>"ab" ×3, "abc" ×2, "c": symbols a b&lt;/w&gt; (3), a b c&lt;/w&gt; (2), c&lt;/w&gt; (1).</summary>
    private static readonly string[] Words = { "ab", "ab", "ab", "abc", "abc", "c" };

    [Fact]
    public void MergesTheMostFrequentPairFirstAndBreaksTiesOrdinally()
    {
        BpeVocabulary bpe = BpeVocabulary.Train(Words, vocabSize: 100, Specials, "[UNK]");

        // (a, b</w>) ×3; then (a, b) and (b, c</w>) tie at 2 and "a" < "b"; then (ab, c</w>) ×2; nothing repeats after that.
        Assert.Equal(new[] { ("a", "b</w>"), ("a", "b"), ("ab", "c</w>") }, bpe.Merges);
        Assert.Equal(new[] { "[PAD]", "[UNK]", "a", "a</w>", "b", "b</w>", "c", "c</w>", "ab</w>", "ab", "abc</w>" }, bpe.Tokens);
        Assert.Equal(new[] { "a b</w>", "a b", "ab c</w>" }, bpe.MergeLines);
    }

    [Fact]
    public void StopsAtTheVocabularySizeOrTheMinimumPairCount()
    {
        Assert.Equal(new[] { ("a", "b</w>") }, BpeVocabulary.Train(Words, vocabSize: 9, Specials, "[UNK]").Merges);
        Assert.Equal(new[] { ("a", "b</w>") }, BpeVocabulary.Train(Words, vocabSize: 100, Specials, "[UNK]", minPairCount: 3).Merges);
    }

    [Fact]
    public void EncodesByMergeRankWithUnseenCharactersUnknown()
    {
        BpeVocabulary bpe = BpeVocabulary.Train(Words, vocabSize: 100, Specials, "[UNK]");

        Assert.Equal(new[] { "abc</w>" }, bpe.Encode("abc"));
        Assert.Equal(new[] { "c", "ab</w>" }, bpe.Encode("cab"));        // a b</w> merges first; (c, ab</w>) is no merge
        Assert.Equal(new[] { "ab", "[UNK]" }, bpe.Encode("abd"));        // d</w> was never seen
        Assert.Equal(new[] { "b", "a</w>" }, bpe.Encode("ba"));          // both forms of every seen character are in the alphabet
    }

    [Fact]
    public void OverlappingPairsMergeLeftToRight()
    {
        // 2 specials + a, a</w> + one merge: a a a</w> has (a, a) ×2 and (a, a</w>) ×2, and "a" < "a</w>" ordinally.
        BpeVocabulary bpe = BpeVocabulary.Train(new[] { "aaa", "aaa" }, vocabSize: 5, Specials, "[UNK]");

        Assert.Equal(new[] { ("a", "a") }, bpe.Merges);
        Assert.Equal(new[] { "aa", "a</w>" }, bpe.Encode("aaa"));          // not a, aa… (the merge starts at the left)
        Assert.Equal(new[] { "aa", "a", "a</w>" }, bpe.Encode("aaaa"));    // a merged symbol is not merged again by the same pass
    }

    [Theory]
    [InlineData(new[] { "ab" }, 3, "[UNK]", "vocabSize")]          // below the specials plus the 4-symbol alphabet
    [InlineData(new[] { "a b" }, 100, "[UNK]", "white space")]
    [InlineData(new[] { "ab" }, 100, "[NONE]", "not among the special tokens")]
    public void BadInputIsRefusedWithTheReason(string[] words, int vocabSize, string unknown, string expected)
    {
        Exception error = Assert.ThrowsAny<ArgumentException>(() => BpeVocabulary.Train(words, vocabSize, Specials, unknown));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTokenizerLibraryEncodesTheFixtureAsTheReferenceDoes()
    {
        List<BrownCorpusText> texts = BrownCorpus.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "brown-corpus"));
        string[] words = texts.SelectMany(t => t.Words).ToArray();
        BpeVocabulary bpe = BpeVocabulary.Train(words, vocabSize: 150, new[] { "[PAD]", "[MASK]", "[UNK]", "[CLS]" }, "[UNK]");
        Assert.Equal(150, bpe.Count);
        BpeTokenizer tokenizer = BpeTokenizer.Create(new BpeOptions(bpe.Vocabulary) { Merges = bpe.MergeLines, EndOfWordSuffix = BpeVocabulary.EndOfWordSuffix, UnknownToken = "[UNK]", PreTokenizer = PreTokenizer.CreateWhiteSpace() });

        foreach (string word in words.Append("zebra's").Append("§42"))
        {
            IReadOnlyList<string> expected = bpe.Encode(word);
            Assert.Equal(expected, tokenizer.EncodeToTokens(word, out _).Select(t => t.Value));
            Assert.Equal(expected.Select(t => bpe.Vocabulary[t]), tokenizer.EncodeToIds(word));
        }

        Assert.Contains("[UNK]", bpe.Encode("§42")); // § is not in the fixture

        // A whole text at once: the white-space pre-tokenizer splits it into the corpus's words, nothing else.
        string text = string.Join(' ', texts[0].Words);
        Assert.Equal(texts[0].Words.SelectMany(w => bpe.Encode(w)).Select(t => bpe.Vocabulary[t]), tokenizer.EncodeToIds(text));
    }
}
