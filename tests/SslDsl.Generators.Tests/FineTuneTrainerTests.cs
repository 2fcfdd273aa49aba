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
}
