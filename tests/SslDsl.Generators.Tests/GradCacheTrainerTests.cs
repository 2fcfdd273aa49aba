using System.Reflection;
using SslDsl.Objectives;
using SslDsl.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>
/// Generated joint-embedding trainers with AccumulationSteps &gt; 1 (GradCache): 16 × 4 takes the optimizer step of
/// one batch of 64 and reports its loss; MoCo enqueues all 64 keys per view and updates its target once per step; a
/// resumed run ends as an uninterrupted one.
/// </summary>
public class GradCacheTrainerTests
{
    private readonly ITestOutputHelper output;

    public GradCacheTrainerTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<string> Objectives => new() { "SimClr", "Vicreg", "BarlowTwins" };

    private static (ISslTrainer Cached, ISslTrainer Full, nn.Module[] CachedModules, nn.Module[] FullModules) Twins(string objective)
    {
        switch (objective)
        {
            case "SimClr":
            {
                var cached = CachedSimClr.CreateTrainer();
                var full = FullSimClr.CreateTrainer();
                return (cached, full, new nn.Module[] { cached.Encoder, cached.Projector }, new nn.Module[] { full.Encoder, full.Projector });
            }

            case "Vicreg":
            {
                var cached = CachedVicreg.CreateTrainer();
                var full = FullVicreg.CreateTrainer();
                return (cached, full, new nn.Module[] { cached.Encoder, cached.Projector }, new nn.Module[] { full.Encoder, full.Projector });
            }

            default:
            {
                var cached = CachedBarlowTwins.CreateTrainer();
                var full = FullBarlowTwins.CreateTrainer();
                return (cached, full, new nn.Module[] { cached.Encoder, cached.Projector }, new nn.Module[] { full.Encoder, full.Projector });
            }
        }
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void SixteenTimesFourTakesTheStepAndReportsTheLossOfSixtyFour(string objective)
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(64, 3, 12, seed: 31);
        (ISslTrainer cached, ISslTrainer full, nn.Module[] cachedModules, nn.Module[] fullModules) = Twins(objective);
        using (cached)
        using (full)
        {
            CopyWeights(fullModules, cachedModules); // the same start, whatever other tests drew from the global generator
            Tensor[] before = Parameters(fullModules).Select(p => p.detach().clone()).ToArray();

            PretrainReport expected = full.Fit(images, epochs: 1);
            PretrainReport actual = cached.Fit(images, epochs: 1);

            Assert.Equal(1, expected.Steps);
            Assert.Equal(1, actual.Steps);
            // SGD, learning rate 1, no momentum or decay: the step is the gradient accumulated before it.
            Tensor[] fullStep = before.Zip(Parameters(fullModules), (b, p) => b.sub(p.detach())).ToArray();
            Tensor[] cachedStep = before.Zip(Parameters(cachedModules), (b, p) => b.sub(p.detach())).ToArray();
            double difference = RelativeDifference(cachedStep, fullStep);
            output.WriteLine($"{objective}: loss 64 {expected.Epochs[0].Loss:R}, 16 x 4 {actual.Epochs[0].Loss:R}; step difference {difference:E2}");
            Assert.True(difference < 1e-5, $"{objective}: the 16 × 4 step differs from the 64 one by {difference:E2}");
            Assert.Equal(expected.Epochs[0].Loss, actual.Epochs[0].Loss, 1e-5 * Math.Abs(expected.Epochs[0].Loss));
        }

        images.Dispose();
        labels.Dispose();
    }

    [Theory]
    [InlineData(SslDsl.Precision.BFloat16)]
    [InlineData(SslDsl.Precision.Float16)]
    public void InMixedPrecisionTheCachedStepFollowsTheFullBatchStep(SslDsl.Precision precision)
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(64, 3, 12, seed: 36);
        using var cached = CachedSimClr.CreateTrainer();
        using var full = FullSimClr.CreateTrainer();
        nn.Module[] cachedModules = { cached.Encoder, cached.Projector };
        nn.Module[] fullModules = { full.Encoder, full.Projector };
        CopyWeights(fullModules, cachedModules);
        cached.Precision = precision;
        full.Precision = precision;
        Tensor[] before = Parameters(fullModules).Select(p => p.detach().clone()).ToArray();

        PretrainReport expected = full.Fit(images, epochs: 1);
        PretrainReport actual = cached.Fit(images, epochs: 1);

        Assert.Equal(1, actual.Steps);
        Assert.Equal(0, cached.LossScaler.SkippedSteps); // Float16: the scaled output gradients reached the parameters and were unscaled
        Tensor[] fullStep = before.Zip(Parameters(fullModules), (b, p) => b.sub(p.detach())).ToArray();
        Tensor[] cachedStep = before.Zip(Parameters(cachedModules), (b, p) => b.sub(p.detach())).ToArray();
        double difference = RelativeDifference(cachedStep, fullStep);
        output.WriteLine($"{precision}: loss 64 {expected.Epochs[0].Loss:R}, 16 x 4 {actual.Epochs[0].Loss:R}; step difference {difference:E2}");
        Assert.True(difference < 2e-2, $"{precision}: the 16 x 4 step differs from the 64 one by {difference:E2}");
        Assert.Equal(expected.Epochs[0].Loss, actual.Epochs[0].Loss, 1e-2 * Math.Abs(expected.Epochs[0].Loss));
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void MoCoEnqueuesAllKeysOfTheStepAtOnceAndFollowsTheOnlineNetworkOnce()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(64, 3, 12, seed: 32);
        using var cached = CachedMoCo.CreateTrainer();
        using var full = FullMoCo.CreateTrainer();
        CopyWeights(
            new nn.Module[] { full.Encoder, full.Projector, full.TargetEncoder, full.TargetProjector },
            new nn.Module[] { cached.Encoder, cached.Projector, cached.TargetEncoder, cached.TargetProjector });
        KeyQueue cachedQueue = Queue(cached);
        KeyQueue fullQueue = Queue(full);
        using (no_grad())
        {
            cachedQueue.Keys.copy_(fullQueue.Keys);
        }

        using Tensor initialKeys = cachedQueue.Keys.clone();
        Tensor[] targetBefore = Parameters(new nn.Module[] { cached.TargetEncoder, cached.TargetProjector }).Select(p => p.detach().clone()).ToArray();
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(0, cachedQueue.Position); // nothing enqueued, no EMA, until the group's 4th batch
            Assert.True(Parameters(new nn.Module[] { cached.TargetEncoder, cached.TargetProjector }).Zip(targetBefore).All(p => p.First.equal(p.Second).all().item<bool>()));
            using Tensor chunk = images.narrow(0, 16 * i, 16).contiguous();
            cached.Step(chunk);
        }

        full.Step(images);

        Assert.Equal(1, cached.OptimizerSteps);
        Assert.Equal(128, cachedQueue.Position); // 64 keys of view 0, then 64 of view 1
        Assert.Equal(fullQueue.Position, cachedQueue.Position);
        Assert.True(cachedQueue.Keys.allclose(fullQueue.Keys, rtol: 1e-5, atol: 1e-6), "the keys of the 64 samples, as batch 64 enqueues them");
        Assert.True(cachedQueue.Keys.narrow(0, 128, 128).equal(initialKeys.narrow(0, 128, 128)).all().item<bool>());
        Assert.False(cachedQueue.Keys.narrow(0, 0, 128).allclose(initialKeys.narrow(0, 0, 128)));

        // One EMA update with momentum 0.9 after the one optimizer step: target = 0.9 · target₀ + 0.1 · online₁.
        Tensor[] online = Parameters(new nn.Module[] { cached.Encoder, cached.Projector }).ToArray();
        Tensor[] target = Parameters(new nn.Module[] { cached.TargetEncoder, cached.TargetProjector }).ToArray();
        for (int i = 0; i < target.Length; i++)
        {
            using Tensor expected = targetBefore[i].mul(0.9).add(online[i].detach().mul(0.1));
            Assert.True(target[i].allclose(expected, rtol: 1e-5, atol: 1e-7), $"target parameter {i}");
        }

        Assert.True(RelativeDifference(online, Parameters(new nn.Module[] { full.Encoder, full.Projector }).ToArray()) < 1e-5);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void ResumedFromACheckpointEndsEqualToAnUninterruptedRun()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(64, 3, 12, seed: 33);
        string path = Path.Combine(Path.GetTempPath(), "ssldsl-" + Guid.NewGuid().ToString("N") + ".ckpt");
        try
        {
            using var uninterrupted = CachedAugmentedSimClr.CreateTrainer();
            using (var first = CachedAugmentedSimClr.CreateTrainer())
            {
                CopyWeights(new nn.Module[] { first.Encoder, first.Projector }, new nn.Module[] { uninterrupted.Encoder, uninterrupted.Projector });
                first.Fit(images, epochs: 1);
                first.Save(path);
            }

            PretrainReport expected = uninterrupted.Fit(images, epochs: 2);
            using var resumed = CachedAugmentedSimClr.CreateTrainer(seed: 5); // another seed: the checkpoint decides
            resumed.Load(path);
            PretrainReport actual = resumed.Fit(images, epochs: 2);

            Assert.Equal(8, actual.Steps);
            Assert.Equal(expected.LossCurve, actual.LossCurve);
            Assert.Equal(expected.Epochs.Select(e => e.Loss), actual.Epochs.Select(e => e.Loss));
            foreach ((Tensor a, Tensor b) in Parameters(new nn.Module[] { uninterrupted.Encoder, uninterrupted.Projector })
                .Zip(Parameters(new nn.Module[] { resumed.Encoder, resumed.Projector })))
            {
                Assert.True(a.equal(b).all().item<bool>());
            }
        }
        finally
        {
            File.Delete(path);
            images.Dispose();
            labels.Dispose();
        }
    }

    [Fact]
    public void MultiCropAndSimSiamTrainWithCachedGradients()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(48, 3, 12, seed: 34);
        using var multiCrop = CachedMultiCropByol.CreateTrainer();
        using var simSiam = CachedSimSiam.CreateTrainer();
        Tensor[] before = Parameters(new nn.Module[] { simSiam.Encoder, simSiam.Projector, simSiam.Predictor }).Select(p => p.detach().clone()).ToArray();

        PretrainReport crops = multiCrop.Fit(images, epochs: 1);
        PretrainReport siamese = simSiam.Fit(images, epochs: 1);

        Assert.Equal(3, crops.Steps); // 6 batches of 8, 2 per step
        Assert.Equal(2, siamese.Steps); // 6 batches of 8, 3 per step
        Assert.True(double.IsFinite(crops.Epochs[0].Loss) && double.IsFinite(siamese.Epochs[0].Loss));
        // Every trained module moved: the encoder and projector through the predictions, the predictor itself.
        Tensor[] after = Parameters(new nn.Module[] { simSiam.Encoder, simSiam.Projector, simSiam.Predictor }).ToArray();
        Assert.All(before.Zip(after), p => Assert.False(p.First.equal(p.Second.detach()).all().item<bool>()));
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void CachedStepsLeakNoTensors()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(16, 3, 12, seed: 35);
        using var trainer = CachedMoCo.CreateTrainer();
        for (int i = 0; i < 4; i++)
        {
            trainer.Step(images); // one optimizer step: warms up the optimizer state
        }

        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 8; i++)
        {
            trainer.Step(images);
        }

        Assert.Equal(2 + 1, trainer.OptimizerSteps);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        images.Dispose();
        labels.Dispose();
    }

    private static KeyQueue Queue(object trainer) =>
        ((MoCoLoss)trainer.GetType().GetField("objective", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(trainer)!).Queue;

    private static IEnumerable<Tensor> Parameters(IEnumerable<nn.Module> modules) => modules.SelectMany(m => m.parameters());

    private static void CopyWeights(nn.Module[] from, nn.Module[] to)
    {
        using var noGrad = no_grad();
        foreach ((Tensor source, Tensor target) in Parameters(from).Zip(Parameters(to)))
        {
            target.copy_(source);
        }
    }

    /// <summary>‖a − b‖ / ‖b‖ over all tensors together.</summary>
    private static double RelativeDifference(Tensor[] actual, Tensor[] expected)
    {
        using var scope = NewDisposeScope();
        Tensor a = cat(actual.Select(t => t.detach().flatten()).ToArray()).to_type(float64);
        Tensor b = cat(expected.Select(t => t.detach().flatten()).ToArray()).to_type(float64);
        return a.sub(b).norm().item<double>() / b.norm().item<double>();
    }
}
