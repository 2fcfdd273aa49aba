using System;
using System.IO;
using System.Linq;
using SslDsl.Evaluation.Health;
using SslDsl.Tests.Training.Loop;
using SslDsl.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Monitoring;

/// <summary>Fit measures label-free health on a fixed subset, warns on a collapse, and trains exactly as without it.</summary>
public sealed class HealthMonitorTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-health-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FitMeasuresHealthAtEpochEndsAndEveryNSteps()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        using var trainer = new LoopTrainer { Health = new HealthSettings(EverySteps: 3, Samples: 40) };

        PretrainReport report = trainer.Fit(images, epochs: 2); // 8 steps per epoch

        // Every third run step and every epoch end (8, 16); a step that is both is measured once, at the epoch end.
        Assert.Equal(new long[] { 3, 6, 8, 9, 12, 15, 16 }, report.HealthCurve!.Select(h => h.Step));
        Assert.Same(report.HealthCurve![2], report.Epochs[0].Health);
        Assert.Same(report.HealthCurve![6], report.Epochs[1].Health);
        foreach (EmbeddingHealth h in report.HealthCurve)
        {
            Assert.Equal(12, h.Dimensions);
            Assert.InRange(h.RankMe, 1.5, 12);
            Assert.InRange(h.SpreadRatio, 0.05, 1.0001);
            Assert.Null(h.Alignment); // LoopTrainer is not a joint-embedding trainer
        }

        Assert.All(report.Epochs, e => Assert.True(e.SamplesPerSecond > 0));
        Assert.DoesNotContain(report.Notes!, n => n.Contains("collapse", StringComparison.Ordinal));
    }

    [Fact]
    public void HealthMatchesAMeasurementOnTheSameRows()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        using var trainer = new LoopTrainer { Health = new HealthSettings(Samples: 64) }; // all rows: the choice is a permutation

        PretrainReport report = trainer.Fit(images, epochs: 1);

        // RankMe and spread do not depend on the order of the rows.
        EmbeddingHealth direct = trainer.MeasureHealth(images);
        EmbeddingHealth measured = report.Epochs[0].Health!;
        Assert.Equal(direct.RankMe, measured.RankMe, 1e-9);
        Assert.Equal(direct.DimensionStd, measured.DimensionStd, 1e-9);
        using Tensor embeddings = trainer.Embed(images).to_type(ScalarType.Float64);
        Assert.Equal(RankMe.Compute(embeddings).item<double>(), measured.RankMe, 1e-9);
    }

    [Fact]
    public void ACollapsedEncoderIsReported()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        using var trainer = new LoopTrainer();
        using (no_grad())
        {
            foreach (Parameter p in trainer.Encoder.parameters())
            {
                p.zero_(); // every sample maps to the same point, and no gradient can move it apart
            }
        }

        var messages = new System.Collections.Generic.List<string>();
        PretrainReport report = trainer.Fit(images, epochs: 2, progress: new Progress(messages));

        Assert.All(report.HealthCurve!, h => Assert.NotNull(h.CollapseSignature));
        string warning = Assert.Single(report.Notes!, n => n.Contains("possible collapse", StringComparison.Ordinal));
        Assert.StartsWith("warning: possible collapse at step 8: RankMe", warning); // once, at the first measurement
    }

    [Fact]
    public void JointEmbeddingTrainersReportAlignmentAndUniformity()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        using var trainer = new CacheTrainer(CacheObjective.NtXent, batchSize: 16, accumulationSteps: 1, noise: true, batchNorm: true);

        PretrainReport report = trainer.Fit(images, epochs: 1);

        EmbeddingHealth health = report.Epochs[0].Health!;
        Assert.InRange(health.Alignment!.Value, 1e-8, 4); // noisy views differ a little; unit vectors are at most 2 apart
        Assert.InRange(health.Uniformity!.Value, -4.1, 0);
    }

    [Fact]
    public void MeasuringHealthDoesNotChangeTraining()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        using var measured = new CacheTrainer(CacheObjective.NtXent, batchSize: 16, accumulationSteps: 1, noise: true, batchNorm: true) { Health = new HealthSettings(EverySteps: 1) };
        using var plain = new CacheTrainer(CacheObjective.NtXent, batchSize: 16, accumulationSteps: 1, noise: true, batchNorm: true) { Health = null };

        // No dropout here: it draws from the process-wide generator, which tests running in parallel share.
        PretrainReport withHealth = measured.Fit(images, epochs: 2);
        PretrainReport without = plain.Fit(images, epochs: 2);

        Assert.Equal(8, withHealth.HealthCurve!.Count);
        Assert.Empty(without.HealthCurve!);
        Assert.Equal(without.Epochs.Select(e => e.Loss), withHealth.Epochs.Select(e => e.Loss));
        foreach ((Parameter a, Parameter b) in measured.Trained.Zip(plain.Trained))
        {
            Assert.True(a.equal(b).all().item<bool>(), "a parameter differs after training with health measurements");
        }

        foreach ((Tensor a, Tensor b) in measured.Encoder.buffers().Zip(plain.Encoder.buffers()))
        {
            Assert.True(a.equal(b).all().item<bool>(), "a BatchNorm buffer differs after training with health measurements");
        }
    }

    [Fact]
    public void TheHealthCurveSurvivesACheckpoint()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        string path = Path.Combine(folder, "run.ckpt");
        Directory.CreateDirectory(folder);
        using var first = new LoopTrainer { Health = new HealthSettings(EverySteps: 5) };
        PretrainReport before = first.Fit(images, epochs: 1);
        first.Save(path);

        using var second = new LoopTrainer();
        second.Load(path);
        PretrainReport after = second.Fit(images, epochs: 2);

        Assert.Equal(before.HealthCurve, after.HealthCurve!.Take(before.HealthCurve!.Count));
        Assert.Equal(before.Epochs[0], after.Epochs[0]);
        Assert.Equal(2, after.Epochs.Count(e => e.Health is not null));
    }

    private sealed class Progress : IProgress<EpochReport>
    {
        private readonly System.Collections.Generic.List<string> sink;

        public Progress(System.Collections.Generic.List<string> sink) => this.sink = sink;

        public void Report(EpochReport value) => sink.Add($"epoch {value.Epoch}");
    }
}
