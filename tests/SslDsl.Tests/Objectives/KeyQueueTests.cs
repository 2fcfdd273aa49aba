using System;
using System.IO;
using SslDsl.Objectives;
using SslDsl.Tests.Training.Checkpoints;
using TorchSharp;
using static SslDsl.Tests.Objectives.ObjectiveTestMath;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

public sealed class KeyQueueTests
{
    [Fact]
    public void StartsWithRandomUnitKeysOnTheRequestedDtype()
    {
        using var scope = NewDisposeScope();
        using var queue = new KeyQueue(dim: 5, size: 16, dtype: ScalarType.Float64, generator: new Generator(1));

        double[][] keys = ToRows(queue.Keys);

        Assert.Equal(new long[] { 16, 5 }, queue.Keys.shape);
        Assert.Equal(ScalarType.Float64, queue.Keys.dtype);
        Assert.Equal(0, queue.Position);
        foreach (double[] key in keys)
        {
            Assert.Equal(1.0, Norm(key), 1e-14);
        }

        Assert.True(Math.Abs(Dot(keys[0], keys[1])) < 0.999, "random keys should differ");
    }

    [Fact]
    public void SameGeneratorSeedGivesTheSameInitialKeys()
    {
        using var scope = NewDisposeScope();
        using var a = new KeyQueue(3, 4, generator: new Generator(7));
        using var b = new KeyQueue(3, 4, generator: new Generator(7));

        Assert.True(a.Keys.eq(b.Keys).all().item<bool>());
    }

    [Fact]
    public void EnqueueStoresNormalisedKeys()
    {
        using var scope = NewDisposeScope();
        using var queue = new KeyQueue(2, 4, dtype: ScalarType.Float64);

        queue.Enqueue(tensor(new[] { 3.0, 4.0, 0.0, -0.5 }, new long[] { 2, 2 }));

        double[][] keys = ToRows(queue.Keys);
        Assert.Equal(0.6, keys[0][0], 1e-15);
        Assert.Equal(0.8, keys[0][1], 1e-15);
        Assert.Equal(0.0, keys[1][0], 1e-15);
        Assert.Equal(-1.0, keys[1][1], 1e-15);
        Assert.Equal(2, queue.Position);
    }

    [Fact]
    public void EnqueueLaterKeepsAGraphOnTheKeysBackpropagatableAndWritesWhenTheQueueIsNextRead()
    {
        using var scope = NewDisposeScope();
        using var queue = new KeyQueue(2, 4, dtype: ScalarType.Float64, generator: new Generator(2));
        using var reference = new KeyQueue(2, 4, dtype: ScalarType.Float64, generator: new Generator(2));
        Tensor query = tensor(new[] { 1.0, 2.0 }, new long[] { 1, 2 }).requires_grad_();
        Tensor before = queue.Keys.detach().clone();
        Tensor logits = query.matmul(queue.Keys.t()); // keeps the queue for backward

        queue.EnqueueLater(tensor(new[] { 3.0, 4.0, 0.0, 2.0 }, new long[] { 2, 2 }));
        queue.EnqueueLater(tensor(new[] { 0.0, -1.0, 6.0, 8.0 }, new long[] { 2, 2 }));
        logits.sum().backward(); // the held-back keys have not touched the queue yet

        AssertRowsClose(ToRows(before.sum(0, keepdim: true)), query.grad!, 1e-15);
        reference.Enqueue(tensor(new[] { 3.0, 4.0, 0.0, 2.0 }, new long[] { 2, 2 }));
        reference.Enqueue(tensor(new[] { 0.0, -1.0, 6.0, 8.0 }, new long[] { 2, 2 }));
        Assert.Equal(reference.Position, queue.Position);
        AssertRowsClose(ToRows(reference.Keys), queue.Keys, 0);
    }

    [Fact]
    public void RingBufferWrapsAroundOverwritingTheOldestBatch()
    {
        // size 6, batches of 2: batches 0, 1, 2 fill slots 0-1, 2-3, 4-5; batch 3 overwrites 0-1.
        using var scope = NewDisposeScope();
        using var queue = new KeyQueue(2, 6, dtype: ScalarType.Float64);
        double[][] Batch(int b) => new[] { Unit(b * 2), Unit((b * 2) + 1) };

        for (int b = 0; b < 4; b++)
        {
            queue.Enqueue(ToTensor(Batch(b)));
        }

        AssertRowsClose(new[] { Unit(6), Unit(7), Unit(2), Unit(3), Unit(4), Unit(5) }, queue.Keys, 1e-15);
        Assert.Equal(2, queue.Position);
    }

    [Fact]
    public void ABatchSizeChangeWrapsTheWriteInTwoParts()
    {
        using var scope = NewDisposeScope();
        using var queue = new KeyQueue(2, 4, dtype: ScalarType.Float64);

        queue.Enqueue(ToTensor(new[] { Unit(0), Unit(1) }));
        queue.Enqueue(ToTensor(new[] { Unit(2), Unit(3), Unit(4), Unit(5) }));

        AssertRowsClose(new[] { Unit(4), Unit(5), Unit(2), Unit(3) }, queue.Keys, 1e-15);
        Assert.Equal(2, queue.Position);
    }

    [Fact]
    public void SizeNotAMultipleOfTheBatchIsAClearError()
    {
        using var scope = NewDisposeScope();
        using var queue = new KeyQueue(2, 10);

        var ex = Assert.Throws<ArgumentException>(() => queue.Enqueue(ones(4, 2)));

        Assert.Contains("size 10", ex.Message);
        Assert.Contains("4 keys", ex.Message);
        Assert.Equal(0, queue.Position);
    }

    [Theory]
    [InlineData(new long[] { 2, 3 })]
    [InlineData(new long[] { 2 })]
    [InlineData(new long[] { 0, 2 })]
    public void WrongKeyShapesAreRejected(long[] shape)
    {
        using var scope = NewDisposeScope();
        using var queue = new KeyQueue(2, 4);

        var ex = Assert.Throws<ArgumentException>(() => queue.Enqueue(ones(shape)));

        Assert.Contains("[" + string.Join(", ", shape) + "]", ex.Message);
    }

    [Fact]
    public void EnqueuedKeysAreDetached()
    {
        using var scope = NewDisposeScope();
        using var queue = new KeyQueue(2, 2, dtype: ScalarType.Float64);
        Tensor keys = ToTensor(new[] { Unit(0), Unit(1) }, requiresGrad: true);

        queue.Enqueue(keys.mul(2.0));

        Assert.False(queue.Keys.requires_grad);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(2, 0)]
    public void ConstructorRejectsEmptyShapes(int dim, int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyQueue(dim, size));
    }

    [Fact]
    public void CheckpointRestoresKeysAndPosition()
    {
        using var scope = NewDisposeScope();
        using var saved = new KeyQueue(2, 4, generator: new Generator(1));
        saved.Enqueue(ToTensor(new[] { Unit(0), Unit(1) }).to_type(ScalarType.Float32));
        using var restored = new KeyQueue(2, 4, generator: new Generator(2));
        Assert.False(restored.Keys.equal(saved.Keys).all().item<bool>()); // different random start

        StateRoundTrip.Through(saved, restored);

        Assert.True(restored.Keys.equal(saved.Keys).all().item<bool>());
        Assert.Equal(2, restored.Position);
    }

    [Fact]
    public void CheckpointOfAQueueOfAnotherShapeIsRejectedAndChangesNothing()
    {
        using var saved = new KeyQueue(2, 4);
        using var other = new KeyQueue(2, 8, generator: new Generator(3));
        using Tensor before = other.Keys.clone();

        var ex = Assert.Throws<InvalidDataException>(() => StateRoundTrip.Through(saved, other));

        Assert.Contains("[4, 2]", ex.Message);
        Assert.Contains("[8, 2]", ex.Message);
        Assert.True(other.Keys.equal(before).all().item<bool>());
    }

    /// <summary>A distinct unit vector in 2-D per index.</summary>
    private static double[] Unit(int index) => new[] { Math.Cos(0.4 * index), Math.Sin(0.4 * index) };
}
