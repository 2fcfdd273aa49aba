using SslDsl.Data;
using static TorchSharp.torch;

namespace BrownMlm;

/// <summary>
/// Fixed-length token chunks of a set of texts: the ids, the text each chunk comes from, the genre (fine) and
/// informative/imaginative (coarse) label of each text, and L1-normalised bag-of-words counts of each chunk over the
/// same subword vocabulary (special ids zeroed).
/// </summary>
internal sealed record ChunkSet(Tensor Tokens, Tensor Text, Tensor BagOfWords, Tensor TextGenre, Tensor TextCoarse, int Texts) : IDisposable
{
    public long Count => Tokens.shape[0];

    /// <summary>Per-chunk features [N, D] averaged over each text's chunks: [Texts, D], one row per text.</summary>
    public Tensor MeanPerText(Tensor chunkFeatures)
    {
        using var scope = NewDisposeScope();
        Tensor sums = zeros(Texts, chunkFeatures.shape[1], dtype: chunkFeatures.dtype).index_add_(0, Text, chunkFeatures, 1);
        Tensor counts = zeros(Texts, dtype: chunkFeatures.dtype).index_add_(0, Text, ones(Count, dtype: chunkFeatures.dtype), 1);
        return sums.div_(counts.unsqueeze(1)).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Tokens.Dispose();
        Text.Dispose();
        BagOfWords.Dispose();
        TextGenre.Dispose();
        TextCoarse.Dispose();
    }
}

/// <summary>The sample's tokenisation: a BPE vocabulary learned from the training texts, and full-length chunks.</summary>
internal static class BrownText
{
    /// <summary>Subword vocabulary size, specials included (the model's [TokenInput] VocabSize).</summary>
    public const int VocabSize = 5000;

    public const int ChunkLength = 64;

    /// <summary>
    /// Cuts each text's token ids into non-overlapping chunks of <see cref="ChunkLength"/> (a shorter tail is dropped,
    /// so no chunk needs padding: the encoder has no padding mask). A text too short for one chunk has none, and
    /// <see cref="ChunkSet.MeanPerText"/> would divide by zero for it: such a text is an error here.
    /// </summary>
    public static ChunkSet Chunk(IReadOnlyList<BrownCorpusText> texts, IReadOnlyList<int[]> ids, IReadOnlyList<string> genres)
    {
        var tokens = new List<long>();
        var text = new List<long>();
        for (int t = 0; t < texts.Count; t++)
        {
            if (ids[t].Length < ChunkLength)
            {
                throw new ArgumentException($"text {texts[t].Id} has {ids[t].Length} tokens, fewer than one chunk of {ChunkLength}");
            }

            for (int start = 0; start + ChunkLength <= ids[t].Length; start += ChunkLength)
            {
                tokens.AddRange(ids[t].Skip(start).Take(ChunkLength).Select(i => (long)i));
                text.Add(t);
            }
        }

        int n = text.Count;
        Tensor chunks = tensor(tokens.ToArray(), new long[] { n, ChunkLength });
        Tensor bag = zeros(n, VocabSize);
        using (Tensor all = ones(n, ChunkLength))
        {
            bag.scatter_add_(1, chunks, all);
        }

        bag.narrow(1, 0, BrownCorpus.FirstWordId).zero_();
        using (Tensor norm = bag.sum(1, keepdim: true).clamp_min_(1e-6))
        {
            bag.div_(norm);
        }

        long[] genre = texts.Select(d => (long)IndexOf(genres, d.Category)).ToArray();
        long[] coarse = texts.Select(d => d.Imaginative ? 1L : 0L).ToArray();
        return new ChunkSet(chunks, tensor(text.ToArray()), bag, tensor(genre), tensor(coarse), texts.Count);
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
