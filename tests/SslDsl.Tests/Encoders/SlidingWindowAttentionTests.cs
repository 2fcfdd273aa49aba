using System;
using System.Linq;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Encoders;

/// <summary>Longformer's local + global attention: |i − j| ≤ W/2 or i &lt; G or j &lt; G, computed block by block.</summary>
public sealed class SlidingWindowAttentionTests
{
    private delegate Tensor Attention(Tensor query, Tensor key, Tensor value);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void BlocksEqualFullAttentionWhenTheWindowCoversTheSequence(int globalTokens)
    {
        // W ≥ 2L: the band alone holds every pair; the blocked path (one block of L queries, padded neighbours) must
        // reproduce scaled_dot_product_attention, outputs and the gradients of query, key and value.
        using var scope = NewDisposeScope();
        const int length = 19;
        var attention = new SlidingWindowAttention(2 * length, globalTokens);
        (Tensor q, Tensor k, Tensor v, Tensor weights) = Inputs(seed: 1, length, ScalarType.Float32);

        var (blocked, blockedGrads) = Run(attention.AttendInBlocks, q, k, v, weights);
        var (full, fullGrads) = Run((a, b, c) => nn.functional.scaled_dot_product_attention(a, b, c), q, k, v, weights);

        Assert.True(MaxDifference(blocked, full) < 1e-5, $"outputs differ by {MaxDifference(blocked, full)}");
        for (int i = 0; i < 3; i++)
        {
            Assert.True(MaxDifference(blockedGrads[i], fullGrads[i]) < 1e-5, $"gradient {"qkv"[i]} differs by {MaxDifference(blockedGrads[i], fullGrads[i])}");
        }
    }

    [Theory]
    [InlineData(37, 8, 2)]  // 37 = 9 blocks of 4 + 1: the last block padded
    [InlineData(37, 8, 0)]  // no global tokens: the band alone
    [InlineData(32, 8, 1)]  // a multiple of the block
    [InlineData(37, 2, 1)]  // the narrowest window: one neighbour on each side
    [InlineData(37, 10, 6)] // more global tokens than a block
    [InlineData(37, 60, 0)] // blocks of 30: the second one mostly padding
    [InlineData(37, 72, 0)] // the band covers the sequence: full attention
    public void MatchesADenseFloat64ReferenceWithAnExplicitBandAndGlobalMask(int length, int window, int globalTokens)
    {
        using var scope = NewDisposeScope();
        var attention = new SlidingWindowAttention(window, globalTokens);
        (Tensor q, Tensor k, Tensor v, Tensor weights) = Inputs(seed: 2, length, ScalarType.Float64);

        var (actual, actualGrads) = Run(attention.Attend, q, k, v, weights);
        var (expected, expectedGrads) = Run((a, b, c) => DenseReference(a, b, c, window, globalTokens), q, k, v, weights);

        Assert.Equal(expected.shape, actual.shape);
        Assert.True(MaxDifference(actual, expected) < 1e-12, $"outputs differ by {MaxDifference(actual, expected)}");
        for (int i = 0; i < 3; i++)
        {
            Assert.True(MaxDifference(actualGrads[i], expectedGrads[i]) < 1e-12, $"gradient {"qkv"[i]} differs by {MaxDifference(actualGrads[i], expectedGrads[i])}");
        }
    }

    [Fact]
    public void AQueryChangesWithExactlyTheValuesItMayAttendTo()
    {
        // The pattern found without any mask code: change one value row, see which outputs move.
        using var scope = NewDisposeScope();
        const int length = 37, window = 8, global = 2;
        var attention = new SlidingWindowAttention(window, global);
        (Tensor q, Tensor k, Tensor v, _) = Inputs(seed: 3, length, ScalarType.Float64);
        Tensor before = attention.Attend(q, k, v);

        foreach (int j in new[] { 0, 1, 2, 5, 18, 36 })
        {
            Tensor changed = v.clone();
            changed.narrow(2, j, 1).add_(1.0);
            Tensor moved = attention.Attend(q, k, changed).sub(before).abs().amax(new long[] { 0, 1, 3 }); // per query position
            for (int i = 0; i < length; i++)
            {
                bool mayAttend = Math.Abs(i - j) <= window / 2 || i < global || j < global;
                Assert.True(mayAttend == moved[i].item<double>() > 1e-9, $"query {i}, value {j}: expected {(mayAttend ? "a change" : "none")}");
            }
        }
    }

    [Fact]
    public void ForwardAndBackwardLeaveNoTensorsAlive()
    {
        // The score tensor is released by hand inside the attention's own dispose scope: nothing may outlive the step.
        var attention = new SlidingWindowAttention(8, 2);
        (Tensor q, Tensor k, Tensor v, Tensor weights) = Inputs(seed: 4, 37, ScalarType.Float32);
        Tensor[] leaves = new[] { q, k, v }.Select(t => t.requires_grad_(true)).ToArray();
        void Step()
        {
            using var step = NewDisposeScope();
            attention.Attend(leaves[0], leaves[1], leaves[2]).mul(weights).sum().backward();
        }

        Step(); // the first backward creates the .grad tensors
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Step();
        Step();

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.True(q.grad!.abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData(8, 0, 5, true)]
    [InlineData(8, 0, 6, false)] // positions 0 and 5 are 5 > W/2 apart
    [InlineData(8, 1, 6, true)]  // the only pair beyond ±4 involves the global position 0
    [InlineData(8, 1, 7, false)]
    [InlineData(256, 1, 4096, false)]
    public void CoversTheSequenceWhenEveryPairMayAttend(int window, int global, long length, bool covers) =>
        Assert.Equal(covers, new SlidingWindowAttention(window, global).CoversSequence(length));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(7, 0)]
    [InlineData(-2, 0)]
    [InlineData(8, -1)]
    public void WindowsThatAreNotEvenAndPositiveOrNegativeGlobalTokensAreRejected(int window, int global) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlidingWindowAttention(window, global));

    [Fact]
    public void InputsOfDifferentShapesAreRejected()
    {
        using var scope = NewDisposeScope();
        var attention = new SlidingWindowAttention(4, 0);
        var error = Assert.Throws<ArgumentException>(() => attention.Attend(zeros(1, 2, 9, 4), zeros(1, 2, 8, 4), zeros(1, 2, 9, 4)));
        Assert.Contains("[1, 2, 8, 4]", error.Message);
    }

    /// <summary>Softmax(q·kᵀ/√d) over an explicit L×L mask: |i − j| ≤ W/2, or i or j among the first G positions.</summary>
    private static Tensor DenseReference(Tensor q, Tensor k, Tensor v, int window, int global)
    {
        long length = q.shape[2];
        var allowed = new bool[length * length];
        for (long i = 0; i < length; i++)
        {
            for (long j = 0; j < length; j++)
            {
                allowed[(i * length) + j] = Math.Abs(i - j) <= window / 2 || i < global || j < global;
            }
        }

        Tensor mask = tensor(allowed, new[] { length, length });
        Tensor scores = q.matmul(k.transpose(2, 3)).div(Math.Sqrt(q.shape[3]));
        return scores.masked_fill(mask.logical_not(), double.NegativeInfinity).softmax(-1).matmul(v);
    }

    /// <summary>Query, key, value [2, 3, L, 5] ~ N(0, 1.5²) (peaked enough that a wrong key shows) and weights for a loss.</summary>
    private static (Tensor Q, Tensor K, Tensor V, Tensor Weights) Inputs(ulong seed, int length, ScalarType type)
    {
        using var generator = new Generator(seed);
        Tensor Draw() => randn(new long[] { 2, 3, length, 5 }, dtype: type, generator: generator).mul(1.5);
        return (Draw(), Draw(), Draw(), Draw());
    }

    /// <summary>The output and the gradients of Σ output · weights with respect to fresh copies of q, k, v.</summary>
    private static (Tensor Output, Tensor[] Gradients) Run(Attention attention, Tensor q, Tensor k, Tensor v, Tensor weights)
    {
        Tensor[] leaves = new[] { q, k, v }.Select(t => t.detach().clone().requires_grad_(true)).ToArray();
        Tensor output = attention(leaves[0], leaves[1], leaves[2]);
        output.mul(weights).sum().backward();
        return (output.detach(), leaves.Select(l => l.grad!.clone()).ToArray());
    }

    private static double MaxDifference(Tensor a, Tensor b) => a.sub(b).abs().max().to(ScalarType.Float64).item<double>();
}
