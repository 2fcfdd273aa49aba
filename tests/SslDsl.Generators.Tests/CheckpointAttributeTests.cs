using SslDsl.Training;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>[Checkpoint] reaches the generated trainer: Fit writes and prunes checkpoints there, and resume continues from them.</summary>
public sealed class CheckpointAttributeTests : IDisposable
{
    private static readonly string Folder = Path.GetFullPath("tiny-checkpointed-ckpts"); // the attribute's Directory, relative to the working folder

    public CheckpointAttributeTests() => Dispose();

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    [Fact]
    public void FitWritesTheAttributesCheckpointsAndResumeContinuesFromThem()
    {
        using Tensor images = rand(64, 1, 8, 8, generator: new Generator(4)); // 4 steps an epoch
        using (var first = TinyCheckpointed.CreateTrainer())
        {
            Assert.Equal(new CheckpointPolicy(0, 2, "tiny-checkpointed-ckpts", 2), first.Checkpoints);
            first.Fit(images, epochs: 1);
        }

        var folder = new CheckpointFolder("tiny-checkpointed-ckpts", TinyCheckpointed.Trainer.ExperimentName);
        Assert.Equal(new[] { folder.PathFor(4), folder.PathFor(2) }, folder.NewestFirst()); // every 2 steps, newest 2 kept

        using var second = TinyCheckpointed.CreateTrainer();
        PretrainReport report = second.Fit(images, epochs: 2, resume: true);

        Assert.Contains($"resumed from {folder.PathFor(4)} at optimizer step 4", report.Notes!);
        Assert.Equal(8, report.Steps);
        Assert.Equal(new[] { 1, 2 }, report.Epochs.Select(e => e.Epoch));
        Assert.Equal(new[] { folder.PathFor(8), folder.PathFor(6) }, folder.NewestFirst());
    }
}
