using System.Reflection;
using SslDsl.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>
/// A generated trainer as the comparison drives it: its public <c>Step</c>, its online parameters in optimizer order
/// (to start the other sides from the same weights), and the loss of a batch for the same-start check. That loss is
/// the generated <c>ComputeLoss</c>, which is protected and may not be exposed through a partial part (SSL0029
/// reserves the name <c>Trainer</c>), hence reflection: called once, outside every measurement.
/// </summary>
public sealed class GeneratedTrainer : IDisposable
{
    private static readonly MethodInfo ComputeLoss = typeof(SslTrainer).GetMethod("ComputeLoss", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException(nameof(SslTrainer), "ComputeLoss");

    // ComputeLoss enters the low-precision region (bf16) itself; Step ends it, and so must a bare call
    private static readonly MethodInfo EndLowPrecision = typeof(SslTrainer).GetMethod("EndLowPrecision", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException(nameof(SslTrainer), "EndLowPrecision");

    private readonly SslTrainer trainer;

    public GeneratedTrainer(SslTrainer trainer, IEnumerable<Parameter> onlineParameters)
    {
        this.trainer = trainer;
        OnlineParameters = onlineParameters.ToArray();
    }

    public Parameter[] OnlineParameters { get; }

    public void Step(Tensor batch) => trainer.Step(batch);

    /// <summary>SslDsl's note when the device emulates the trainer's low precision (slower than float32), else null.</summary>
    public string? PrecisionWarning => trainer.PrecisionWarning;

    /// <summary>The loss the next <see cref="Step"/> on <paramref name="batch"/> would compute (no gradient; batch-norm running statistics move, which training mode does not read).</summary>
    public double LossOf(Tensor batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        try
        {
            return ((Tensor)ComputeLoss.Invoke(trainer, new object[] { batch })!).item<float>();
        }
        finally
        {
            EndLowPrecision.Invoke(trainer, null);
        }
    }

    public void Dispose() => trainer.Dispose();
}
