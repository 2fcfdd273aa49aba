using SslDsl.Encoders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SslDsl.Benchmarks;

/// <summary>
/// The comparison's cases written by hand in plain TorchSharp, as a careful user would without SslDsl: the ConvNet and
/// the heads as <c>nn.Sequential</c>, NT-Xent or BYOL's loss from torch ops, <c>torch.optim.AdamW</c> with two
/// parameter groups (no decay on biases and norms, as in SslDsl), BYOL's EMA as an in-place loop, one
/// <c>DisposeScope</c> per step, the loss summed on the device. No augmentation: both views are the batch itself.
/// The ResNet-18 is SslDsl's <see cref="ResNetEncoder"/> module (a plain TorchSharp module, torchvision's layout):
/// the loop around it is what this side measures.
/// <para>
/// <c>channelsLast</c>: the views and the 4-D weights are laid out NHWC (same shapes, permuted strides), which
/// libtorch's oneDNN convolutions propagate through the network; measured to see whether it is faster on CPU.
/// </para>
/// </summary>
public sealed class HandWrittenStep : IDisposable
{
    private readonly CompareCase spec;
    private readonly bool channelsLast;
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Sequential projector;
    private readonly Sequential? predictor;
    private readonly Module<Tensor, Tensor>? targetEncoder;
    private readonly Sequential? targetProjector;
    private readonly (Parameter Target, Parameter Online)[] emaPairs = Array.Empty<(Parameter, Parameter)>();
    private readonly TorchSharp.Modules.AdamW optimizer;
    private readonly Tensor lossSum;
    private readonly Dictionary<long, (Tensor Diagonal, Tensor Targets)> masks = new();

    /// <summary>Builds the case's modules; <paramref name="initialWeights"/> (the generated trainer's online parameters, in order) makes both sides start equal.</summary>
    public HandWrittenStep(CompareCase spec, bool channelsLast, Device device, IEnumerable<Parameter> initialWeights)
    {
        this.spec = spec;
        this.channelsLast = channelsLast;
        torch.manual_seed(Workload.Seed);
        (encoder, int dim) = spec.IsResNet ? (new ResNetEncoder(Workload.Channels, 18, smallInputs: true), 512) : ConvNet();
        projector = Head(dim, spec.ProjectorHidden, CompareWorkload.ProjectorOutput);
        var online = new List<Module> { encoder, projector };
        if (spec.IsByol)
        {
            predictor = Head(CompareWorkload.ProjectorOutput, spec.PredictorHidden, CompareWorkload.ProjectorOutput);
            online.Add(predictor);
            targetEncoder = ConvNet().Encoder;
            targetProjector = Head(dim, spec.ProjectorHidden, CompareWorkload.ProjectorOutput);
        }

        foreach (Module module in online.Concat(new Module?[] { targetEncoder, targetProjector }).OfType<Module>()) module.to(device);
        Parameter[] parameters = online.SelectMany(m => m.parameters()).ToArray();
        CopyInto(initialWeights.ToArray(), parameters);
        if (targetEncoder is not null && targetProjector is not null)
        {
            Parameter[] targets = targetEncoder.parameters().Concat(targetProjector.parameters()).ToArray();
            Parameter[] sources = encoder.parameters().Concat(projector.parameters()).ToArray();
            CopyInto(sources, targets);
            foreach (Parameter p in targets) p.requires_grad = false;
            emaPairs = targets.Zip(sources).ToArray();
        }

        if (channelsLast)
        {
            using var noGrad = torch.no_grad();
            foreach (Parameter p in online.Concat(new Module?[] { targetEncoder }).OfType<Module>().SelectMany(m => m.parameters()).Where(p => p.dim() == 4))
            {
                p.set_(ToChannelsLast(p).DetachFromDisposeScope());
            }
        }

        optimizer = torch.optim.AdamW(new[]
        {
            new TorchSharp.Modules.AdamW.ParamGroup(parameters.Where(p => p.dim() > 1).ToArray(), lr: Workload.LearningRate, beta1: 0.9, beta2: 0.999, weight_decay: Workload.WeightDecay),
            new TorchSharp.Modules.AdamW.ParamGroup(parameters.Where(p => p.dim() <= 1).ToArray(), lr: Workload.LearningRate, beta1: 0.9, beta2: 0.999, weight_decay: 0.0),
        });
        lossSum = torch.zeros(1, device: device).DetachFromDisposeScope();
        // the loss masks of both batch sizes up front: one made at the first timed step would count as left alive
        foreach (int samples in new[] { spec.WarmupBatch, spec.Batch }) Masks(Workload.Views * samples, device);
    }

    /// <summary>Loss summed over the steps so far (one host read).</summary>
    public double LossSum => lossSum.item<float>();

    /// <summary>One training step on <paramref name="batch"/> ([N, 3, 32, 32] in [0, 1]).</summary>
    public void Step(Tensor batch)
    {
        using var scope = torch.NewDisposeScope();
        Tensor views = batch.repeat(Workload.Views, 1, 1, 1);
        if (channelsLast) views = ToChannelsLast(views);
        Tensor projections = projector.call(encoder.call(views));
        Tensor loss;
        if (predictor is not null && targetEncoder is not null && targetProjector is not null)
        {
            Tensor predictions = predictor.call(projections);
            Tensor targets;
            using (torch.no_grad()) targets = targetProjector.call(targetEncoder.call(views));
            loss = ByolLoss(predictions, targets);
        }
        else
        {
            loss = NtXent(projections);
        }

        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        if (emaPairs.Length > 0)
        {
            using var noGrad = torch.no_grad();
            foreach (var (target, online) in emaPairs) target.mul_(CompareWorkload.ByolMomentum).add_(online, alpha: 1 - CompareWorkload.ByolMomentum);
        }

        lossSum.add_(loss.detach());
    }

    /// <summary>SimCLR's NT-Xent for two views stacked view-major: cross-entropy of each row against its other view.</summary>
    private Tensor NtXent(Tensor projections)
    {
        var mask = Masks(projections.shape[0], projections.device);
        Tensor z = functional.normalize(projections, p: 2, dim: 1);
        Tensor logits = z.matmul(z.t()).div_(Workload.Temperature).masked_fill_(mask.Diagonal, double.NegativeInfinity);
        return functional.cross_entropy(logits, mask.Targets);
    }

    /// <summary>The diagonal ([rows, rows] bool: a sample is not its own negative) and the positives' indices (the other view).</summary>
    private (Tensor Diagonal, Tensor Targets) Masks(long rows, Device device)
    {
        if (!masks.TryGetValue(rows, out var mask))
        {
            using var scope = torch.NewDisposeScope();
            mask = (torch.eye(rows, dtype: ScalarType.Bool, device: device).DetachFromDisposeScope(),
                torch.arange(rows, device: device).add(rows / 2).remainder(rows).DetachFromDisposeScope());
            masks[rows] = mask;
        }

        return mask;
    }

    /// <summary>BYOL: mean over samples of Σ over both views of 2 − 2·cos(prediction, target of the other view).</summary>
    private static Tensor ByolLoss(Tensor predictions, Tensor targets)
    {
        long n = predictions.shape[0] / 2;
        Tensor p = functional.normalize(predictions, p: 2, dim: 1);
        Tensor z = functional.normalize(targets.detach(), p: 2, dim: 1);
        Tensor swapped = torch.cat(new[] { z.narrow(0, n, n), z.narrow(0, 0, n) }, 0);
        return p.mul(swapped).sum().mul_(-2.0 / n).add_(4.0);
    }

    /// <summary>Same shape, NHWC strides (what PyTorch's <c>memory_format=torch.channels_last</c> makes).</summary>
    private static Tensor ToChannelsLast(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    private static (Module<Tensor, Tensor> Encoder, int Dim) ConvNet()
    {
        Sequential stages = Sequential();
        long channels = Workload.Channels;
        for (int i = 0; i < Workload.ConvNetWidths.Length; i++)
        {
            int width = Workload.ConvNetWidths[i];
            stages.append($"conv{i}", Conv2d(channels, width, 3, padding: 1, bias: false));
            stages.append($"bn{i}", BatchNorm2d(width));
            stages.append($"relu{i}", ReLU(inplace: true));
            if (i < Workload.ConvNetWidths.Length - 1) stages.append($"pool{i}", MaxPool2d(2));
            channels = width;
        }

        stages.append("gap", AdaptiveAvgPool2d(1));
        stages.append("flatten", Flatten());
        return (stages, (int)channels);
    }

    private static Sequential Head(int input, int hidden, int output) => Sequential(
        ("linear0", Linear(input, hidden, hasBias: false)),
        ("bn0", BatchNorm1d(hidden)),
        ("relu0", ReLU(inplace: true)),
        ("linear1", Linear(hidden, output)));

    private static void CopyInto(Parameter[] from, Parameter[] to)
    {
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
        foreach (IDisposable module in new IDisposable?[] { encoder, projector, predictor, targetEncoder, targetProjector }.OfType<IDisposable>()) module.Dispose();
        foreach (var (diagonal, targets) in masks.Values)
        {
            diagonal.Dispose();
            targets.Dispose();
        }

        lossSum.Dispose();
    }
}
