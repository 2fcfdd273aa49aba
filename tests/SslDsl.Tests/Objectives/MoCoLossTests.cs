using System;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.ObjectiveTestMath;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// MoCo v2 InfoNCE against a float64 loop reference: per query q̂ with positive k̂⁺ and the queue's keys u_j (as they
/// were before the call), −log(e^{q̂·k̂⁺/τ} / (e^{q̂·k̂⁺/τ} + Σ_j e^{q̂·u_j/τ})), averaged over the N queries of a
/// direction; symmetric = the sum of the two directions.
/// </summary>
public sealed class MoCoLossTests
{
    [Theory]
    [InlineData(1, 2, 4, 8, 0.2)]
    [InlineData(2, 3, 5, 9, 0.1)]
    [InlineData(3, 4, 6, 8, 0.5)]
    [InlineData(4, 5, 4, 10, 0.07)]
    public void SymmetricLossAndGradientMatchFloat64Reference(int seed, int samples, int dim, int queueSize, double tau)
    {
        using var scope = NewDisposeScope();
        using var loss = new MoCoLoss(dim, queueSize, tau, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));
        double[][] q = RandomRows(seed, 2 * samples, dim);
        double[][] k = RandomRows(seed + 100, 2 * samples, dim);
        double[][] queue = ToRows(loss.Queue.Keys);
        Tensor queries = ToTensor(q, requiresGrad: true);

        double expected = Reference(q, k, queue, tau, symmetric: true, out double[][] expectedGrad);
        Tensor value = loss.Compute(queries, ToTensor(k));
        value.backward();   // after the enqueue inside Compute: needs the queue snapshot

        Assert.Equal(expected, value.item<double>(), 1e-10);
        AssertRowsClose(expectedGrad, queries.grad!, 1e-10);
    }

    [Theory]
    [InlineData(5, 3, 4, 6, 0.2)]
    [InlineData(6, 4, 6, 8, 0.1)]
    public void AsymmetricLossAndGradientMatchFloat64Reference(int seed, int samples, int dim, int queueSize, double tau)
    {
        using var scope = NewDisposeScope();
        using var loss = new MoCoLoss(dim, queueSize, tau, symmetric: false, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));
        double[][] q = RandomRows(seed, samples, dim);
        double[][] k = RandomRows(seed + 100, samples, dim);
        double[][] queue = ToRows(loss.Queue.Keys);
        Tensor queries = ToTensor(q, requiresGrad: true);

        double expected = Reference(q, k, queue, tau, symmetric: false, out double[][] expectedGrad);
        Tensor value = loss.Compute(queries, ToTensor(k));
        value.backward();

        Assert.Equal(expected, value.item<double>(), 1e-10);
        AssertRowsClose(expectedGrad, queries.grad!, 1e-10);
    }

    [Fact]
    public void SecondStepUsesTheKeysEnqueuedByTheFirst()
    {
        using var scope = NewDisposeScope();
        const int n = 2;
        const int dim = 3;
        using var loss = new MoCoLoss(dim, queueSize: 8, temperature: 0.3, dtype: ScalarType.Float64, generator: new Generator(5));
        double[][] queue = ToRows(loss.Queue.Keys);
        double[][] k1 = RandomRows(31, 2 * n, dim);

        loss.Compute(ToTensor(RandomRows(30, 2 * n, dim)), ToTensor(k1));
        for (int r = 0; r < 2 * n; r++)
        {
            queue[r] = Normalized(k1[r]);   // view 0 keys into slots 0..N−1, view 1 keys into N..2N−1
        }

        double[][] q2 = RandomRows(32, 2 * n, dim);
        double[][] k2 = RandomRows(33, 2 * n, dim);
        double expected = Reference(q2, k2, queue, 0.3, symmetric: true, out _);

        Assert.Equal(expected, loss.Compute(ToTensor(q2), ToTensor(k2)).item<double>(), 1e-10);
        Assert.Equal(0, loss.Queue.Position);   // 2 steps × 2N = 8 slots
    }

    [Fact]
    public void OneKeyInTheQueueGivesTheHandComputedInfoNce()
    {
        // Asymmetric, N = 1, D = 2, queue = {(0, 1)}. q = (2, 0) → (1, 0); k⁺ = (3, 4) → (0.6, 0.8).
        // Logits / τ: [0.6, 0] / 0.2 = [3, 0]; loss = −log(e³ / (e³ + 1)) = log(1 + e^{−3}).
        // Afterwards the queue holds the new key, normalised.
        using var scope = NewDisposeScope();
        using var loss = new MoCoLoss(dim: 2, queueSize: 1, temperature: 0.2, symmetric: false, dtype: ScalarType.Float64);
        loss.Queue.Enqueue(tensor(new[] { 0.0, 5.0 }, new long[] { 1, 2 }));

        double actual = loss.Compute(tensor(new[] { 2.0, 0.0 }, new long[] { 1, 2 }), tensor(new[] { 3.0, 4.0 }, new long[] { 1, 2 })).item<double>();

        Assert.Equal(Math.Log(1 + Math.Exp(-3)), actual, 1e-14);
        AssertRowsClose(new[] { new[] { 0.6, 0.8 } }, loss.Queue.Keys, 1e-15);
    }

    [Fact]
    public void SymmetricOneKeyQueueGivesTheSumOfBothDirections()
    {
        // N = 1: q⁰ = (1, 0), q¹ = (0, 1), k⁰ = (0, 2), k¹ = (1, 0); queue = {(−1, 0)}; τ = 0.5.
        // Direction 0 (q⁰ vs k¹): logits [1, −1]/τ = [2, −2] → log(1 + e^{−4}).
        // Direction 1 (q¹ vs k⁰): logits [1, 0]/τ = [2, 0] → log(1 + e^{−2}).
        // Then k⁰ and k¹ are enqueued in that order; with one slot the queue ends holding k¹.
        using var scope = NewDisposeScope();
        using var loss = new MoCoLoss(dim: 2, queueSize: 1, temperature: 0.5, dtype: ScalarType.Float64);
        loss.Queue.Enqueue(tensor(new[] { -3.0, 0.0 }, new long[] { 1, 2 }));

        double actual = loss.Compute(tensor(new[] { 1.0, 0, 0, 1 }, new long[] { 2, 2 }), tensor(new[] { 0.0, 2, 1, 0 }, new long[] { 2, 2 })).item<double>();

        Assert.Equal(Math.Log(1 + Math.Exp(-4)) + Math.Log(1 + Math.Exp(-2)), actual, 1e-14);
        AssertRowsClose(new[] { new[] { 1.0, 0.0 } }, loss.Queue.Keys, 1e-15);
    }

    [Fact]
    public void KeysReceiveNoGradientAndQueriesDo()
    {
        using var scope = NewDisposeScope();
        using var loss = new MoCoLoss(4, 8, dtype: ScalarType.Float64);
        Tensor queries = ToTensor(RandomRows(1, 4, 4), requiresGrad: true);
        Tensor keys = ToTensor(RandomRows(2, 4, 4), requiresGrad: true);

        loss.Compute(queries, keys).backward();

        Assert.Null(keys.grad);
        Assert.True(queries.grad!.abs().sum().item<double>() > 0);
        Assert.False(loss.Queue.Keys.requires_grad);
    }

    [Fact]
    public void Float32QueueServesFloat64Queries()
    {
        using var scope = NewDisposeScope();
        using var loss = new MoCoLoss(5, 6, 0.2, generator: new Generator(3));
        double[][] queue = ToRows(loss.Queue.Keys);   // exactly the float32 values
        double[][] q = RandomRows(3, 6, 5);
        double[][] k = RandomRows(4, 6, 5);

        Tensor value = loss.Compute(ToTensor(q), ToTensor(k));

        Assert.Equal(ScalarType.Float32, loss.Queue.Keys.dtype);
        Assert.Equal(ScalarType.Float64, value.dtype);
        Assert.Equal(Reference(q, k, queue, 0.2, symmetric: true, out _), value.item<double>(), 1e-10);
    }

    [Fact]
    public void QueueSizeNotAMultipleOfTheBatchIsAClearError()
    {
        using var scope = NewDisposeScope();
        using var loss = new MoCoLoss(4, queueSize: 10);

        var ex = Assert.Throws<ArgumentException>(() => loss.Compute(ones(6, 4), ones(6, 4)));

        Assert.Contains("queue size 10", ex.Message);
        Assert.Contains("batch size 3", ex.Message);
        Assert.Equal(0, loss.Queue.Position);
    }

    [Theory]
    [InlineData(new long[] { 5, 4 }, new long[] { 5, 4 }, "queries")]
    [InlineData(new long[] { 4, 3 }, new long[] { 4, 3 }, "queries")]
    [InlineData(new long[] { 4, 4 }, new long[] { 2, 4 }, "keys")]
    public void WrongShapesAreRejected(long[] queryShape, long[] keyShape, string param)
    {
        using var scope = NewDisposeScope();
        using var loss = new MoCoLoss(4, 8);

        var ex = Assert.Throws<ArgumentException>(() => loss.Compute(ones(queryShape), ones(keyShape)));

        Assert.Equal(param, ex.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ConstructorRejectsNonPositiveTemperature(double tau)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MoCoLoss(4, 8, tau));
        Assert.Equal("temperature", ex.ParamName);
    }

    [Fact]
    public void DefaultsAreMoCoV2s()
    {
        using var loss = new MoCoLoss(2);
        Assert.Equal(65536, loss.Queue.Size);
        Assert.Equal(0.2, loss.Temperature);
        Assert.True(loss.Symmetric);
    }

    /// <summary>
    /// Per direction, with softmax p over [k̂⁺, u_1..u_K]: ∂ℓ/∂q̂ = ((p_0 − 1)k̂⁺ + Σ_j p_j u_j)/τ, divided by N (the
    /// mean); then through the normalisation.
    /// </summary>
    private static double Reference(double[][] q, double[][] k, double[][] queue, double tau, bool symmetric, out double[][] grad)
    {
        int m = q.Length;
        int n = symmetric ? m / 2 : m;
        double total = 0;
        grad = new double[m][];
        for (int r = 0; r < m; r++)
        {
            double[] u = Normalized(q[r]);
            double[] positive = Normalized(k[symmetric ? (r + n) % m : r]);
            var logits = new double[queue.Length + 1];
            logits[0] = Dot(u, positive) / tau;
            for (int j = 0; j < queue.Length; j++)
            {
                logits[j + 1] = Dot(u, queue[j]) / tau;
            }

            double denominator = 0;
            foreach (double l in logits)
            {
                denominator += Math.Exp(l);
            }

            total += (-logits[0] + Math.Log(denominator)) / n;
            var g = new double[u.Length];
            for (int c = 0; c < u.Length; c++)
            {
                g[c] = ((Math.Exp(logits[0]) / denominator) - 1) * positive[c];
                for (int j = 0; j < queue.Length; j++)
                {
                    g[c] += Math.Exp(logits[j + 1]) / denominator * queue[j][c];
                }

                g[c] /= tau * n;
            }

            grad[r] = ThroughNormalize(q[r], g);
        }

        return total;
    }
}
