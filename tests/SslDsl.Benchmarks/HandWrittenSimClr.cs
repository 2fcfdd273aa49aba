using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Benchmarks;

/// <summary>
/// <see cref="ConvNetSimClr"/> written by hand in plain TorchSharp, the way a careful user would without SslDsl:
/// <c>nn.Sequential</c> modules, NT-Xent from torch ops (normalize → similarity matrix → mask the diagonal →
/// cross-entropy against the other view), <c>torch.optim.AdamW</c> with two parameter groups (no decay on biases and
/// norms, as SslDsl's optimizers do), one <c>DisposeScope</c> per step, and the loss summed on the device as the
/// generated trainer does. Augmentations, when on, are the same SslDsl classes (<see cref="SimClrAugmentation"/>) on
/// both views stacked in one batch, so both sides do the same augmentation work.
/// </summary>
public sealed class HandWrittenSimClr : IDisposable
{
    private readonly Sequential encoder;
    private readonly Sequential projector;
    private readonly TorchSharp.Modules.AdamW optimizer;
    private readonly SimClrAugmentation? augmentation;
    private readonly Tensor diagonal;  // [2N, 2N] bool: a sample is not its own negative
    private readonly Tensor targets;   // [2N] int64: row i's positive is the other view of the same image
    private readonly Tensor lossSum;

    public HandWrittenSimClr(bool augment, Device device, int seed)
    {
        torch.manual_seed(seed);
        encoder = Sequential();
        long channels = Workload.Channels;
        for (int i = 0; i < Workload.ConvNetWidths.Length; i++)
        {
            int width = Workload.ConvNetWidths[i];
            encoder.append($"conv{i}", Conv2d(channels, width, 3, padding: 1, bias: false));
            encoder.append($"bn{i}", BatchNorm2d(width));
            encoder.append($"relu{i}", ReLU(inplace: true));
            if (i < Workload.ConvNetWidths.Length - 1) encoder.append($"pool{i}", MaxPool2d(2));
            channels = width;
        }

        encoder.append("gap", AdaptiveAvgPool2d(1));
        encoder.append("flatten", Flatten());
        projector = Sequential(
            ("linear0", Linear(channels, Workload.ProjectorHidden, hasBias: false)),
            ("bn0", BatchNorm1d(Workload.ProjectorHidden)),
            ("relu0", ReLU(inplace: true)),
            ("linear1", Linear(Workload.ProjectorHidden, Workload.ProjectorOutput)));
        encoder.to(device);
        projector.to(device);

        Parameter[] parameters = encoder.parameters().Concat(projector.parameters()).ToArray();
        optimizer = torch.optim.AdamW(new[]
        {
            new TorchSharp.Modules.AdamW.ParamGroup(parameters.Where(p => p.dim() > 1).ToArray(), lr: Workload.LearningRate, beta1: 0.9, beta2: 0.999, weight_decay: Workload.WeightDecay),
            new TorchSharp.Modules.AdamW.ParamGroup(parameters.Where(p => p.dim() <= 1).ToArray(), lr: Workload.LearningRate, beta1: 0.9, beta2: 0.999, weight_decay: 0.0),
        });
        augmentation = augment ? new SimClrAugmentation(device, seed) : null;

        long rows = (long)Workload.Views * Workload.BatchSize;
        diagonal = torch.eye(rows, dtype: ScalarType.Bool, device: device).DetachFromDisposeScope();
        targets = torch.arange(rows, device: device).add(Workload.BatchSize).remainder(rows).DetachFromDisposeScope();
        lossSum = torch.zeros(1, device: device).DetachFromDisposeScope();
    }

    /// <summary>Encoder, then projector parameters, in registration order (the same order as the generated trainer's).</summary>
    public IEnumerable<Parameter> Parameters => encoder.parameters().Concat(projector.parameters());

    /// <summary>Loss summed over the steps so far (one host read).</summary>
    public double LossSum => lossSum.item<float>();

    /// <summary>One training step on a [256, 3, 32, 32] batch in [0, 1].</summary>
    public void Step(Tensor batch)
    {
        using var scope = torch.NewDisposeScope();
        Tensor views = augmentation is null ? batch.repeat(Workload.Views, 1, 1, 1) : augmentation.Apply(batch);
        Tensor projections = projector.call(encoder.call(views));
        Tensor loss = NtXent(projections);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        lossSum.add_(loss.detach());
    }

    /// <summary>SimCLR's NT-Xent for two views stacked view-major: cross-entropy of each row against its other view.</summary>
    private Tensor NtXent(Tensor projections)
    {
        Tensor z = functional.normalize(projections, p: 2, dim: 1);
        Tensor logits = z.matmul(z.t()).div_(Workload.Temperature).masked_fill_(diagonal, double.NegativeInfinity);
        return functional.cross_entropy(logits, targets);
    }

    /// <summary>Copies the generated trainer's initial weights (so that both sides compute the same numbers).</summary>
    public void CopyWeightsFrom(IEnumerable<Parameter> source)
    {
        Parameter[] from = source.ToArray();
        Parameter[] to = Parameters.ToArray();
        if (from.Length != to.Length) throw new InvalidOperationException($"{from.Length} parameters vs {to.Length}");
        using var noGrad = torch.no_grad();
        for (int i = 0; i < to.Length; i++)
        {
            if (!from[i].shape.SequenceEqual(to[i].shape))
            {
                throw new InvalidOperationException($"parameter {i}: [{string.Join(", ", from[i].shape)}] vs [{string.Join(", ", to[i].shape)}]");
            }

            to[i].copy_(from[i]);
        }
    }

    public void Dispose()
    {
        optimizer.Dispose();
        encoder.Dispose();
        projector.Dispose();
        augmentation?.Dispose();
        diagonal.Dispose();
        targets.Dispose();
        lossSum.Dispose();
    }
}
