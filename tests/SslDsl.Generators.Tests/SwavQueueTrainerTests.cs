using SslDsl.Training;
using SslDsl.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>
/// SwAV's queue for small batches (<c>[Swav(QueueLength, QueueStartEpoch)]</c>, the official <c>--queue_length</c> and
/// <c>--epoch_queue_starts</c>) in generated trainers, trained for real on the CPU: when it fills and when it joins
/// Sinkhorn–Knopp, its checkpoint round trip, and GradCache.
/// </summary>
public sealed class SwavQueueTrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-swavq-" + Guid.NewGuid().ToString("N"));

    public SwavQueueTrainerTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheQueueFillsFromItsStartEpochAndJoinsSinkhornOnceFull()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(128, 3, 12, seed: 30); // 4 steps of 32 per epoch
        using var plain = TinySwavWithoutQueue.CreateTrainer(seed: 1);
        using var queued = TinySwavQueue.CreateTrainer(seed: 1);
        string path = Path.Combine(folder, "epoch1.ckpt");
        try
        {
            plain.Fit(images, epochs: 1);
            queued.Fit(images, epochs: 1);
            queued.Save(path);
            (long filled, Tensor rows) = QueueIn(path, TinySwavQueue.Trainer.ExperimentName);
            Assert.Equal(0, filled); // epoch 0 is before QueueStartEpoch = 1: nothing went in
            Assert.Equal(new long[] { 2, 64, 16 }, rows.shape);
            Assert.Equal(0f, rows.abs().max().item<float>());

            PretrainReport withoutQueue = plain.Fit(images, epochs: 2);
            PretrainReport withQueue = queued.Fit(images, epochs: 2);
            Dictionary<long, double> a = withoutQueue.LossCurve.ToDictionary(p => p.Step, p => p.Loss);
            Dictionary<long, double> b = withQueue.LossCurve.ToDictionary(p => p.Step, p => p.Loss);
            Assert.Equal(Enumerable.Range(1, 8).Select(s => (long)s), b.Keys.OrderBy(s => s));

            // Steps 1-4 (epoch 0: no queue) and 5-6 (epoch 1: filling, 32 of 64 rows, then 64) train exactly as without a
            // queue; from step 7 on the full queue's scores join Sinkhorn and the codes change.
            for (long step = 1; step <= 6; step++)
            {
                Assert.Equal(a[step], b[step]);
            }

            Assert.NotEqual(a[7], b[7]);
            Assert.NotEqual(a[8], b[8]);

            queued.Save(path);
            (filled, rows) = QueueIn(path, TinySwavQueue.Trainer.ExperimentName);
            Assert.Equal(64, filled);
            using Tensor norms = rows.norm(2);
            Assert.True(norms.sub(1).abs().max().item<float>() < 1e-5f, "every row of the full queue is a normalised projection");
        }
        finally
        {
            images.Dispose();
            labels.Dispose();
        }
    }

    [Fact]
    public void TheQueueGoesIntoTheCheckpointAndAResumedRunContinuesExactly()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(128, 3, 12, seed: 31);
        string saved = Path.Combine(folder, "saved.ckpt"), reloaded = Path.Combine(folder, "reloaded.ckpt");
        try
        {
            using var trained = TinySwavQueue.CreateTrainer(seed: 1);
            trained.Fit(images, epochs: 2); // the queue fills in epoch 1 and is full at its end
            trained.Save(saved);
            using var restored = TinySwavQueue.CreateTrainer(seed: 2);
            restored.Load(saved);
            restored.Save(reloaded);
            (long filled, Tensor rows) = QueueIn(saved, TinySwavQueue.Trainer.ExperimentName);
            (long filledAgain, Tensor rowsAgain) = QueueIn(reloaded, TinySwavQueue.Trainer.ExperimentName);
            Assert.Equal(64, filled);
            Assert.Equal(filled, filledAgain);
            Assert.True(rows.equal(rowsAgain).all().item<bool>(), "the loaded queue differs from the saved one");

            // Both continue with the full queue from the first step of epoch 2: the same losses and weights, bit for bit.
            PretrainReport continued = trained.Fit(images, epochs: 3);
            PretrainReport resumed = restored.Fit(images, epochs: 3);
            Assert.True(double.IsFinite(continued.Epochs[2].Loss));
            Assert.Equal(continued.Epochs[2].Loss, resumed.Epochs[2].Loss);
            Assert.Equal(continued.LossCurve.Select(p => p.Loss), resumed.LossCurve.Select(p => p.Loss));
            foreach ((Tensor mine, Tensor theirs) in trained.Encoder.parameters().Concat(trained.Projector.parameters())
                .Zip(restored.Encoder.parameters().Concat(restored.Projector.parameters())))
            {
                Assert.True(mine.equal(theirs).all().item<bool>(), "the resumed run's weights differ");
            }

            trained.Save(saved);
            restored.Save(reloaded);
            (_, rows) = QueueIn(saved, TinySwavQueue.Trainer.ExperimentName);
            (_, rowsAgain) = QueueIn(reloaded, TinySwavQueue.Trainer.ExperimentName);
            Assert.True(rows.equal(rowsAgain).all().item<bool>(), "the queues differ after the resumed epoch");
        }
        finally
        {
            images.Dispose();
            labels.Dispose();
        }
    }

    [Fact]
    public void UnderGradCacheTheQueueTakesEachOptimizerStepsProjectionsAtOnce()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(128, 3, 12, seed: 32); // 8 batches of 16, 4 optimizer steps of 2
        string path = Path.Combine(folder, "gradcache.ckpt");
        try
        {
            using var trainer = TinySwavQueueGradCache.CreateTrainer(seed: 1);
            PretrainReport report = trainer.Fit(images, epochs: 1);
            Assert.Equal(4, report.Steps);
            Assert.True(double.IsFinite(report.Epochs[0].Loss) && report.Epochs[0].Loss > 0, $"loss {report.Epochs[0].Loss}");
            trainer.Save(path);
            (long filled, Tensor rows) = QueueIn(path, TinySwavQueueGradCache.Trainer.ExperimentName);
            Assert.Equal(64, filled); // 4 steps of 32 projections into 64 rows
            using Tensor norms = rows.norm(2);
            Assert.True(norms.sub(1).abs().max().item<float>() < 1e-5f, "every row is a normalised projection of a step's 32 samples");
        }
        finally
        {
            images.Dispose();
            labels.Dispose();
        }
    }

    /// <summary>The queue's fill count and rows <c>[Crops, Length, Dim]</c> as a checkpoint holds them.</summary>
    private static (long Filled, Tensor Rows) QueueIn(string path, string experiment)
    {
        using StateReader reader = CheckpointFile.Read(path, experiment);
        long filled = (long)reader.Raw("objective.queue.filled");
        Tensor rows = ((Tensor)reader.Raw("objective.queue.rows")).clone();
        return (filled, rows);
    }
}
