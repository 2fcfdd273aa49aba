using System;
using System.IO;
using SslDsl.Encoders;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

public sealed class SslTrainerExportTests
{
    [Fact]
    public void ExportEncoderWritesTheTrainedEncoderAsSafetensors()
    {
        (Tensor images, _) = LoopTrainer.Data();
        string path = Path.Combine(Path.GetTempPath(), "ssldsl-export-" + Guid.NewGuid().ToString("N") + ".safetensors");
        using var trainer = new LoopTrainer();
        trainer.Fit(images, epochs: 1);

        trainer.ExportEncoder(path);

        using var copy = new MlpEncoder(16, new[] { 12 });
        copy.load_safetensors(path, strict: true);
        File.Delete(path);
        trainer.Encoder.eval();
        copy.eval();
        using (no_grad())
        {
            Assert.True(copy.call(images).equal(trainer.Encoder.call(images)).all().item<bool>());
        }

        images.Dispose();
    }
}
