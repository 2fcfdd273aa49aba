using System;
using System.Linq;
using SslDsl.Encoders;
using SslDsl.Evaluation;
using SslDsl.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>
/// Masked-token accuracy and perplexity: one batch against a hand computation in float64, a model's score against the
/// training loss on the same corruption and across batch sizes, and the unigram baseline against explicit probabilities.
/// </summary>
public class MaskedLanguageModelEvaluationTests
{
    [Fact]
    public void ScoreIsAccuracyAndMeanCrossEntropyOverTheSelectedPositions()
    {
        double[,] rows = { { 1.0, 2.0, 0.5, -1.0 }, { 9.0, 9.0, 9.0, 9.0 }, { 0.0, 0.3, 3.0, 0.1 } };
        using Tensor logits = tensor(rows.Cast<double>().ToArray(), new long[] { 1, 3, 4 }, ScalarType.Float32);
        using Tensor labels = tensor(new long[] { 2, MlmMasking.IgnoreIndex, 2 }, new long[] { 1, 3 });

        MaskedTokenScore score = MaskedLanguageModelEvaluation.Score(logits, labels);

        double Nll(int row, int label)
        {
            double logSum = Math.Log(Enumerable.Range(0, 4).Sum(v => Math.Exp(rows[row, v])));
            return logSum - rows[row, label];
        }

        Assert.Equal(2, score.MaskedTokens);                       // the middle position is not selected
        Assert.Equal(0.5, score.Accuracy, 12);                     // row 0 predicts 1 (label 2), row 2 predicts 2
        Assert.Equal((Nll(0, 2) + Nll(2, 2)) / 2, score.CrossEntropy, 6);
        Assert.Equal(Math.Exp(score.CrossEntropy), score.Perplexity, 12);
    }

    [Fact]
    public void AModelScoresItsTrainingLossOnTheSameCorruptionWhateverTheBatchSize()
    {
        using var masking = new MlmMasking(vocabSize: 12, maskTokenId: 1, specialTokenIds: new long[] { 0, 1, 2, 3 }, maskProbability: 0.3);
        manual_seed(7);
        using var encoder = TransformerSequenceEncoder.ForTokens(12, 6, dim: 8, depth: 1, heads: 2);
        using var head = nn.Linear(8, 12);
        using var generator = new Generator(3);
        using Tensor tokens = randint(4, 12, new long[] { 10, 6 }, dtype: ScalarType.Int64, generator: generator);

        MaskedTokenScore whole = MaskedLanguageModelEvaluation.Evaluate(encoder, head, masking, tokens, seed: 42, batchSize: 100);
        MaskedTokenScore batched = MaskedLanguageModelEvaluation.Evaluate(encoder, head, masking, tokens, seed: 42, batchSize: 3);

        using var seeded = new Generator(42);
        (Tensor inputs, Tensor labels) = masking.Apply(tokens, seeded);
        using var _ = inputs;
        using var __ = labels;
        double loss;
        using (no_grad())
        {
            using Tensor mean = MlmLoss.Compute(head.call(encoder.ForwardTokens(inputs)), labels);
            loss = mean.item<float>();
        }

        Assert.Equal(labels.ne(MlmMasking.IgnoreIndex).sum().item<long>(), whole.MaskedTokens);
        Assert.Equal(loss, whole.CrossEntropy, 5);
        Assert.Equal(whole.MaskedTokens, batched.MaskedTokens);
        Assert.Equal(whole.Accuracy, batched.Accuracy);
        Assert.Equal(whole.CrossEntropy, batched.CrossEntropy, 6); // float32 forward passes of other batch shapes round differently
        Assert.True(encoder.training); // modes restored
    }

    [Fact]
    public void TheUnigramBaselinePredictsFromAddOneSmoothedTrainingFrequencies()
    {
        using var masking = new MlmMasking(vocabSize: 7, maskTokenId: 1, specialTokenIds: new long[] { 0, 1, 2, 3 }, maskProbability: 0.5);
        using Tensor train = tensor(new long[] { 4, 4, 5, 6, 0, 3 }, new long[] { 1, 6 });  // specials 0 and 3 do not count
        using Tensor test = tensor(new long[] { 4, 5, 6, 6, 5, 4, 6, 6 }, new long[] { 2, 4 });

        MaskedTokenScore score = MaskedLanguageModelEvaluation.Unigram(train, masking, test, seed: 5);

        // Ordinary ids 4, 5, 6 counted 2, 1, 1, plus one each: p = 3/7, 2/7, 2/7.
        using var generator = new Generator(5);
        (Tensor inputs, Tensor labels) = masking.Apply(test, generator);
        using var _ = inputs;
        using var __ = labels;
        long[] selected = labels.data<long>().Where(l => l != MlmMasking.IgnoreIndex).ToArray();
        Assert.NotEmpty(selected);
        double expected = selected.Average(l => -Math.Log(l == 4 ? 3.0 / 7 : 2.0 / 7));
        Assert.Equal(selected.Length, score.MaskedTokens);
        Assert.Equal(expected, score.CrossEntropy, 12);
        Assert.Equal(selected.Count(l => l == 4) / (double)selected.Length, score.Accuracy, 12);
    }

    [Fact]
    public void TokensOutsideTheVocabularyAreRefusedByName()
    {
        using var masking = new MlmMasking(vocabSize: 7, maskTokenId: 1, specialTokenIds: new long[] { 0 });
        using Tensor train = tensor(new long[] { 4, 9 }, new long[] { 1, 2 });

        var error = Assert.Throws<ArgumentException>(() => MaskedLanguageModelEvaluation.Unigram(train, masking, train, seed: 0));
        Assert.Contains("trainTokens holds ids outside the vocabulary [0, 7): min 4, max 9", error.Message, StringComparison.Ordinal);
    }
}
