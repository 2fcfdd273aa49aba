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
/// against autograd of a second formulation, the head's unit prototypes, and the queue of the official code's
/// <c>--queue_length</c> / <c>--epoch_queue_starts</c> (its codes, order, start and checkpoint).
/// </summary>
public sealed class SwavLossTests
{
    private const int Samples = 6, Views = 3, Globals = 2, K = 4, D = 5, Length = 2 * Samples;

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
    public void TheHeadsForwardScoresItsNormalisedProjection()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var head = new SwavHead(8, 16, 6, 10);
        head.eval(); // BatchNorm on its running statistics: the two routes see the same normalisation
        Tensor x = randn(new long[] { 5, 8 }, generator: new Generator(6));
        Tensor z = head.Project(x);
        Assert.Equal(new long[] { 5, 6 }, z.shape);
        Assert.True(z.norm(1).sub(1).abs().max().item<float>() < 1e-5f, "the projections are L2-normalised");
        // (each call puts the prototypes back on the unit sphere, which may move their last bits)
        Assert.True(head.call(x).sub(head.Score(z)).abs().max().item<float>() < 1e-6f, "forward is Score(Project(x))");
    }

    [Fact]
    public void SinkhornWithAQueueGivesTheBatchTheLastRowsOfTheReferenceOverTheConcatenation()
    {
        using var scope = NewDisposeScope();
        var loss = new SwavLoss(Views, Globals, epsilon: 0.05, sinkhornIterations: 3);
        Tensor queued = rand(new long[] { Length, K }, ScalarType.Float64, generator: new Generator(7)).mul_(2).sub_(1).mul_(0.3);
        Tensor scores = rand(new long[] { Samples, K }, ScalarType.Float64, generator: new Generator(8)).mul_(2).sub_(1).mul_(0.3);

        // The official code: distributed_sinkhorn(cat((queue @ prototypes.T, out)))[-bs:], here in loops over [L + N, K].
        double[,] all = ReferenceSinkhorn(Stack(ToArray(queued), ToArray(scores)), 0.05, 3);
        double[,] actual = ToArray(loss.Sinkhorn(scores, queued, SslDsl.Distributed.SingleProcessGroup.Instance));
        Assert.Equal(Samples, actual.GetLength(0));
        for (int n = 0; n < Samples; n++)
        {
            for (int k = 0; k < K; k++)
            {
                Assert.Equal(all[Length + n, k], actual[n, k], 12);
            }
        }

        // the queue's columns matter: alone, the batch gets other codes
        double[,] alone = ToArray(loss.Sinkhorn(scores, SslDsl.Distributed.SingleProcessGroup.Instance));
        Assert.True(Enumerable.Range(0, Samples).Max(n => Enumerable.Range(0, K).Max(k => Math.Abs(alone[n, k] - actual[n, k]))) > 1e-3, "the queue changed nothing");
    }

    [Fact]
    public void WithAFullQueueTheLossPredictsCodesOverTheQueueScoredByTheCurrentPrototypes()
    {
        using var scope = NewDisposeScope();
        using var loss = new SwavLoss(Views, Globals, temperature: 0.1, epsilon: 0.05, queueLength: Length, projectionDim: D, queueStartEpoch: 0);
        (Tensor z1, Tensor c1, Tensor s1) = Step(11);
        (Tensor z2, Tensor c2, Tensor s2) = Step(12);
        (Tensor z3, Tensor c3, Tensor s3) = Step(13); // new prototypes: the queue is scored by these, not those of its steps
        loss.Compute(s1, z1, c1, epoch: 0);
        loss.Compute(s2, z2, c2, epoch: 0);
        double actual = loss.Compute(s3, z3, c3, epoch: 0).item<double>();

        // Reference in float64 loops: view a's queue is [z2_a; z1_a] (newest first) as the float32 queue stores them.
        double[,] s = ToArray(s3);
        double[,] prototypes = ToArray(c3);
        double expected = 0;
        for (int a = 0; a < Globals; a++)
        {
            double[,] queue = Stack(Block(AsFloat32(ToArray(z2)), a, D), Block(AsFloat32(ToArray(z1)), a, D));
            double[,] queueScores = new double[Length, K];
            for (int j = 0; j < Length; j++)
            {
                for (int k = 0; k < K; k++)
                {
                    queueScores[j, k] = Enumerable.Range(0, D).Sum(d => queue[j, d] * prototypes[k, d]);
                }
            }

            double[,] all = ReferenceSinkhorn(Stack(queueScores, Block(s, a)), 0.05, 3);
            expected += SwappedTerm(s, all, Length, a, 0.1) / (Views - 1);
        }

        expected /= Globals;
        Assert.Equal(expected, actual, 10);

        using var noQueue = new SwavLoss(Views, Globals, temperature: 0.1, epsilon: 0.05);
        Assert.True(Math.Abs(noQueue.Compute(s3).item<double>() - actual) > 1e-4, "the full queue changed nothing");
    }

    [Fact]
    public void TheQueueKeepsTheGlobalViewsProjectionsNewestFirst()
    {
        using var scope = NewDisposeScope();
        using var loss = new SwavLoss(Views, Globals, queueLength: Length, projectionDim: D, queueStartEpoch: 0);
        SwavQueue queue = loss.Queue!;
        Assert.Equal(new long[] { Globals, Length, D }, queue.Rows.shape);
        Assert.Equal(0, queue.Rows.abs().max().item<float>()); // zeros, as the official torch.zeros
        var steps = new[] { Step(21), Step(22), Step(23) };
        for (int t = 0; t < steps.Length; t++)
        {
            (Tensor z, Tensor c, Tensor scores) = steps[t];
            loss.Compute(scores, z, c, epoch: 0);
            Assert.Equal(Math.Min(Length, (t + 1) * Samples), queue.Filled);
            Assert.Equal(t >= 1, queue.IsFull);
            for (int a = 0; a < Globals; a++)
            {
                // queue[a, bs:] = queue[a, :-bs]; queue[a, :bs] = this step's view a
                for (int slot = 0; slot < Length / Samples; slot++)
                {
                    Tensor rows = queue.Rows[a].narrow(0, slot * Samples, Samples);
                    Tensor expected = t - slot >= 0
                        ? steps[t - slot].Projections.narrow(0, a * Samples, Samples).to_type(ScalarType.Float32)
                        : zeros(Samples, D);
                    Assert.True(rows.equal(expected).all().item<bool>(), $"after step {t + 1}, view {a}, rows {slot * Samples}…: not the projections of step {t + 1 - slot}");
                }
            }
        }
    }

    [Fact]
    public void TheQueueIsNeitherFilledNorUsedBeforeItsStartEpochNorUsedBeforeItIsFull()
    {
        using var scope = NewDisposeScope();
        using var loss = new SwavLoss(Views, Globals, queueLength: Length, projectionDim: D, queueStartEpoch: 2);
        using var noQueue = new SwavLoss(Views, Globals);
        int seed = 30;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int step = 0; step < 3; step++)
            {
                (Tensor z, Tensor c, Tensor scores) = Step(seed++);
                Assert.Equal(noQueue.Compute(scores).item<double>(), loss.Compute(scores, z, c, epoch).item<double>());
                Assert.Equal(0, loss.Queue!.Filled);
            }
        }

        Assert.Equal(0, loss.Queue!.Rows.abs().max().item<float>());

        // Epoch 2: the first two steps fill the queue (12 rows, 6 each) and are computed without it; the third uses it.
        for (int step = 0; step < 2; step++)
        {
            (Tensor z, Tensor c, Tensor scores) = Step(seed++);
            Assert.Equal(noQueue.Compute(scores).item<double>(), loss.Compute(scores, z, c, epoch: 2).item<double>());
            Assert.Equal((step + 1) * Samples, loss.Queue.Filled);
        }

        Assert.True(loss.Queue.IsFull);
        (Tensor z3, Tensor c3, Tensor s3) = Step(seed);
        Assert.True(Math.Abs(noQueue.Compute(s3).item<double>() - loss.Compute(s3, z3, c3, epoch: 2).item<double>()) > 1e-4, "the full queue was not used");
    }

    [Fact]
    public void TheQueueRoundTripsThroughACheckpointAndTheNextStepIsTheSame()
    {
        using var scope = NewDisposeScope();
        using var saved = new SwavLoss(Views, Globals, queueLength: Length, projectionDim: D, queueStartEpoch: 1);
        using var restored = new SwavLoss(Views, Globals, queueLength: Length, projectionDim: D, queueStartEpoch: 1);
        for (int seed = 40; seed < 43; seed++)
        {
            (Tensor z, Tensor c, Tensor scores) = Step(seed);
            saved.Compute(scores, z, c, epoch: 1);
        }

        SslDsl.Tests.Training.Checkpoints.StateRoundTrip.Through(saved, restored, "objective.");
        Assert.Equal(saved.Queue!.Filled, restored.Queue!.Filled);
        Assert.True(saved.Queue.Rows.equal(restored.Queue.Rows).all().item<bool>());
        (Tensor z4, Tensor c4, Tensor s4) = Step(43);
        Assert.Equal(saved.Compute(s4, z4, c4, epoch: 1).item<double>(), restored.Compute(s4, z4, c4, epoch: 1).item<double>());
        Assert.True(saved.Queue.Rows.equal(restored.Queue.Rows).all().item<bool>());
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwavLoss(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwavLoss(Views, Globals, epsilon: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwavLoss(Views, Globals, sinkhornIterations: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwavLoss(Views, Globals, queueLength: -1, projectionDim: D));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwavLoss(Views, Globals, queueLength: Length, projectionDim: D, queueStartEpoch: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwavLoss(Views, Globals, queueLength: Length, projectionDim: 0));
        var loss = new SwavLoss(Views, Globals);
        Assert.Throws<ArgumentException>(() => loss.Compute(ones(Views * Samples + 1, K)));

        using var queued = new SwavLoss(Views, Globals, queueLength: Length, projectionDim: D, queueStartEpoch: 0);
        (Tensor z, Tensor c, Tensor scores) = Step(50);
        Assert.Throws<InvalidOperationException>(() => queued.Compute(scores)); // a queue needs the projections and prototypes
        Assert.Throws<ArgumentException>(() => queued.Compute(scores, z.narrow(1, 0, D - 1), c, 0));
        Assert.Throws<ArgumentException>(() => queued.Compute(scores, z, c.narrow(0, 0, K - 1), 0));
        using var tooShort = new SwavLoss(Views, Globals, queueLength: Samples - 1, projectionDim: D, queueStartEpoch: 0);
        Assert.Throws<ArgumentException>(() => tooShort.Compute(scores, z, c, 0)); // one step holds more rows than the queue
    }

    /// <summary>One step's inputs in float64: normalised projections <c>[V·N, D]</c>, unit prototypes <c>[K, D]</c> and their scores.</summary>
    private static (Tensor Projections, Tensor Prototypes, Tensor Scores) Step(int seed)
    {
        var generator = new Generator((ulong)seed);
        Tensor z = nn.functional.normalize(randn(new long[] { Views * Samples, D }, ScalarType.Float64, generator: generator), p: 2, dim: 1);
        Tensor c = nn.functional.normalize(randn(new long[] { K, D }, ScalarType.Float64, generator: generator), p: 2, dim: 1);
        return (z, c, z.matmul(c.t()));
    }

    /// <summary>
    /// View a's swapped-prediction term, Σ over v ≠ a of −mean_n Σ_k q_a log softmax(s_v / τ), with view a's codes the
    /// rows <paramref name="first"/>… of <paramref name="codes"/>.
    /// </summary>
    private static double SwappedTerm(double[,] s, double[,] codes, int first, int a, double temperature)
    {
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
                double[] logits = Enumerable.Range(0, K).Select(k => block[n, k] / temperature).ToArray();
                double max = logits.Max();
                double logSum = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
                term -= Enumerable.Range(0, K).Sum(k => codes[first + n, k] * (logits[k] - logSum)) / Samples;
            }
        }

        return term;
    }

    /// <summary>The rows of <paramref name="top"/> then those of <paramref name="bottom"/>.</summary>
    private static double[,] Stack(double[,] top, double[,] bottom)
    {
        int rows = top.GetLength(0), cols = top.GetLength(1);
        var result = new double[rows + bottom.GetLength(0), cols];
        for (int i = 0; i < result.GetLength(0); i++)
        {
            for (int j = 0; j < cols; j++)
            {
                result[i, j] = i < rows ? top[i, j] : bottom[i - rows, j];
            }
        }

        return result;
    }

    /// <summary>Each value rounded to float32, as the queue stores projections.</summary>
    private static double[,] AsFloat32(double[,] x)
    {
        var result = new double[x.GetLength(0), x.GetLength(1)];
        for (int i = 0; i < x.GetLength(0); i++)
        {
            for (int j = 0; j < x.GetLength(1); j++)
            {
                result[i, j] = (float)x[i, j];
            }
        }

        return result;
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

    private static double[,] Block(double[,] s, int view, int width = K)
    {
        var block = new double[Samples, width];
        for (int n = 0; n < Samples; n++)
        {
            for (int k = 0; k < width; k++)
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
