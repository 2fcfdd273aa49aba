using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>Generated trainers of the single-view pretext tasks, the new encoders and view arrangements, trained for real on the CPU.</summary>
public class PretextTrainerTests
{
    public static TheoryData<string> Experiments => new()
    {
        "Mae", "DenoisingAutoencoder", "Rotation", "Mlm", "FutureWindow", "MaskedStream",
        "SequenceSimClr", "CustomEncoder", "MultiCropByol", "ThreeViewBarlowTwins", "VitMoCoV3",
    };

    private static ISslTrainer Create(string experiment) => experiment switch
    {
        "Mae" => TinyMae.CreateTrainer(),
        "DenoisingAutoencoder" => TinyDenoisingAutoencoder.CreateTrainer(),
        "Rotation" => TinyRotation.CreateTrainer(),
        "Mlm" => TinyMlm.CreateTrainer(),
        "FutureWindow" => TinyFutureWindow.CreateTrainer(),
        "MaskedStream" => TinyMaskedStream.CreateTrainer(),
        "SequenceSimClr" => TinySequenceSimClr.CreateTrainer(),
        "CustomEncoder" => TinyCustomEncoder.CreateTrainer(),
        "MultiCropByol" => TinyMultiCropByol.CreateTrainer(),
        "ThreeViewBarlowTwins" => TinyThreeViewBarlowTwins.CreateTrainer(),
        "VitMoCoV3" => TinyVitMoCoV3.CreateTrainer(),
        _ => throw new ArgumentOutOfRangeException(nameof(experiment)),
    };

    /// <summary>Data of the experiment's input kind: (inputs, labels, embedding width).</summary>
    private static (Tensor Data, Tensor Labels, int Dim) DataFor(string experiment, int count, int seed) => experiment switch
    {
        "Mae" or "MultiCropByol" or "VitMoCoV3" => With(GeneratedTrainerTests.PatternData(count, 3, 16, seed), 32),
        "DenoisingAutoencoder" => With(GeneratedTrainerTests.PatternData(count, 1, 12, seed), 32),
        "Rotation" or "ThreeViewBarlowTwins" => With(GeneratedTrainerTests.PatternData(count, 3, 12, seed), 32),
        "CustomEncoder" => With(GeneratedTrainerTests.PatternData(count, 3, 12, seed), 16),
        "Mlm" => With(SequenceData.Tokens(count, 16, 40, seed), 32),
        "FutureWindow" => With(SequenceData.Waves(count, 3, 32, seed), 16),
        "MaskedStream" => With(SequenceData.Waves(count, 3, 32, seed), 32),
        "SequenceSimClr" => With(SequenceData.Waves(count, 2, 24, seed), 32),
        _ => throw new ArgumentOutOfRangeException(nameof(experiment)),
    };

    private static (Tensor, Tensor, int) With((Tensor Data, Tensor Labels) data, int dim) => (data.Data, data.Labels, dim);

    [Theory]
    [MemberData(nameof(Experiments))]
    public void FitReducesTheLossAndEmbeds(string experiment)
    {
        (Tensor data, Tensor labels, int dim) = DataFor(experiment, 256, seed: 31);
        using ISslTrainer trainer = Create(experiment);
        PretrainReport report = trainer.Fit(data, epochs: 5);
        Assert.Equal(5 * (256 / 32), report.Steps);
        Assert.All(report.Epochs, e => Assert.True(double.IsFinite(e.Loss), $"{experiment}: loss {e.Loss}"));
        Assert.True(report.Epochs[^1].Loss < report.Epochs[0].Loss, $"{experiment}: loss {report.Epochs[0].Loss} -> {report.Epochs[^1].Loss}");

        using Tensor embeddings = trainer.Embed(data.narrow(0, 0, 40));
        Assert.Equal(new long[] { 40, dim }, embeddings.shape);
        Assert.True(embeddings.isfinite().all().item<bool>());
        data.Dispose();
        labels.Dispose();
    }

    [Theory]
    [MemberData(nameof(Experiments))]
    public void StepLeaksNoTensors(string experiment)
    {
        (Tensor data, Tensor labels, _) = DataFor(experiment, 32, seed: 32);
        using ISslTrainer trainer = Create(experiment);
        using Tensor batch = InputTensors.ToDevice(data, CPU);
        trainer.Step(batch);
        trainer.Step(batch);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++)
        {
            trainer.Step(batch);
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        data.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void MlmLearnsTheTokenPatternBeyondChance()
    {
        // Tokens follow t[i+1] = t[i] + k (mod 36, offset by the 4 special ids): a trained model predicts a masked
        // token from its neighbours, so the loss must fall far below the uniform guess ln(36) = 3.58.
        (Tensor tokens, Tensor labels) = SequenceData.Tokens(512, 16, 40, seed: 33);
        using var trainer = TinyMlm.CreateTrainer();
        PretrainReport report = trainer.Fit(tokens, epochs: 8);
        Assert.True(report.Epochs[^1].Loss < 0.6 * Math.Log(36), $"MLM loss {report.Epochs[0].Loss} -> {report.Epochs[^1].Loss}");
        tokens.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void FutureWindowEmbedsTheContextItWasTrainedOn()
    {
        Assert.Equal(24, TinyFutureWindow.Trainer.EncoderLength);
        Assert.Equal(8, TinyFutureWindow.Trainer.Horizon);
        (Tensor windows, Tensor labels) = SequenceData.Waves(40, 3, 32, seed: 34);
        using var trainer = TinyFutureWindow.CreateTrainer();
        using Tensor full = trainer.Embed(windows);
        // The last Horizon steps must not influence the embedding: the encoder sees the context only.
        using Tensor changed = windows.clone();
        changed.narrow(2, 24, 8).fill_(5.0f);
        using Tensor again = trainer.Embed(changed);
        Assert.True(full.allclose(again));
        windows.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void InputsOfTheWrongKindAreRejectedWithTheExpectedShape()
    {
        using var mlm = TinyMlm.CreateTrainer();
        using Tensor floats = zeros(64, 16);
        var tokens = Assert.Throws<ArgumentException>(() => mlm.Fit(floats, epochs: 1));
        Assert.Contains("token ids", tokens.Message);
        Assert.Contains("[N, 16]", tokens.Message);

        using var stream = TinyMaskedStream.CreateTrainer();
        using Tensor images = zeros(64, 3, 32, 32);
        var windows = Assert.Throws<ArgumentException>(() => stream.Fit(images, epochs: 1));
        Assert.Contains("[N, 3, 32]", windows.Message);
    }

    [Fact]
    public void UserAugmentationRunsOncePerStepOnAllViews()
    {
        (Tensor windows, Tensor labels) = SequenceData.Waves(64, 2, 24, seed: 35);
        using var trainer = TinySequenceSimClr.CreateTrainer();
        trainer.Health = null; // its alignment measurement augments two views of its rows once more per epoch
        int before = TinySequenceSimClr.NoiseCalls;
        trainer.Fit(windows, epochs: 1);
        Assert.Equal(2, TinySequenceSimClr.NoiseCalls - before); // 64 / 32 batches, one call on the stacked views each
        windows.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void MultiCropDrawsGlobalAndLocalViews()
    {
        Assert.Equal(4, TinyMultiCropByol.Trainer.ViewCount);
        Assert.Equal(2, TinyMultiCropByol.Trainer.GlobalViews);
        Assert.Equal(2, TinyMultiCropByol.Trainer.LocalViews);
    }

    [Fact]
    public void CustomEncoderIsTheUsersModule()
    {
        using var trainer = TinyCustomEncoder.CreateTrainer();
        Assert.IsType<SmallUserEncoder>(trainer.Encoder);
        Assert.Equal(16, TinyCustomEncoder.Trainer.EncoderOutputDim);
    }

    [Fact]
    public void CheckpointRestoresTheMaeDecoder()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(64, 3, 16, seed: 36);
        string path = Path.Combine(Path.GetTempPath(), $"mae-{Guid.NewGuid():N}.ckpt");
        try
        {
            using var trained = TinyMae.CreateTrainer();
            trained.Fit(images, epochs: 1);
            trained.Save(path);
            using var restored = TinyMae.CreateTrainer(seed: 99);
            restored.Load(path);
            Tensor[] expected = trained.Head.parameters().ToArray();
            Tensor[] actual = restored.Head.parameters().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(expected[i].equal(actual[i]).all().item<bool>());
            }

            Assert.Equal(trained.OptimizerSteps, restored.OptimizerSteps);
        }
        finally
        {
            File.Delete(path);
            images.Dispose();
            labels.Dispose();
        }
    }
}
