using SslDsl.Data;
using static TorchSharp.torch;

namespace BrownMlm;

/// <summary>Fixed-length token chunks with the genre (fine) and informative/imaginative (coarse) label of their text.</summary>
internal sealed record ChunkSet(Tensor Tokens, Tensor Genre, Tensor Coarse, Tensor BagOfWords) : IDisposable
{
    public long Count => Tokens.shape[0];

    public void Dispose()
    {
        Tokens.Dispose();
        Genre.Dispose();
        Coarse.Dispose();
        BagOfWords.Dispose();
    }
}

/// <summary>The sample's tokenisation: a word-level vocabulary of the training texts and full-length chunks.</summary>
internal static class BrownText
{
    public const int VocabSize = 5000;
    public const int ChunkLength = 64;

    /// <summary>
    /// Chunks of <see cref="ChunkLength"/> ids (<see cref="BrownCorpus.Chunk"/>), labels from their text, and
    /// L1-normalised bag-of-words counts [N, VocabSize] over the word ids (special ids, mostly [UNK], zeroed).
    /// </summary>
    public static ChunkSet Chunk(IReadOnlyList<BrownCorpusText> texts, IReadOnlyDictionary<string, long> vocabulary, IReadOnlyList<string> genres)
    {
        (Tensor tokens, int[] textIndex) = BrownCorpus.Chunk(texts, vocabulary, ChunkLength);
        long[] genre = textIndex.Select(t => (long)IndexOf(genres, texts[t].Category)).ToArray();
        long[] coarse = textIndex.Select(t => texts[t].Imaginative ? 1L : 0L).ToArray();
        int n = textIndex.Length;
        Tensor bag = zeros(n, VocabSize);
        using (Tensor all = ones(n, ChunkLength))
        {
            bag.scatter_add_(1, tokens, all);
        }

        bag.narrow(1, 0, BrownCorpus.FirstWordId).zero_();
        using (Tensor norm = bag.sum(1, keepdim: true).clamp_min_(1e-6))
        {
            bag.div_(norm);
        }

        return new ChunkSet(tokens, tensor(genre), tensor(coarse), bag);
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown genre '{item}'");
    }
}
