using System;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.Masked.MaskedTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

/// <summary>BERT's MLM corruption: 15% of non-special positions selected; of those 80% [MASK], 10% random ordinary token, 10% kept.</summary>
public sealed class MlmMaskingTests
{
    private const int Vocab = 1000;
    private const long Pad = 0, Cls = 1, Sep = 2, MaskId = 3;
    private static readonly long[] Specials = { Pad, Cls, Sep };

    /// <summary>Token ids uniform over the whole vocabulary (specials included), from their own generator.</summary>
    private static Tensor Tokens(ulong seed, long batch, long length, int vocab = Vocab)
    {
        using var generator = new Generator(seed);
        return randint(0, vocab, new long[] { batch, length }, dtype: ScalarType.Int64, generator: generator);
    }

    [Fact]
    public void SelectionRateAndEightyTenTenSplitMatchBert()
    {
        using var scope = NewDisposeScope();
        using var masking = new MlmMasking(Vocab, MaskId, Specials);
        using var generator = new Generator(1);
        Tensor tokens = Tokens(100, 64, 512);

        (Tensor inputs, Tensor labels) = masking.Apply(tokens, generator);

        long[] t = ToLongs(tokens), x = ToLongs(inputs), y = ToLongs(labels);
        long ordinaryPositions = t.Count(v => v > MaskId);
        long selected = y.Count(v => v != -100);
        AssertBinomial(selected, ordinaryPositions, 0.15, "selected");

        long masked = 0, replaced = 0, kept = 0;
        for (int i = 0; i < t.Length; i++)
        {
            if (y[i] == -100)
            {
                continue;
            }

            if (x[i] == MaskId)
            {
                masked++;
            }
            else if (x[i] != t[i])
            {
                replaced++;
            }
            else
            {
                kept++;
            }
        }

        // a random draw can hit the original token (1 of the 996 ordinary ids): it then counts as kept
        double sameToken = 1.0 / (Vocab - 4);
        AssertBinomial(masked, selected, 0.8, "[MASK]");
        AssertBinomial(replaced, selected, 0.1 * (1 - sameToken), "random token");
        AssertBinomial(kept, selected, 0.1 + (0.1 * sameToken), "unchanged");
    }

    [Fact]
    public void SpecialTokensAreNeverSelectedAndLabelsAreOriginalExactlyWhereSelected()
    {
        using var scope = NewDisposeScope();
        using var masking = new MlmMasking(Vocab, MaskId, Specials, maskProbability: 0.5);
        using var generator = new Generator(2);
        // a tenth of the positions hold special tokens (including [MASK] itself)
        Tensor tokens = Tokens(101, 32, 256);
        using (var g = new Generator(102))
        {
            Tensor specialSpots = rand(tokens.shape, generator: g).lt(0.1);
            tokens = where(specialSpots, randint(0, 4, tokens.shape, dtype: ScalarType.Int64, generator: g), tokens);
        }

        (Tensor inputs, Tensor labels) = masking.Apply(tokens, generator);

        long[] t = ToLongs(tokens), x = ToLongs(inputs), y = ToLongs(labels);
        long specialCount = 0;
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] <= MaskId)
            {
                specialCount++;
                Assert.Equal(-100, y[i]);
                Assert.Equal(t[i], x[i]);
            }

            // labels: the original token or −100, and −100 wherever the input was changed is impossible
            Assert.True(y[i] == -100 || y[i] == t[i], $"label {y[i]} at {i} for token {t[i]}");
            if (x[i] != t[i])
            {
                Assert.Equal(t[i], y[i]);
            }
        }

        Assert.True(specialCount > 500);
    }

    [Fact]
    public void RandomReplacementsAreUniformOverOrdinaryTokensAndNeverSpecial()
    {
        // vocabulary {0, 1, 2} special, 5 = [MASK], ordinary {3, 4}: replacements must be 3 or 4, half each
        using var scope = NewDisposeScope();
        using var masking = new MlmMasking(6, maskTokenId: 5, specialTokenIds: new long[] { 0, 1, 2 }, maskProbability: 0.9);
        using var generator = new Generator(3);
        Tensor tokens = full(new long[] { 100, 400 }, 3L, dtype: ScalarType.Int64);

        (Tensor inputs, Tensor labels) = masking.Apply(tokens, generator);

        long[] x = ToLongs(inputs), y = ToLongs(labels);
        Assert.All(x, v => Assert.Contains(v, new long[] { 3, 4, 5 }));
        long selected = y.Count(v => v != -100);
        long changedTo4 = x.Count(v => v == 4);
        // P(input = 4 | selected) = 0.1 · 1/2
        AssertBinomial(changedTo4, selected, 0.05, "replaced by the other ordinary token");
        Assert.Equal(2, masking.OrdinaryTokenCount);
        Assert.Equal(new long[] { 0, 1, 2, 5 }, masking.SpecialTokenIds);
    }

    [Fact]
    public void SameSeedGivesTheSameCorruptionAndAnotherSeedAnother()
    {
        using var scope = NewDisposeScope();
        using var masking = new MlmMasking(Vocab, MaskId, Specials);
        Tensor tokens = Tokens(103, 8, 128);
        using var g1 = new Generator(9);
        using var g2 = new Generator(9);
        using var g3 = new Generator(10);

        (Tensor x1, Tensor y1) = masking.Apply(tokens, g1);
        (Tensor x2, Tensor y2) = masking.Apply(tokens, g2);
        (_, Tensor y3) = masking.Apply(tokens, g3);

        Assert.True(Identical(x1, x2));
        Assert.True(Identical(y1, y2));
        Assert.False(Identical(y1, y3));
        Assert.Equal(tokens.shape, x1.shape);
        Assert.Equal(ScalarType.Int64, x1.dtype);
        Assert.Equal(ScalarType.Int64, y1.dtype);
    }

    [Fact]
    public void InvalidVocabulariesAndProbabilitiesAreRejected()
    {
        Assert.Equal("maskTokenId", Assert.Throws<ArgumentOutOfRangeException>(() => new MlmMasking(10, 10, Array.Empty<long>())).ParamName);
        Assert.Equal("maskTokenId", Assert.Throws<ArgumentOutOfRangeException>(() => new MlmMasking(10, -1, Array.Empty<long>())).ParamName);
        Assert.Equal("specialTokenIds", Assert.Throws<ArgumentOutOfRangeException>(() => new MlmMasking(10, 3, new long[] { 0, 12 })).ParamName);
        Assert.Equal("specialTokenIds", Assert.Throws<ArgumentException>(() => new MlmMasking(4, 3, new long[] { 0, 1, 2 })).ParamName);
        Assert.Equal("vocabSize", Assert.Throws<ArgumentOutOfRangeException>(() => new MlmMasking(1, 0, Array.Empty<long>())).ParamName);
        Assert.Equal("maskProbability", Assert.Throws<ArgumentOutOfRangeException>(() => new MlmMasking(10, 3, Array.Empty<long>(), 0.0)).ParamName);
        Assert.Equal("maskProbability", Assert.Throws<ArgumentOutOfRangeException>(() => new MlmMasking(10, 3, Array.Empty<long>(), 1.0)).ParamName);
        Assert.Equal("maskProbability", Assert.Throws<ArgumentOutOfRangeException>(() => new MlmMasking(10, 3, Array.Empty<long>(), double.NaN)).ParamName);

        // one ordinary token is enough
        using var smallest = new MlmMasking(2, 1, new long[] { 1 });
        Assert.Equal(1, smallest.OrdinaryTokenCount);
        Assert.Equal(0.15, smallest.MaskProbability);

        using var masking = new MlmMasking(10, 3, Array.Empty<long>());
        using var generator = new Generator(1);
        Assert.Throws<ArgumentException>(() => masking.Apply(zeros(2, 4), generator));
    }

    [Fact]
    public void LossIsCrossEntropyOverTheSelectedPositionsOnly()
    {
        using var scope = NewDisposeScope();
        const int B = 2, T = 4, V = 5;
        double[] logits = RandomDoubles(4, B * T * V, scale: 3);
        long[] labels = { 2, -100, 0, 4, -100, -100, 3, 1 };
        Tensor logitTensor = tensor(logits, new long[] { B, T, V }, requires_grad: true);

        Tensor loss = MlmLoss.Compute(logitTensor, tensor(labels, new long[] { B, T }));
        loss.backward();

        double expected = 0;
        int counted = 0;
        for (int i = 0; i < B * T; i++)
        {
            if (labels[i] == -100)
            {
                continue;
            }

            double[] row = Row(logits, i, V);
            double max = row.Max();
            expected += max + Math.Log(row.Sum(v => Math.Exp(v - max))) - row[labels[i]];
            counted++;
        }

        Assert.Equal(expected / counted, loss.item<double>(), 1e-12);
        double[] grad = ToDoubles(logitTensor.grad!);
        foreach (int i in new[] { 1, 4, 5 })
        {
            Assert.All(Row(grad, i, V), g => Assert.Equal(0.0, g));
        }

        Assert.Throws<ArgumentException>(() => MlmLoss.Compute(zeros(B, T, V), zeros(B, T)));
        Assert.Throws<ArgumentException>(() => MlmLoss.Compute(zeros(B * T, V), tensor(labels)));
    }

    /// <summary>The head applied at the selected positions only: the same loss and the same gradients as on every position.</summary>
    [Fact]
    public void HeadAtTheSelectedPositionsGivesTheFullLossAndGradients()
    {
        using var scope = NewDisposeScope();
        const int B = 2, T = 4, D = 3, V = 5;
        long[] labels = { 2, -100, 0, 4, -100, -100, 3, 1 };
        Tensor labelTensor = tensor(labels, new long[] { B, T });
        using var head = nn.Linear(D, V, dtype: ScalarType.Float64);
        Tensor hidden = tensor(RandomDoubles(5, B * T * D, scale: 1), new long[] { B, T, D }, requires_grad: true);

        Tensor full = MlmLoss.Compute(head.call(hidden), labelTensor);
        full.backward();
        double[] hiddenGrad = ToDoubles(hidden.grad!), weightGrad = ToDoubles(head.weight!.grad!);
        hidden.grad!.zero_();
        head.weight!.grad!.zero_();
        Tensor selected = MlmLoss.Compute(head, hidden, labelTensor);
        selected.backward();

        Assert.Equal(full.item<double>(), selected.item<double>(), 1e-12);
        Assert.Equal(hiddenGrad, ToDoubles(hidden.grad!), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(weightGrad, ToDoubles(head.weight!.grad!), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Throws<ArgumentException>(() => MlmLoss.Compute(head, zeros(B, T), labelTensor));
    }
}
