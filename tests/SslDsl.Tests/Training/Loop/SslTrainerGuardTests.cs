using System;
using System.IO;
using System.Linq;
using SslDsl.Training;
using SslDsl.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

/// <summary>Bad data, diverging runs and bad checkpoints end in clear errors and leave the trainer whole.</summary>
public sealed class SslTrainerGuardTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-guard-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ANaNPixelIsNamedBeforeTraining()
    {
        (Tensor images, _) = LoopTrainer.Data();
        images[37, 0, 2, 1] = float.NaN;
        using var trainer = new LoopTrainer();

        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(images, epochs: 1));

        Assert.Equal("data", ex.ParamName);
        Assert.StartsWith("data holds 1 non-finite value(s) (NaN or ±Inf) in 1 of 64 sample(s); the first is sample 37", ex.Message);
        Assert.Equal(0, trainer.OptimizerSteps);
        images.Dispose();
    }

    [Fact]
    public void DivergenceStopsWithTheEpochAndStepAndRestoresTheLastFiniteState()
    {
        (Tensor images, _) = LoopTrainer.Data();
        using var trainer = new LoopTrainer(logEverySteps: 3) { PoisonFromStep = 10 };
        trainer.Fit(images, epochs: 1); // 8 steps: windows close at steps 3 and 6, the epoch at 8

        var ex = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(images, epochs: 3));

        Assert.Equal(2, ex.Epoch);
        Assert.Equal(12, ex.Step); // the window of steps 10-12 is where the NaN shows
        Assert.Equal(9, ex.RestoredStep); // the last window that was finite ended at step 9
        Assert.Contains("the training loss became NaN in epoch 2, by optimizer step 12", ex.Message);
        Assert.Contains("restored to its last finite state, at optimizer step 9", ex.Message);
        Assert.Equal(9, trainer.OptimizerSteps);
        Assert.All(trainer.Encoder.parameters().Concat(trainer.Projector.parameters()), p => Assert.True(p.isfinite().all().item<bool>()));

        // The restored state is a clean run's after 9 steps.
        using var cancel = new System.Threading.CancellationTokenSource();
        using var clean = new LoopTrainer(logEverySteps: 3) { OnStep = step => { if (step == 9) cancel.Cancel(); } };
        clean.Fit(images, epochs: 1);
        clean.Fit(images, epochs: 3, cancellationToken: cancel.Token);
        SslTrainerResumeTests.AssertSameWeights(clean, trainer);
        images.Dispose();
    }

    [Fact]
    public void BadMonitorLabelsAreNamedBeforeTraining()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data();
        using Tensor wrong = labels.clone();
        wrong[5] = 7;
        using var trainer = new LoopTrainer();

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(images, epochs: 1, monitor: new KnnMonitorData(images, wrong, images, labels, 2)));

        Assert.StartsWith("monitor.TrainLabels holds 7 at index 5; classes is 2", ex.Message);
        Assert.Equal(0, trainer.OptimizerSteps);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void AccumulationThatTheDataCannotFillIsNamed()
    {
        (Tensor images, _) = LoopTrainer.Data(count: 24);
        using var trainer = new LoopTrainer(accumulationSteps: 4);

        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(images, epochs: 1));

        Assert.Equal("an epoch of 24 samples makes 3 batch(es) of 8, fewer than [Training] AccumulationSteps = 4: no optimizer step would be taken; lower AccumulationSteps or BatchSize, or pass more data (Parameter 'data')", ex.Message);
        images.Dispose();
    }

    [Fact]
    public void FewerSamplesThanABatchAreNamed()
    {
        (Tensor images, _) = LoopTrainer.Data(count: 5);
        using var trainer = new LoopTrainer();

        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(images));

        Assert.StartsWith("Tests.LoopTrainer needs at least one full batch: data has 5 samples, [Training] BatchSize is 8", ex.Message);
        images.Dispose();
    }

    [Theory]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Int64)]
    public void IntegerImagesAreNamed(ScalarType dtype)
    {
        using Tensor images = zeros(new long[] { 16, 1, 4, 4 }, dtype);
        using var trainer = new LoopTrainer();

        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(images));

        Assert.StartsWith($"Tests.LoopTrainer expects images [N, 1, 4, 4] (from [ImageInput]) as uint8 (0-255) or floating point in [0, 1], got {dtype} [16, 1, 4, 4]", ex.Message);
    }

    [Fact]
    public void SaveBetweenOptimizerStepsIsRefused()
    {
        (Tensor images, _) = LoopTrainer.Data();
        using var trainer = new LoopTrainer(accumulationSteps: 2);
        trainer.Step(images.narrow(0, 0, 8));

        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Save(Path.Combine(folder, "x.ckpt")));

        Assert.Equal("cannot save between optimizer steps: 1 batch(es) of gradients are pending ([Training] AccumulationSteps = 2)", ex.Message);
        images.Dispose();
    }

    [Theory]
    [InlineData("run.steps_done", 1_000_000L, "'run.steps_done' is 1000000, outside [0, 8]")]
    [InlineData("optimizer.steps", 3L, "'run.steps_done' is 8, outside [0, 3]")]
    [InlineData("trainer.micro_steps", 9L, "was taken between optimizer steps (9 batches")]
    public void AForgedCheckpointWithAValidChecksumIsRejectedByItsCounters(string key, long forged, string problem)
    {
        (Tensor images, _) = LoopTrainer.Data();
        string path = Path.Combine(folder, "run.ckpt");
        using (var source = new LoopTrainer(accumulationSteps: key == "trainer.micro_steps" ? 2 : 1, batchSize: key == "trainer.micro_steps" ? 4 : 8))
        {
            source.Fit(images, epochs: 1);
            source.Save(path);
        }

        Forge(path, "Tests.LoopTrainer", key, forged);
        using var trainer = new LoopTrainer(accumulationSteps: key == "trainer.micro_steps" ? 2 : 1, batchSize: key == "trainer.micro_steps" ? 4 : 8);

        var ex = Assert.Throws<InvalidDataException>(() => trainer.Load(path));

        Assert.Contains(problem, ex.Message);
        Assert.Equal(0, trainer.OptimizerSteps);
        Assert.Null(trainer.Run);
        images.Dispose();
    }

    /// <summary>Rewrites one integer of a checkpoint and writes it back with a correct checksum, as a forger would.</summary>
    private static void Forge(string path, string experiment, string key, long value)
    {
        string forgedPath = path + ".forged";
        using (StateReader original = CheckpointFile.Read(path, experiment))
        {
            CheckpointFile.Save(forgedPath, experiment, writer =>
            {
                foreach (string k in original.Keys)
                {
                    switch (original.Raw(k))
                    {
                        case Tensor t:
                            writer.Tensor(k, t);
                            break;
                        case long l:
                            writer.Int64(k, k == key ? value : l);
                            break;
                        case double d:
                            writer.Double(k, d);
                            break;
                        case string text:
                            writer.Text(k, text);
                            break;
                    }
                }
            });
        }

        File.Move(forgedPath, path, overwrite: true);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("other-shape")]
    public void AFailedLoadLeavesTheTrainerExactlyAsItWas(string damage)
    {
        (Tensor images, _) = LoopTrainer.Data();
        string path = Path.Combine(folder, "run.ckpt");
        using (var source = new LoopTrainer(seed: 2))
        {
            source.Fit(images, epochs: 1);
            source.Save(path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "truncated":
                File.WriteAllBytes(path, bytes.Take(bytes.Length - 10).ToArray());
                break;
            case "flipped":
                bytes[bytes.Length / 2] ^= 1;
                File.WriteAllBytes(path, bytes);
                break;
        }

        using var trainer = new LoopTrainer(seed: 3, batchSize: damage == "other-shape" ? 16 : 8);
        trainer.Fit(images, epochs: 1);
        using var twin = new LoopTrainer(seed: 3, batchSize: damage == "other-shape" ? 16 : 8);
        twin.Fit(images, epochs: 1);

        Assert.Throws<InvalidDataException>(() => trainer.Load(path));

        SslTrainerResumeTests.AssertSameWeights(twin, trainer);
        Assert.Equal(twin.OptimizerSteps, trainer.OptimizerSteps);
        Assert.Equal(twin.Run!.StepsDone, trainer.Run!.StepsDone);
        Assert.Equal(twin.Fit(images, epochs: 2).LossCurve, trainer.Fit(images, epochs: 2).LossCurve); // optimizer and random state untouched too
        images.Dispose();
    }
}
