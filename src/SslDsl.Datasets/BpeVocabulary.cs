using System;
using System.Collections.Generic;
using System.Linq;

namespace SslDsl.Data;

/// <summary>
/// A byte-pair-encoding vocabulary learned from word counts (Sennrich, Haddow and Birch 2016, Algorithm 1) in the
/// layout of Hugging Face's and Microsoft.ML.Tokenizers' BPE models: the symbols of a word are its characters, the last
/// one carrying <see cref="EndOfWordSuffix"/> (so "the" as a word and "the" inside "there" are different tokens);
/// the merges, in rank order, are "left right" pairs. Load it with <c>BpeTokenizer.Create(new BpeOptions(Vocabulary)
/// { Merges = MergeLines, EndOfWordSuffix = EndOfWordSuffix, UnknownToken = … })</c>: that library encodes but cannot
/// train. <see cref="Encode"/> is the reference encoding (lowest-rank pair first), for checking a tokenizer against.
/// </summary>
/// <remarks>
/// Ids: the special tokens first (in the order given), then the base alphabet — every character of the training
/// words in both forms, plain and with the suffix, so any word made of seen characters is encodable — in ordinal
/// order, then one token per merge in merge order. Ties between equally frequent pairs go to the ordinally smaller
/// (left, right), so training is deterministic.
/// </remarks>
public sealed class BpeVocabulary
{
    /// <summary>Marks a word's last symbol (Sennrich et al.'s <c>&lt;/w&gt;</c>).</summary>
    public const string EndOfWordSuffix = "</w>";

    private readonly List<string> tokens;
    private readonly Dictionary<string, int> ids;
    private readonly List<(string Left, string Right)> merges;
    private readonly Dictionary<(string, string), int> rank;

    private BpeVocabulary(List<string> tokens, List<(string Left, string Right)> merges, string unknownToken)
    {
        this.tokens = tokens;
        this.merges = merges;
        UnknownToken = unknownToken;
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
        {
            ids.Add(tokens[i], i);
        }

        rank = new Dictionary<(string, string), int>();
        for (int i = 0; i < merges.Count; i++)
        {
            rank[merges[i]] = i;
        }
    }

    /// <summary>Tokens by id.</summary>
    public IReadOnlyList<string> Tokens => tokens;

    /// <summary>Token → id.</summary>
    public IReadOnlyDictionary<string, int> Vocabulary => ids;

    /// <summary>The merges in rank order (the first learned is applied first).</summary>
    public IReadOnlyList<(string Left, string Right)> Merges => merges;

    /// <summary>The merges as "left right" lines, the layout of a <c>merges.txt</c>.</summary>
    public IEnumerable<string> MergeLines => merges.Select(m => m.Left + " " + m.Right);

    /// <summary>The token a symbol outside the vocabulary becomes (a character never seen in training).</summary>
    public string UnknownToken { get; }

    public int Count => tokens.Count;

    /// <summary>
    /// Learns merges from <paramref name="words"/> (each occurrence counts) until the vocabulary has
    /// <paramref name="vocabSize"/> tokens or no adjacent pair occurs <paramref name="minPairCount"/> times.
    /// </summary>
    /// <param name="words">The training words in order, each occurrence separately (no white space inside a word).</param>
    /// <param name="vocabSize">Tokens wanted, specials and base alphabet included.</param>
    /// <param name="specialTokens">Ids 0, 1, …; must include <paramref name="unknownToken"/>.</param>
    /// <param name="unknownToken">What a symbol outside the vocabulary encodes to.</param>
    /// <param name="minPairCount">A pair seen fewer times is not merged.</param>
    public static BpeVocabulary Train(IEnumerable<string> words, int vocabSize, IReadOnlyList<string> specialTokens, string unknownToken, int minPairCount = 2)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(specialTokens);
        if (!specialTokens.Contains(unknownToken, StringComparer.Ordinal))
        {
            throw new ArgumentException($"the unknown token '{unknownToken}' is not among the special tokens ({string.Join(", ", specialTokens)})", nameof(unknownToken));
        }

        if (specialTokens.Distinct(StringComparer.Ordinal).Count() != specialTokens.Count)
        {
            throw new ArgumentException($"special tokens repeat: {string.Join(", ", specialTokens)}", nameof(specialTokens));
        }

        if (minPairCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(minPairCount), minPairCount, "must be >= 1");
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string word in words)
        {
            if (string.IsNullOrEmpty(word) || word.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"a word must be non-empty and without white space, got '{word}'", nameof(words));
            }

            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        var alphabet = new SortedSet<string>(StringComparer.Ordinal);
        foreach (char c in counts.Keys.SelectMany(w => w).Distinct())
        {
            alphabet.Add(c.ToString());
            alphabet.Add(c + EndOfWordSuffix);
        }

        var tokens = new List<string>(specialTokens);
        tokens.AddRange(alphabet.Where(a => !specialTokens.Contains(a, StringComparer.Ordinal)));
        if (vocabSize < tokens.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, $"must be at least the {specialTokens.Count} special tokens plus the {alphabet.Count} symbols of the base alphabet ({tokens.Count})");
        }

        var merges = new List<(string, string)>();
        new MergeLearner(counts, tokens, merges).Run(vocabSize, minPairCount);
        return new BpeVocabulary(tokens, merges, unknownToken);
    }

    /// <summary>
    /// The tokens of one word: characters (the last with the suffix), then repeatedly the adjacent pair of lowest
    /// merge rank merged at each of its non-overlapping occurrences, left to right, until no pair has a rank;
    /// symbols outside the vocabulary become <see cref="UnknownToken"/>.
    /// </summary>
    public IReadOnlyList<string> Encode(string word)
    {
        if (string.IsNullOrEmpty(word))
        {
            throw new ArgumentException("a word must be non-empty", nameof(word));
        }

        List<string> symbols = word.Select(c => c.ToString()).ToList();
        symbols[^1] += EndOfWordSuffix;
        while (symbols.Count > 1)
        {
            int best = int.MaxValue;
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                if (rank.TryGetValue((symbols[i], symbols[i + 1]), out int r) && r < best)
                {
                    best = r;
                }
            }

            if (best == int.MaxValue)
            {
                break;
            }

            (string left, string right) = merges[best];
            symbols = MergeLearner.MergeIn(symbols, left, right, left + right);
        }

        return symbols.Select(s => ids.ContainsKey(s) ? s : UnknownToken).ToList();
    }

    /// <summary>Incremental pair counts: a merge re-counts only the words that hold the merged pair.</summary>
    private sealed class MergeLearner
    {
        private readonly List<List<string>> words = new();
        private readonly List<long> wordCounts = new();
        private readonly Dictionary<(string, string), long> pairCounts = new();
        private readonly Dictionary<(string, string), HashSet<int>> wordsWith = new();
        private readonly List<string> tokens;
        private readonly List<(string, string)> merges;

        public MergeLearner(Dictionary<string, long> counts, List<string> tokens, List<(string, string)> merges)
        {
            this.tokens = tokens;
            this.merges = merges;
            foreach ((string word, long count) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                List<string> symbols = word.Select(c => c.ToString()).ToList();
                symbols[^1] += EndOfWordSuffix;
                words.Add(symbols);
                wordCounts.Add(count);
                Count(words.Count - 1, +1);
            }
        }

        public void Run(int vocabSize, int minPairCount)
        {
            var known = new HashSet<string>(tokens, StringComparer.Ordinal);
            while (tokens.Count < vocabSize && Best(minPairCount) is { } pair)
            {
                string merged = pair.Item1 + pair.Item2;
                merges.Add(pair);
                if (known.Add(merged))
                {
                    tokens.Add(merged);
                }

                foreach (int w in wordsWith[pair].ToArray())
                {
                    Count(w, -1);
                    words[w] = MergeIn(words[w], pair.Item1, pair.Item2, merged);
                    Count(w, +1);
                }
            }
        }

        public static List<string> MergeIn(List<string> symbols, string left, string right, string merged)
        {
            var result = new List<string>(symbols.Count);
            for (int i = 0; i < symbols.Count; i++)
            {
                if (i + 1 < symbols.Count && symbols[i] == left && symbols[i + 1] == right)
                {
                    result.Add(merged);
                    i++;
                }
                else
                {
                    result.Add(symbols[i]);
                }
            }

            return result;
        }

        /// <summary>The most frequent pair (ties: ordinally smallest), or null when none reaches <paramref name="minPairCount"/>.</summary>
        private (string, string)? Best(int minPairCount)
        {
            (string, string)? best = null;
            long bestCount = minPairCount - 1;
            foreach (((string, string) pair, long count) in pairCounts)
            {
                if (count > bestCount || (count == bestCount && best is { } b && Ordinal(pair, b) < 0))
                {
                    best = pair;
                    bestCount = count;
                }
            }

            return best;
        }

        private static int Ordinal((string, string) x, (string, string) y)
        {
            int first = string.CompareOrdinal(x.Item1, y.Item1);
            return first != 0 ? first : string.CompareOrdinal(x.Item2, y.Item2);
        }

        /// <summary>Adds (+1) or removes (−1) the pairs of word <paramref name="w"/>, weighted by its count.</summary>
        private void Count(int w, int sign)
        {
            List<string> symbols = words[w];
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                var pair = (symbols[i], symbols[i + 1]);
                long count = pairCounts.GetValueOrDefault(pair) + (sign * wordCounts[w]);
                if (count == 0)
                {
                    pairCounts.Remove(pair);
                    wordsWith.Remove(pair);
                    continue;
                }

                pairCounts[pair] = count;
                if (sign > 0)
                {
                    if (!wordsWith.TryGetValue(pair, out HashSet<int>? set))
                    {
                        wordsWith[pair] = set = new HashSet<int>();
                    }

                    set.Add(w);
                }
            }
        }
    }
}
