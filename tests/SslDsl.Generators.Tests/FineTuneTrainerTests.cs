using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>The generated FineTune method: the [FineTune] settings reach the runtime and the model learns the labels.</summary>
public class FineTuneTrainerTests
{
    [Fact]
    public void FineTuningAfterPretrainingLearnsTheLabels()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(384, 3, 12, seed: 41);
        using var trainer = TinyRotation.CreateTrainer();
        trainer.Fit(images.narrow(0, 0, 256), epochs: 2);
        using FineTuneResult result = trainer.FineTune(
            images.narrow(0, 0, 256), labels.narrow(0, 0, 256), images.narrow(0, 256, 64), labels.narrow(0, 256, 64), classes: 4);
        FineTuneEvaluation test = result.Evaluate(images.narrow(0, 320, 64), labels.narrow(0, 320, 64));
        Assert.True(test.Top1 > 0.8, $"fine-tuned top-1 {test.Top1} (chance 0.25)");
        Assert.Equal(SslDefaults.FineTuneHeadMultiplier * SslDefaults.FineTuneLearningRate, result.History[0].HeadLearningRate, 12);
        Assert.Same(trainer.Encoder, result.Encoder); // fine-tuned in place
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void FineTuneAttributeSettingsAreUsed()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(192, 3, 12, seed: 42);
        using var trainer = TinyFrozenFineTune.CreateTrainer();
        Tensor[] before = trainer.Encoder.parameters().Select(p => p.detach().clone()).ToArray();
        using FineTuneResult result = trainer.FineTune(images.narrow(0, 0, 128), labels.narrow(0, 0, 128), images.narrow(0, 128, 64), labels.narrow(0, 128, 64), classes: 4);
        Assert.InRange(result.EpochsRun, 1, 6); // Epochs = 6
        Assert.Equal(0.0, result.History[0].BackboneLearningRate); // BackboneLearningRateMultiplier = 0
        Assert.Equal(3e-3 * SslDefaults.FineTuneHeadMultiplier, result.History[0].HeadLearningRate, 12);
        foreach ((Tensor a, Tensor b) in before.Zip(trainer.Encoder.parameters()))
        {
            Assert.True(a.equal(b).all().item<bool>()); // frozen
        }

        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void LayerDecayWarmupAndLabelSmoothingReachTheSettingsAndTheRun()
    {
        // [FineTune(LearningRate = 2e-3, Epochs = 3, Patience = 3, LayerDecay = 0.75, WarmupEpochs = 1, LabelSmoothing = 0.1)]
        FineTuneOptions options = TinyLayerDecayFineTune.Trainer.ExperimentSettings.FineTune;
        Assert.Equal(new FineTuneOptions(2e-3, SslDefaults.FineTuneHeadMultiplier, SslDefaults.FineTuneBackboneMultiplier, 3, 3, LayerDecay: 0.75, WarmupEpochs: 1, LabelSmoothing: 0.1), options);
        Assert.Equal(new SslDsl.Training.LinearProbeSettings(30, 1e-2, WeightDecaySweep: true), TinyLayerDecayFineTune.Trainer.ExperimentSettings.LinearProbe);

        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(192, 3, 12, seed: 43);
        using var trainer = TinyLayerDecayFineTune.CreateTrainer();
        using FineTuneResult result = trainer.FineTune(images.narrow(0, 0, 128), labels.narrow(0, 0, 128), images.narrow(0, 128, 64), labels.narrow(0, 128, 64), classes: 4);

        // ConvNet with three stages: head, then layers 1-3 at 2e-3 × 0.75^(3 - l)
        Assert.Equal(new[] { "head", "encoder layer 1", "encoder layer 2", "encoder layer 3" }, result.ParameterGroups.Select(g => g.Name));
        Assert.All(result.ParameterGroups.Zip(new[] { 2e-2, 2e-3 * 0.5625, 2e-3 * 0.75, 2e-3 }), p => Assert.Equal(p.Second, p.First.LearningRate, 15));
        // 2 steps per epoch (128 / 64), 2 warm-up steps: epoch 1 starts at half the rate, epoch 2 at the peak
        Assert.Equal(2e-2 * 0.5, result.History[0].HeadLearningRate, 15);
        Assert.Equal(2e-2, result.History[1].HeadLearningRate, 15);
        Assert.All(result.History, e => Assert.True(double.IsFinite(e.TrainLoss) && e.TrainTop1 is >= 0 and <= 1));

        IReadOnlyList<LinearProbeResult> probes = trainer.LinearProbe(images.narrow(0, 0, 128), labels.narrow(0, 0, 128), images.narrow(0, 128, 64), labels.narrow(0, 128, 64), 4, new[] { 0.25, 1.0 });
        Assert.Equal(new[] { 32, 128 }, probes.Select(p => p.TrainSamples));
        Assert.All(probes, p => Assert.NotNull(p.Sweep)); // WeightDecaySweep = true
        Assert.Equal(1e-2 * 1e-2, probes[1].Sweep!.WeightDecays[0], 15);
        images.Dispose();
        labels.Dispose();
    }
}
