using System;
using System.IO;
using System.Linq;
using System.Threading;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

/// <summary>
/// GradCache for joint-embedding trainers with AccumulationSteps &gt; 1 (float64, hand-written trainer): the
/// accumulated gradient is that of one batch of all samples, random draws are replayed, BatchNorm statistics are
/// updated once per batch, the loss reported is the whole batch's, and a resumed run stays exact.
/// </summary>
public sealed class GradCacheTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-gradcache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(CacheObjective.NtXent)]
    [InlineData(CacheObjective.BarlowTwins)]
    [InlineData(CacheObjective.Vicreg)]
    [InlineData(CacheObjective.Byol)]
    [InlineData(CacheObjective.SimSiam)]
    public void AccumulatedGradientEqualsTheGradientOfOneBatchOfAllSamples(CacheObjective objective)
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        Tensor[] chunks = Chunks(images, 4);
        using var full = new CacheTrainer(objective, batchSize: 64, accumulationSteps: 1);
        using var cached = new CacheTrainer(objective, batchSize: 16, accumulationSteps: 4);
        using var plain = new CacheTrainer(objective, batchSize: 16, accumulationSteps: 4);

        full.Step(images);
        for (int i = 0; i < 4; i++)
        {
            Assert.Empty(cached.Recorder.Steps); // the group is held until its 4th batch
            cached.Step(chunks[i]);
        }

        Assert.Single(full.Recorder.Steps);
        Assert.Single(cached.Recorder.Steps);
        Assert.True(RelativeDifference(cached.Recorder.Steps[0], full.Recorder.Steps[0]) < 1e-5,
            $"{objective}: GradCache gradient differs from the full batch's by {RelativeDifference(cached.Recorder.Steps[0], full.Recorder.Steps[0]):E2}");
        Assert.Equal(8, cached.EncodeCalls); // twice per batch: without, then with a graph
        Assert.Equal(objective == CacheObjective.Byol ? 4 : 0, cached.TargetCalls); // the target network once per batch

        // The check has teeth: plain accumulation (each batch its own loss) gives another gradient for the batch-coupled
        // losses. BYOL's and SimSiam's losses are means of per-sample terms, so there the two agree.
        double plainDifference = RelativeDifference(plain.AveragedPerBatch(chunks), full.Recorder.Steps[0]);
        if (objective is CacheObjective.Byol or CacheObjective.SimSiam)
        {
            Assert.True(plainDifference < 1e-5, $"{objective} per batch: {plainDifference:E2}");
        }
        else
        {
            Assert.True(plainDifference > 1e-3, $"{objective}: plain accumulation differs by only {plainDifference:E2}");
        }

        images.Dispose();
    }

    [Fact]
    public void FitReportsTheLossOfTheWholeBatch()
    {
        (Tensor images, _) = LoopTrainer.Data(128);
        using var full = new CacheTrainer(CacheObjective.NtXent, batchSize: 64, accumulationSteps: 1);
        using var cached = new CacheTrainer(CacheObjective.NtXent, batchSize: 16, accumulationSteps: 4);

        PretrainReport expected = full.Fit(images, epochs: 1);
        PretrainReport actual = cached.Fit(images, epochs: 1);

        Assert.Equal(2, actual.Steps);
        Assert.Equal(expected.Epochs[0].Loss, actual.Epochs[0].Loss, 1e-6 * expected.Epochs[0].Loss);
        Assert.Equal(expected.LossCurve.Select(p => p.Step), actual.LossCurve.Select(p => p.Step));
        foreach ((LossPoint e, LossPoint a) in expected.LossCurve.Zip(actual.LossCurve))
        {
            Assert.Equal(e.Loss, a.Loss, 1e-6 * e.Loss);
        }

        images.Dispose();
    }

    [Fact]
    public void BatchNormStatisticsAreUpdatedOncePerBatch()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        Tensor[] chunks = Chunks(images, 4);
        using var cached = new CacheTrainer(CacheObjective.NtXent, batchSize: 16, accumulationSteps: 4, batchNorm: true);
        using var once = new CacheTrainer(CacheObjective.NtXent, batchSize: 16, accumulationSteps: 4, batchNorm: true);

        foreach (Tensor chunk in chunks)
        {
            cached.Step(chunk);
            once.ForwardWithoutGraph(chunk);
        }

        Tensor[] actual = cached.Encoder.buffers().ToArray();
        Tensor[] expected = once.Encoder.buffers().ToArray();
        Assert.Equal(3, actual.Length); // running mean, running variance, batches tracked
        Assert.Equal(4, cached.Encoder.named_buffers().Single(b => b.name.EndsWith("num_batches_tracked", StringComparison.Ordinal)).buffer.item<long>());
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(actual[i].equal(expected[i]).all().item<bool>(), $"buffer {i}");
        }

        images.Dispose();
    }

    [Fact]
    public void StepHoldsTheBatchesOfAGroupAndTheCallerMayDisposeThem()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        using var reference = new CacheTrainer(CacheObjective.Vicreg, batchSize: 16, accumulationSteps: 4);
        using var cached = new CacheTrainer(CacheObjective.Vicreg, batchSize: 16, accumulationSteps: 4);
        (Tensor[] expected, _) = reference.OneGraph(Chunks(images, 4));

        for (int i = 0; i < 4; i++)
        {
            using (Tensor chunk = images.narrow(0, 16 * i, 16).clone())
            {
                cached.Step(chunk);
            }

            if (i < 3)
            {
                Assert.Equal(0, cached.OptimizerSteps);
                var ex = Assert.Throws<InvalidOperationException>(() => cached.Save(Path.Combine(folder, "pending.ckpt")));
                Assert.Contains($"{i + 1} batch(es) of gradients are pending", ex.Message);
            }
        }

        Assert.Equal(1, cached.OptimizerSteps);
        Assert.True(RelativeDifference(cached.Recorder.Steps[0], expected) < 1e-12);
        images.Dispose();
    }

    [Fact]
    public void StoppedThenLoadedInANewTrainerEndsEqualToAnUninterruptedRun()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        using var uninterrupted = new CacheTrainer(CacheObjective.NtXent, batchSize: 8, accumulationSteps: 2, noise: true);
        PretrainReport expected = uninterrupted.Fit(images, epochs: 3);

        using var cancel = new CancellationTokenSource();
        string path = Path.Combine(folder, "run.ckpt");
        using (var first = new CacheTrainer(CacheObjective.NtXent, batchSize: 8, accumulationSteps: 2, noise: true))
        {
            first.OnStep = step => { if (step == 5) cancel.Cancel(); };
            Assert.Equal("cancelled", first.Fit(images, epochs: 3, cancellationToken: cancel.Token).StoppedBecause);
            first.Save(path);
        }

        using var resumed = new CacheTrainer(CacheObjective.NtXent, batchSize: 8, accumulationSteps: 2, noise: true, seed: 99);
        resumed.Load(path);
        PretrainReport actual = resumed.Fit(images, epochs: 3);

        Assert.Equal(12, actual.Steps);
        Assert.Equal(expected.LossCurve, actual.LossCurve);
        Assert.Equal(expected.Epochs.Select(e => e.Loss), actual.Epochs.Select(e => e.Loss));
        foreach ((Tensor a, Tensor b) in uninterrupted.Trained.Zip(resumed.Trained))
        {
            Assert.True(a.equal(b).all().item<bool>());
        }

        images.Dispose();
    }

    internal static Tensor[] Chunks(Tensor images, int count)
    {
        long size = images.shape[0] / count;
        return Enumerable.Range(0, count).Select(i => images.narrow(0, i * size, size)).ToArray();
    }

    /// <summary>‖a − b‖ / ‖b‖ over all parameters together (a bias whose gradient is zero up to rounding has no relative error of its own).</summary>
    internal static double RelativeDifference(Tensor[] actual, Tensor[] expected)
    {
        using var scope = NewDisposeScope();
        Tensor a = cat(actual.Select(t => t.flatten()).ToArray());
        Tensor b = cat(expected.Select(t => t.flatten()).ToArray());
        return a.sub(b).norm().item<double>() / b.norm().item<double>();
    }
}

/// <summary>Tests that set and read TorchSharp's global generator (dropout): they run alone, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomState
{
    public const string Name = "global random state";
}

/// <summary>GradCache replays each batch's random draws: the trainer's generator (noise) and the global one (dropout).</summary>
[Collection(GlobalRandomState.Name)]
public sealed class GradCacheReplayTests
{
    [Fact]
    public void TheSecondPassDrawsWhatTheFirstDrew()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        Tensor[] chunks = GradCacheTests.Chunks(images, 4);
        using var cached = new CacheTrainer(CacheObjective.NtXent, batchSize: 16, accumulationSteps: 4, noise: true, dropout: true, seed: 3);
        using var reference = new CacheTrainer(CacheObjective.NtXent, batchSize: 16, accumulationSteps: 4, noise: true, dropout: true, seed: 3);

        manual_seed(11);
        foreach (Tensor chunk in chunks)
        {
            cached.Step(chunk);
        }

        double nextAfterCache = rand(1, dtype: float64).item<double>();
        manual_seed(11);
        (Tensor[] expected, _) = reference.OneGraph(chunks);
        double nextAfterReference = rand(1, dtype: float64).item<double>();

        Assert.True(GradCacheTests.RelativeDifference(cached.Recorder.Steps[0], expected) < 1e-10,
            $"replayed gradient differs by {GradCacheTests.RelativeDifference(cached.Recorder.Steps[0], expected):E2}");
        Assert.Equal(nextAfterReference, nextAfterCache); // the global generator continues as if each batch drew once
        images.Dispose();
    }
}
