using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>Generated trainers of the joint-embedding objectives, trained for real on the CPU.</summary>
public class JointEmbeddingTrainerTests
{
    public static TheoryData<string> Objectives => new() { "Byol", "SimSiam", "BarlowTwins", "Vicreg", "MoCoV3", "Nnclr" }; // DINO: see DinosTeacherFollows… (its loss need not fall: the teacher moves, and centring keeps it from collapsing onto the 4 patterns)

    private static ISslTrainer Create(string objective, int seed = 0) => objective switch
    {
        "Byol" => TinyByol.CreateTrainer(seed: seed),
        "SimSiam" => TinySimSiam.CreateTrainer(seed: seed),
        "BarlowTwins" => TinyBarlowTwins.CreateTrainer(seed: seed),
        "Vicreg" => TinyVicreg.CreateTrainer(seed: seed),
        "MoCoV2" => TinyMoCoV2.CreateTrainer(seed: seed),
        "MoCoV3" => TinyMoCoV3.CreateTrainer(seed: seed),
        "Nnclr" => TinyNnclr.CreateTrainer(seed: seed),
        "Dino" => TinyDino.CreateTrainer(seed: seed),
        _ => throw new ArgumentOutOfRangeException(nameof(objective)),
    };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void FitReducesTheLoss(string objective)
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(256, 3, 12, seed: 21);
        using ISslTrainer trainer = Create(objective);
        PretrainReport report = trainer.Fit(images, epochs: 5);
        Assert.All(report.Epochs, e => Assert.True(double.IsFinite(e.Loss), $"{objective}: loss {e.Loss}"));
        Assert.True(report.Epochs[^1].Loss < report.Epochs[0].Loss, $"{objective}: loss {report.Epochs[0].Loss} -> {report.Epochs[^1].Loss}");
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void MoCoV2TrainsWithItsQueue()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(256, 3, 12, seed: 22);
        using var trainer = TinyMoCoV2.CreateTrainer();
        PretrainReport report = trainer.Fit(images, epochs: 3);
        Assert.Equal(24, report.Steps);
        Assert.All(report.Epochs, e => Assert.True(double.IsFinite(e.Loss)));
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void MoCoWithoutProjectorUsesTheEncoderAsTarget()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(128, 3, 12, seed: 26);
        using var trainer = TinyMoCoWithoutProjector.CreateTrainer();
        PretrainReport report = trainer.Fit(images, epochs: 1);
        Assert.True(double.IsFinite(report.Epochs[0].Loss));
        Tensor online = trainer.Encoder.parameters().First();
        Tensor target = trainer.TargetEncoder.parameters().First();
        Assert.False(target.allclose(online)); // followed by EMA, not copied
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void ByolTargetFollowsTheOnlineNetworkByEma()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(64, 3, 12, seed: 23);
        using var trainer = TinyByol.CreateTrainer();
        Tensor online = trainer.Encoder.parameters().First();
        Tensor target = trainer.TargetEncoder.parameters().First();
        Assert.True(online.equal(target).all().item<bool>()); // starts as a copy
        Assert.False(target.requires_grad);

        using Tensor batch = images.narrow(0, 0, 32).contiguous();
        using Tensor targetBefore = target.detach().clone();
        trainer.Step(batch);
        // Step never ran Fit, so the cosine schedule has not started: momentum = MomentumStart = 0.9.
        using Tensor expected = targetBefore.mul(0.9).add(online.detach().mul(0.1));
        Assert.True(target.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.False(target.allclose(online));
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void CheckpointRestoresPredictorAndTargetNetwork()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(64, 3, 12, seed: 24);
        string path = Path.Combine(Path.GetTempPath(), "ssldsl-" + Guid.NewGuid().ToString("N") + ".ckpt");
        using var trained = TinyByol.CreateTrainer(seed: 1);
        trained.Fit(images, epochs: 1);
        trained.Save(path);
        using var restored = TinyByol.CreateTrainer(seed: 2);
        restored.Load(path);
        foreach ((Tensor a, Tensor b) in trained.TargetEncoder.parameters().Zip(restored.TargetEncoder.parameters())
            .Concat(trained.Predictor.parameters().Zip(restored.Predictor.parameters())))
        {
            Assert.True(a.equal(b).all().item<bool>());
        }

        File.Delete(path);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void CheckpointRestoresTheMoCoQueue()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(128, 3, 12, seed: 27);
        string path = Path.Combine(Path.GetTempPath(), "ssldsl-" + Guid.NewGuid().ToString("N") + ".ckpt");
        try
        {
            using var trained = TinyMoCoV2.CreateTrainer(seed: 1);
            trained.Fit(images, epochs: 1);
            trained.Save(path);
            using var restored = TinyMoCoV2.CreateTrainer(seed: 2);
            restored.Load(path);

            // Resuming must continue exactly: one more epoch on both gives the same loss and weights only if weights,
            // optimizer state, counters, the random state and the queue of negatives were all restored.
            PretrainReport continued = trained.Fit(images, epochs: 1);
            PretrainReport resumed = restored.Fit(images, epochs: 1);
            Assert.Equal(continued.Epochs[0].Loss, resumed.Epochs[0].Loss, 5);
            foreach ((Tensor a, Tensor b) in trained.Encoder.parameters().Zip(restored.Encoder.parameters()))
            {
                Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-6));
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
    public void ACheckpointRestoresNnclrsSupportSet()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(128, 3, 12, seed: 28);
        using var trained = TinyNnclr.CreateTrainer(seed: 1);
        trained.Fit(images, epochs: 1);
        using var restored = TinyNnclr.CreateTrainer(seed: 2); // another seed: another random support set to start from

        // Resuming continues exactly only if the support set (the neighbours) was restored with everything else.
        AssertResumesExactly(trained, restored, images);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void DinosTeacherFollowsTheStudentByEmaAndACheckpointRestoresItsCentre()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(128, 3, 12, seed: 29);
        using var trained = TinyDino.CreateTrainer(seed: 1);
        Tensor student = trained.Projector.parameters().First(), teacher = trained.TargetProjector.parameters().First();
        Assert.True(student.equal(teacher).all().item<bool>()); // the teacher starts as a copy of the student's head
        Assert.False(teacher.requires_grad);
        PretrainReport first = trained.Fit(images, epochs: 1);
        Assert.True(double.IsFinite(first.Epochs[0].Loss) && first.Epochs[0].Loss > 0, $"loss {first.Epochs[0].Loss}");
        Assert.False(student.allclose(teacher), "after training, the teacher lags the student (EMA)");
        using var restored = TinyDino.CreateTrainer(seed: 2);

        // Resuming continues exactly only if the teacher and its centre were restored with everything else.
        AssertResumesExactly(trained, restored, images);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void DinosTeacherSeesTheGlobalCropsOnlyWithAndWithoutGradCache()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(64, 3, 12, seed: 31);
        using var plain = TinyDino.CreateTrainer(seed: 1);
        using var cached = TinyDinoGradCache.CreateTrainer(seed: 1);
        PretrainReport a = plain.Fit(images, epochs: 1);
        PretrainReport b = cached.Fit(images, epochs: 1);
        Assert.True(double.IsFinite(a.Epochs[0].Loss) && a.Epochs[0].Loss > 0, $"loss {a.Epochs[0].Loss}");
        Assert.True(double.IsFinite(b.Epochs[0].Loss) && b.Epochs[0].Loss > 0, $"loss {b.Epochs[0].Loss}");
        Assert.Equal(2, b.Steps); // 64 images, 2 batches of 16 per optimizer step
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void SwavsPrototypesStayFrozenForTheirStepsThenLearnAndResumeExactly()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(128, 3, 12, seed: 30);
        try
        {
            using var trainer = TinySwav.CreateTrainer(seed: 1);
            Tensor prototypes = trainer.Projector.Prototypes;
            using Tensor unit = nn.functional.normalize(prototypes.detach(), dim: 1);
            Tensor firstLayer = trainer.Encoder.parameters().First();
            using Tensor encoderBefore = firstLayer.detach().clone();
            for (int i = 0; i < 3; i++)
            {
                using Tensor batch = images.narrow(0, i * 32, 32).contiguous();
                trainer.Step(batch);
            }

            // 3 frozen steps: the forward put the prototypes on the unit sphere, and the optimizer left them there.
            Assert.True(prototypes.sub(unit).abs().max().item<float>() < 1e-6f, "frozen prototypes moved");
            Assert.False(firstLayer.allclose(encoderBefore), "the encoder trains meanwhile");
            using (Tensor batch = images.narrow(0, 96, 32).contiguous())
            {
                trainer.Step(batch);
            }

            Assert.True(prototypes.sub(unit).abs().max().item<float>() > 1e-5f, "after their frozen steps the prototypes learn");

            // Resume: the prototypes' freeze follows the optimizer's step count, which the checkpoint holds.
            using var fresh = TinySwav.CreateTrainer(seed: 1);
            fresh.Fit(images, epochs: 1);
            using var restored = TinySwav.CreateTrainer(seed: 2);
            AssertResumesExactly(fresh, restored, images);
        }
        finally
        {
            images.Dispose();
            labels.Dispose();
        }
    }

    /// <summary>
    /// Saves <paramref name="trained"/>, loads the file into <paramref name="restored"/> (the same experiment built with
    /// another seed), trains both one more epoch: their losses agree only if everything the run depends on was restored.
    /// </summary>
    private static void AssertResumesExactly(SslTrainer trained, SslTrainer restored, Tensor images)
    {
        string path = Path.Combine(Path.GetTempPath(), "ssldsl-" + Guid.NewGuid().ToString("N") + ".ckpt");
        try
        {
            trained.Save(path);
            restored.Load(path);
            PretrainReport continued = trained.Fit(images, epochs: 1);
            PretrainReport resumed = restored.Fit(images, epochs: 1);
            Assert.True(double.IsFinite(continued.Epochs[0].Loss), $"loss {continued.Epochs[0].Loss}");
            Assert.Equal(continued.Epochs[0].Loss, resumed.Epochs[0].Loss, 5);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StepLeaksNoTensorsWithATargetNetwork()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(32, 3, 12, seed: 25);
        using var trainer = TinyMoCoV2.CreateTrainer();
        trainer.Step(images);
        trainer.Step(images);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 4; i++)
        {
            trainer.Step(images);
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        images.Dispose();
        labels.Dispose();
    }
}
