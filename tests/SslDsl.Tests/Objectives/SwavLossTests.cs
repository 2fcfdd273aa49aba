using System;
using System.Linq;
using SslDsl.Heads;
using SslDsl.Objectives;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// SwAV's Sinkhorn–Knopp codes and swapped-prediction loss against float64 references written with loops, the gradient
/// against autograd of a second formulation, and the head's unit prototypes.
/// </summary>
public sealed class SwavLossTests
{
    private const int Samples = 6, Views = 3, Globals = 2, K = 4;

    [Fact]
    public void SinkhornGivesTheReferenceCodesWithEquipartitionedMarginals()
    {
        using var scope = NewDisposeScope();
        var loss = new SwavLoss(Views, Globals, epsilon: 0.05, sinkhornIterations: 3);
        Tensor scores = rand(new long[] { Samples, K }, ScalarType.Float64, generator: new Generator(3)).mul_(2).sub_(1).mul_(0.3);
        double[,] expected = ReferenceSinkhorn(ToArray(scores), 0.05, 3);
        double[,] actual = ToArray(loss.Sinkhorn(scores, SslDsl.Distributed.SingleProcessGroup.Instance));
        for (int n = 0; n < Samples; n++)
        {
            for (int k = 0; k < K; k++)
            {
                Assert.Equal(expected[n, k], actual[n, k], 12);
            }

            // after the last column step each sample's codes sum to 1 exactly
            Assert.Equal(1.0, Enumerable.Range(0, K).Sum(k => actual[n, k]), 12);
        }

        // Sinkhorn converges to the equipartition: with enough iterations every prototype gets B/K of the batch.
        var converged = new SwavLoss(Views, Globals, epsilon: 0.05, sinkhornIterations: 200);
        double[,] limit = ToArray(converged.Sinkhorn(scores, SslDsl.Distributed.SingleProcessGroup.Instance));
        for (int k = 0; k < K; k++)
        {
            Assert.Equal((double)Samples / K, Enumerable.Range(0, Samples).Sum(n => limit[n, k]), 6);
        }
    }

    [Fact]
    public void TheLossIsTheSwappedPredictionOfEachGlobalViewsCodesByTheOtherViews()
    {
        using var scope = NewDisposeScope();
        var loss = new SwavLoss(Views, Globals, temperature: 0.1, epsilon: 0.05);
        Tensor scores = Scores(5);
        double[,] s = ToArray(scores);
        double expected = 0;
        for (int a = 0; a < Globals; a++)
        {
            double[,] q = ReferenceSinkhorn(Block(s, a), 0.05, 3);
            double term = 0;
            for (int v = 0; v < Views; v++)
            {
                if (v == a)
                {
                    continue;
                }

                double[,] block = Block(s, v);
                for (int n = 0; n < Samples; n++)
                {
                    double[] logits = Enumerable.Range(0, K).Select(k => block[n, k] / 0.1).ToArray();
                    double max = logits.Max();
                    double logSum = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
                    term -= Enumerable.Range(0, K).Sum(k => q[n, k] * (logits[k] - logSum)) / Samples;
                }
            }

            expected += term / (Views - 1);
        }

        expected /= Globals;
        Assert.Equal(expected, loss.Compute(scores).item<double>(), 12);
        Assert.InRange(expected, 0.1, 10);
    }

    [Fact]
    public void TheGradientFlowsThroughThePredictionsOnlyNotTheCodes()
    {
        using var scope = NewDisposeScope();
        var loss = new SwavLoss(Views, Globals, temperature: 0.2, epsilon: 0.05);
        Tensor s0 = Scores(6);
        Tensor scores = s0.clone().requires_grad_(true);
        loss.Compute(scores).backward();

        // The same loss by another route: codes computed apart (constants), soft-target cross-entropy pair by pair.
        Tensor reference = s0.clone().requires_grad_(true);
        Tensor total = zeros(1, ScalarType.Float64);
        for (int a = 0; a < Globals; a++)
        {
            Tensor q = loss.Sinkhorn(s0.narrow(0, a * Samples, Samples), SslDsl.Distributed.SingleProcessGroup.Instance);
            for (int v = 0; v < Views; v++)
            {
                if (v != a)
                {
                    Tensor logP = nn.functional.log_softmax(reference.narrow(0, v * Samples, Samples).div(0.2), 1);
                    total = total.sub(q.mul(logP).sum(1).mean().div(Views - 1));
                }
            }
        }

        total.div(Globals).backward();
        Assert.True(scores.grad!.sub(reference.grad!).abs().max().item<double>() < 1e-12, "the gradient differs from the reference");
        Assert.True(reference.grad!.abs().max().item<double>() > 1e-3, "the reference gradient is too small for the check to mean anything");
    }

    [Fact]
    public void TheHeadComparesUnitProjectionsWithUnitPrototypes()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var head = new SwavHead(8, 16, 6, 10);
        Assert.False(head.Prototypes.norm(1).sub(1).abs().max().item<float>() < 1e-3f, "nn.Linear's initialisation is not unit-norm");
        Tensor scores = head.call(randn(new long[] { 5, 8 }, generator: new Generator(4)));
        Assert.Equal(new long[] { 5, 10 }, scores.shape);
        Assert.True(head.Prototypes.norm(1).sub(1).abs().max().item<float>() < 1e-5f, "the forward puts the prototypes on the unit sphere");
        Assert.True(scores.abs().max().item<float>() <= 1.0001f, "scores are cosines");
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwavLoss(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwavLoss(Views, Globals, epsilon: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwavLoss(Views, Globals, sinkhornIterations: 0));
        var loss = new SwavLoss(Views, Globals);
        Assert.Throws<ArgumentException>(() => loss.Compute(ones(Views * Samples + 1, K)));
    }

    private static Tensor Scores(int seed) =>
        rand(new long[] { Views * Samples, K }, ScalarType.Float64, generator: new Generator((ulong)seed)).mul_(2).sub_(1);

    /// <summary>The official distributed_sinkhorn on one process, with loops in double.</summary>
    private static double[,] ReferenceSinkhorn(double[,] scores, double epsilon, int iterations)
    {
        int b = scores.GetLength(0), k = scores.GetLength(1);
        var q = new double[k, b];
        double total = 0;
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < b; j++)
            {
                q[i, j] = Math.Exp(scores[j, i] / epsilon);
                total += q[i, j];
            }
        }

        Scale(q, (_, _) => 1 / total);
        for (int it = 0; it < iterations; it++)
        {
            double[] rows = Enumerable.Range(0, k).Select(i => Enumerable.Range(0, b).Sum(j => q[i, j])).ToArray();
            Scale(q, (i, _) => 1 / rows[i] / k);
            double[] cols = Enumerable.Range(0, b).Select(j => Enumerable.Range(0, k).Sum(i => q[i, j])).ToArray();
            Scale(q, (_, j) => 1 / cols[j] / b);
        }

        var codes = new double[b, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < b; j++)
            {
                codes[j, i] = q[i, j] * b;
            }
        }

        return codes;
    }

    private static void Scale(double[,] q, Func<int, int, double> factor)
    {
        for (int i = 0; i < q.GetLength(0); i++)
        {
            for (int j = 0; j < q.GetLength(1); j++)
            {
                q[i, j] *= factor(i, j);
            }
        }
    }

    private static double[,] Block(double[,] s, int view)
    {
        var block = new double[Samples, K];
        for (int n = 0; n < Samples; n++)
        {
            for (int k = 0; k < K; k++)
            {
                block[n, k] = s[(view * Samples) + n, k];
            }
        }

        return block;
    }

    private static double[,] ToArray(Tensor t)
    {
        double[] flat = t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var result = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                result[i, j] = flat[(i * cols) + j];
            }
        }

        return result;
    }
}
