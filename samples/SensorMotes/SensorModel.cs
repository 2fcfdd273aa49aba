using SslDsl.Objectives;
using SslDsl.Plots;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SensorMotesSample;

/// <summary>One trained (or randomly initialised) encoder with its pretext head, as the evaluation tasks call it.</summary>
/// <param name="Name">"TCN" or "Transformer".</param>
/// <param name="Objective">"future window", "masked streams", "contrastive" or "random init".</param>
/// <param name="Head">The forecasting or reconstruction head; null for contrastive and random-init encoders.</param>
/// <param name="Pretraining">The pretraining report; null for a random-init encoder.</param>
internal sealed record SensorModel(string Name, string Objective, SslTrainer Trainer, nn.Module<Tensor, Tensor> Encoder, LinearDecoder? Head, PretrainReport? Pretraining) : IDisposable
{
    public string Label => $"{Name}, {Objective}";

    /// <summary>Pretrains <paramref name="trainer"/> on <paramref name="data"/> for a fixed number of epochs, writing its run report into <paramref name="reportFolder"/>.</summary>
    public static SensorModel Pretrain(string name, string objective, SslTrainer trainer, nn.Module<Tensor, Tensor> encoder, LinearDecoder? head, Tensor data, int? epochs, string reportFolder)
    {
        trainer.ReportDirectory = reportFolder; // report.json, report.md and the loss curve, rewritten after Fit and each evaluation
        trainer.ReportFigures = new RunReportFigures();
        Console.WriteLine($"Pretraining {name} with {objective} on {data.shape[0]:N0} windows for {epochs?.ToString() ?? "the experiment's"} epochs");
        PretrainReport report = trainer.Fit(data, epochs);
        Console.WriteLine($"  {report.Steps} steps in {report.Seconds:0.0}s, final loss {(report.Epochs.Count > 0 ? report.Epochs[^1].Loss : double.NaN):0.0000}");
        return new SensorModel(name, objective, trainer, encoder, head, report);
    }

    /// <summary>Encoder then head on <paramref name="input"/>, in eval mode without gradients, in batches: float32 on the CPU.</summary>
    public Tensor Predict(Tensor input, int batchSize = 512)
    {
        LinearDecoder head = Head ?? throw new InvalidOperationException($"{Label} has no head to predict with");
        Encoder.eval();
        head.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < input.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                Tensor batch = input.narrow(0, start, Math.Min(batchSize, input.shape[0] - start)).to(Trainer.Device);
                parts.Add(head.call(Encoder.call(batch)).to_type(ScalarType.Float32).cpu().MoveToOuterDisposeScope());
            }

            return cat(parts, 0);
        }
        finally
        {
            foreach (Tensor part in parts)
            {
                part.Dispose();
            }
        }
    }

    /// <summary>The encoder's embeddings of <paramref name="windows"/> (eval mode, CPU).</summary>
    public Tensor Embed(Tensor windows) => Trainer.Embed(windows);

    public void Dispose() => Trainer.Dispose();
}
