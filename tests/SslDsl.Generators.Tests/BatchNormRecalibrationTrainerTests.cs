using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>A generated trainer's RecalibrateBatchNorm: the encoder's statistics become those of the given (clean) data.</summary>
public sealed class BatchNormRecalibrationTrainerTests
{
    /// <summary>
    /// Recalibrated on the data in one batch, the eval-mode encoder normalises with that batch's statistics, as the
    /// train-mode forward of the same batch does (up to the unbiased variance's n/(n-1), with n ≥ 64·9 rows per channel).
    /// Before, its statistics were those of pretraining's augmented views, and the two disagreed.
    /// </summary>
    [Fact]
    public void AfterRecalibrationEvalEmbeddingsMatchTheBatchStatisticsOfTheData()
    {
        (Tensor images, _) = GeneratedTrainerTests.PatternData(64, 3, 12, seed: 8);
        using var trainer = TinyMonitoredSimClr.CreateTrainer();
        trainer.Fit(images, epochs: 1);
        double before = TrainModeGap(trainer, images);

        int layers = trainer.RecalibrateBatchNorm(images, batchSize: 64);

        double after = TrainModeGap(trainer, images);
        Assert.Equal(2, layers); // ConvNet 16, 32: the projector's batch norm is not the encoder's
        Assert.True(after < 2e-3, $"eval embeddings differ from the batch-statistics forward by {after} after recalibration");
        Assert.True(before > 50 * after, $"before recalibration the gap was only {before} (after: {after})");
    }

    [Fact]
    public void DataOfAnotherShapeIsRefusedWithTheExperimentNamed()
    {
        using var trainer = TinyMonitoredSimClr.CreateTrainer();
        var error = Assert.ThrowsAny<ArgumentException>(() => trainer.RecalibrateBatchNorm(rand(8, 1, 12, 12)));
        Assert.Contains(nameof(TinyMonitoredSimClr), error.Message);
    }

    /// <summary>Largest difference between eval-mode embeddings and the train-mode (batch statistics) forward of the whole batch.</summary>
    private static double TrainModeGap(SslTrainer trainer, Tensor images)
    {
        using var scope = NewDisposeScope();
        Tensor eval = trainer.Embed(images);
        var encoder = ((TinyMonitoredSimClr.Trainer)trainer).Encoder;
        var buffers = encoder.named_buffers().Select(b => (b.name, b.buffer.clone())).ToArray();
        encoder.train();
        Tensor batchStatistics;
        using (no_grad())
        {
            batchStatistics = encoder.call(InputTensors.ToDevice(images, CPU)); // as Embed feeds it
        }

        foreach ((string name, Tensor value) in buffers)
        {
            encoder.get_buffer(name)!.copy_(value); // the train-mode forward moved the running statistics: put them back
        }

        encoder.eval();
        return eval.sub(batchStatistics).abs().max().item<float>();
    }
}
