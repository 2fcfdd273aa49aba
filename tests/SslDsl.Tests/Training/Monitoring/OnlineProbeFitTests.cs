using System;
using System.IO;
using System.Linq;
using SslDsl.Tests.Training.Loop;
using SslDsl.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Monitoring;

/// <summary>Fit trains the online probe on the step's features, reports it per epoch, checkpoints it, and leaves training as it was.</summary>
public sealed class OnlineProbeFitTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-probe-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ItLearnsFromAFractionOfTheLabels()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64);
        (Tensor testImages, Tensor testLabels) = LoopTrainer.Data(200, seed: 11);
        using var trainer = new LoopTrainer { OnlineProbe = new OnlineProbeSettings(LearningRate: 0.05) };

        PretrainReport report = trainer.Fit(images, epochs: 3, probe: new OnlineProbeData(HalfLabelled(labels), testImages, testLabels, 2));

        Assert.All(report.Epochs, e => Assert.NotNull(e.OnlineProbeTop1));
        Assert.True(report.Epochs[^1].OnlineProbeTop1 > 0.8, $"online probe top-1 {report.Epochs[^1].OnlineProbeTop1}");
        Assert.Equal(24, trainer.OnlineProbeClassifier!.Steps); // one step per batch
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)] // GradCache: the features of its first pass, once per batch
    public void JointEmbeddingTrainersFeedItTheirFeaturesAndTrainAsWithoutIt(int accumulationSteps)
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64);
        (Tensor testImages, Tensor testLabels) = LoopTrainer.Data(100, seed: 11);
        using var probed = new CacheTrainer(CacheObjective.NtXent, batchSize: 16 / accumulationSteps * 2, accumulationSteps: accumulationSteps, noise: true, batchNorm: true)
        {
            OnlineProbe = new OnlineProbeSettings(LearningRate: 0.05),
        };
        using var plain = new CacheTrainer(CacheObjective.NtXent, batchSize: 16 / accumulationSteps * 2, accumulationSteps: accumulationSteps, noise: true, batchNorm: true);

        PretrainReport withProbe = probed.Fit(images, epochs: 2, probe: new OnlineProbeData(HalfLabelled(labels), testImages, testLabels, 2));
        PretrainReport without = plain.Fit(images, epochs: 2);

        Assert.Equal(2 * 64 / (16 / accumulationSteps * 2), probed.OnlineProbeClassifier!.Steps);
        using (Tensor testFeatures = probed.Embed(testImages))
        {
            Assert.Equal(probed.OnlineProbeClassifier.Top1(testFeatures, testLabels), withProbe.Epochs[^1].OnlineProbeTop1);
        }

        Assert.Equal(without.Epochs.Select(e => e.Loss), withProbe.Epochs.Select(e => e.Loss));
        foreach ((Parameter a, Parameter b) in probed.Trained.Zip(plain.Trained))
        {
            Assert.True(a.equal(b).all().item<bool>(), "a parameter differs after training with the online probe");
        }
    }

    [Fact]
    public void AResumedRunContinuesTheProbe()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64);
        (Tensor testImages, Tensor testLabels) = LoopTrainer.Data(100, seed: 11);
        var probe = new OnlineProbeData(HalfLabelled(labels), testImages, testLabels, 2);
        var settings = new OnlineProbeSettings(LearningRate: 0.05);
        string path = Path.Combine(folder, "run.ckpt");
        Directory.CreateDirectory(folder);

        using var uninterrupted = new LoopTrainer { OnlineProbe = settings };
        PretrainReport expected = uninterrupted.Fit(images, epochs: 2, probe: probe);
        using (var first = new LoopTrainer { OnlineProbe = settings })
        {
            first.Fit(images, epochs: 1, probe: probe);
            first.Save(path);
        }

        using var resumed = new LoopTrainer { OnlineProbe = settings };
        resumed.Load(path);
        PretrainReport actual = resumed.Fit(images, epochs: 2, probe: probe);

        Assert.Equal(expected.Epochs.Select(e => e.OnlineProbeTop1), actual.Epochs.Select(e => e.OnlineProbeTop1));
        Assert.Equal(uninterrupted.OnlineProbeClassifier!.Steps, resumed.OnlineProbeClassifier!.Steps);
        Assert.True(uninterrupted.OnlineProbeClassifier.Parameters.Weight.equal(resumed.OnlineProbeClassifier.Parameters.Weight).all().item<bool>());
    }

    [Fact]
    public void BadProbeDataIsNamed()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64);
        (Tensor testImages, Tensor testLabels) = LoopTrainer.Data(20, seed: 11);
        using var withoutAttribute = new LoopTrainer();
        var missing = Assert.Throws<ArgumentException>(() => withoutAttribute.Fit(images, epochs: 1, probe: new OnlineProbeData(labels, testImages, testLabels, 2)));
        Assert.Contains("add [OnlineProbe]", missing.Message);

        using var trainer = new LoopTrainer { OnlineProbe = new OnlineProbeSettings() };
        var shortLabels = Assert.Throws<ArgumentException>(() => trainer.Fit(images, epochs: 1, probe: new OnlineProbeData(labels.narrow(0, 0, 10), testImages, testLabels, 2)));
        Assert.Contains("one label per training row (64)", shortLabels.Message);
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(images, epochs: 1, probe: new OnlineProbeData(labels.add(1), testImages, testLabels, 2)));
        Assert.Contains("[0, 2)", outOfRange.Message);
        var none = Assert.Throws<ArgumentException>(() => trainer.Fit(images, epochs: 1, probe: new OnlineProbeData(full(64, -1L), testImages, testLabels, 2)));
        Assert.Contains("labels no row", none.Message);
        Assert.Equal(0, trainer.OptimizerSteps); // checked before any training
    }

    /// <summary>The labels of the even rows; -1 for the odd ones.</summary>
    private static Tensor HalfLabelled(Tensor labels) => labels.clone().index_fill_(0, arange(1, labels.shape[0], 2), -1);
}
