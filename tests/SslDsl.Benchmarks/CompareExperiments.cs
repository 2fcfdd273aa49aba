using SslDsl;

namespace SslDsl.Benchmarks;

// The experiments of the side-by-side comparison with PyTorch (--compare, SideBySide.cs). None has augmentations:
// both views are the batch itself on every side, so a step measures encoder + loss + backward + optimizer (+ EMA),
// which PyTorch can run identically. All use AdamW (available with the same semantics on every side); SslDsl's
// optimizers skip weight decay on biases and norm weights, and the other sides use two parameter groups for that.
// Each case also exists with [Training(Precision = Precision.BFloat16)]: the networks under libtorch's CPU autocast,
// the loss and the optimizer in float32 (what PyTorch's torch.autocast("cpu", dtype=torch.bfloat16) column does).

/// <summary>Case (a), compute-bound: ResNet-18 with the small-input stem, projector 512→2048→128, NT-Xent, batch 256.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ResNet(Depth = 18, SmallInputs = true)]
[Projector(Hidden = CompareWorkload.ResNetProjectorHidden, Output = CompareWorkload.ProjectorOutput)]
[Views(2)]
[SimClr(Temperature = Workload.Temperature)]
[AdamW(LearningRate = Workload.LearningRate, WeightDecay = Workload.WeightDecay)]
[Training(BatchSize = CompareWorkload.ResNetBatch, Seed = Workload.Seed)]
public partial class CompareResNet18SimClr
{
}

/// <summary><see cref="CompareResNet18SimClr"/> in bf16 mixed precision.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ResNet(Depth = 18, SmallInputs = true)]
[Projector(Hidden = CompareWorkload.ResNetProjectorHidden, Output = CompareWorkload.ProjectorOutput)]
[Views(2)]
[SimClr(Temperature = Workload.Temperature)]
[AdamW(LearningRate = Workload.LearningRate, WeightDecay = Workload.WeightDecay)]
[Training(BatchSize = CompareWorkload.ResNetBatch, Seed = Workload.Seed, Precision = Precision.BFloat16)]
public partial class CompareResNet18SimClrBf16
{
}

// SSL0013 (a warning, an error under warnings-as-errors) says batch 64 gives SimCLR few negatives: this case is about
// step overhead, not accuracy.
#pragma warning disable SSL0013
/// <summary>Case (b), dispatch-bound: ConvNet 32-64-128-256, projector 512→512→128, NT-Xent, batch 64.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = CompareWorkload.ConvNetProjectorHidden, Output = CompareWorkload.ProjectorOutput)]
[Views(2)]
[SimClr(Temperature = Workload.Temperature)]
[AdamW(LearningRate = Workload.LearningRate, WeightDecay = Workload.WeightDecay)]
[Training(BatchSize = CompareWorkload.ConvNetBatch, Seed = Workload.Seed)]
public partial class CompareConvNetSimClr
{
}

/// <summary><see cref="CompareConvNetSimClr"/> in bf16 mixed precision.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = CompareWorkload.ConvNetProjectorHidden, Output = CompareWorkload.ProjectorOutput)]
[Views(2)]
[SimClr(Temperature = Workload.Temperature)]
[AdamW(LearningRate = Workload.LearningRate, WeightDecay = Workload.WeightDecay)]
[Training(BatchSize = CompareWorkload.ConvNetBatch, Seed = Workload.Seed, Precision = Precision.BFloat16)]
public partial class CompareConvNetSimClrBf16
{
}
#pragma warning restore SSL0013

/// <summary>
/// Case (c), many small updates: BYOL on the same ConvNet and projector, predictor 512→128, EMA target
/// (momentum 0.996, constant outside Fit), batch 64.
/// </summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = CompareWorkload.ConvNetProjectorHidden, Output = CompareWorkload.ProjectorOutput)]
[Predictor(Hidden = CompareWorkload.ConvNetProjectorHidden)]
[Views(2)]
[Byol(MomentumStart = CompareWorkload.ByolMomentum)]
[AdamW(LearningRate = Workload.LearningRate, WeightDecay = Workload.WeightDecay)]
[Training(BatchSize = CompareWorkload.ConvNetBatch, Seed = Workload.Seed)]
public partial class CompareConvNetByol
{
}

/// <summary><see cref="CompareConvNetByol"/> in bf16 mixed precision.</summary>
[SslExperiment]
[ImageInput(Channels = 3, Height = 32, Width = 32)]
[ConvNet(Widths = new[] { 32, 64, 128, 256 })]
[Projector(Hidden = CompareWorkload.ConvNetProjectorHidden, Output = CompareWorkload.ProjectorOutput)]
[Predictor(Hidden = CompareWorkload.ConvNetProjectorHidden)]
[Views(2)]
[Byol(MomentumStart = CompareWorkload.ByolMomentum)]
[AdamW(LearningRate = Workload.LearningRate, WeightDecay = Workload.WeightDecay)]
[Training(BatchSize = CompareWorkload.ConvNetBatch, Seed = Workload.Seed, Precision = Precision.BFloat16)]
public partial class CompareConvNetByolBf16
{
}
