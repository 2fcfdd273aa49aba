using System;
using System.Linq;
using SslDsl.Encoders;
using SslDsl.Heads;
using SslDsl.Objectives;
using SslDsl.Optimization;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

/// <summary>
/// A hand-written trainer on the runtime loop, as a generated one would be but without the generator: an MLP encoder
/// on 1x4x4 images, a projector, NT-Xent between a clean view and a noisy view (the noise draws from the trainer's
/// generator, so resume must restore it). <see cref="PoisonFromStep"/> makes the loss NaN from that optimizer step on.
/// </summary>
internal sealed class LoopTrainer : SslTrainer
{
    private readonly NtXentLoss objective;

    public LoopTrainer(int seed = 1, int accumulationSteps = 1, WarmupCosinePlan? schedule = null, int logEverySteps = 3, int batchSize = 8)
        : base(SettingsFor(accumulationSteps, schedule, logEverySteps, batchSize), CPU, seed)
    {
        lock (SeededInitialisation.Lock)
        {
            manual_seed(seed);
            Encoder = RegisterEncoder(new MlpEncoder(16, new[] { 12 }));
            Projector = Register("projector", new ProjectionHead(Encoder.OutputDim, 12, 6, 2));
            InitialiseFrom(seed);
            objective = Own(new NtXentLoss(0.5, 2));
            UseOptimizer(new AdamWOptimizer(ParametersOf(Encoder, Projector), weightDecay: 0.01));
        }
    }

    public MlpEncoder Encoder { get; }

    public ProjectionHead Projector { get; }

    /// <summary>From this optimizer step on the loss is NaN (a diverging run), or never when null.</summary>
    public long? PoisonFromStep { get; set; }

    /// <summary>Called after each optimizer step with the step count (tests cancel from here).</summary>
    public Action<long>? OnStep { get; set; }

    public static TrainerSettings SettingsFor(int accumulationSteps = 1, WarmupCosinePlan? schedule = null, int logEverySteps = 3, int batchSize = 8) => new()
    {
        Experiment = "Tests.LoopTrainer",
        Input = InputShape.Image(1, 4, 4),
        BatchSize = batchSize,
        Epochs = 3,
        AccumulationSteps = accumulationSteps,
        LogEverySteps = logEverySteps,
        LearningRate = 0.01,
        WarmupCosine = schedule,
    };

    /// <summary>64 images 1x4x4 in two classes (a gradient left-right or top-bottom) plus noise.</summary>
    public static (Tensor Images, Tensor Labels) Data(int count = 64, int seed = 5)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        Tensor grid = linspace(0, 1, 4);
        Tensor patterns = stack(new[] { grid.unsqueeze(1).expand(4, 4), grid.unsqueeze(0).expand(4, 4) });
        Tensor labels = randint(0, 2, count, generator: generator);
        Tensor images = patterns.index_select(0, labels).unsqueeze(1).add(rand(count, 1, 4, 4, generator: generator).mul_(0.2)).clamp_(0, 1).contiguous();
        return (images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Weights from the trainer's own seeded generator, not TorchSharp's global one: other tests running in parallel
    /// draw from the global generator without the construction lock, so default initialisation could differ between
    /// two trainers of the same seed, and the exact-equality tests here compare such twins.
    /// </summary>
    private void InitialiseFrom(int seed)
    {
        using var generator = new Generator((ulong)seed + 1000);
        using var noGrad = no_grad();
        var parameters = Encoder.named_parameters().Concat(Projector.named_parameters()).Select(n => (Name: n.name, Value: (Tensor)n.parameter));
        foreach ((string name, Tensor p) in parameters)
        {
            if (p.dim() >= 2)
            {
                p.copy_(rand(p.shape, generator: generator).mul_(2).sub_(1).mul_(1.0 / Math.Sqrt(p.shape[1])));
            }
            else if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                p.zero_();
            }
        }
    }

    /// <summary>Multiplies the loss (large values make Float16's scaled gradients overflow).</summary>
    public double LossMultiplier { get; set; } = 1.0;

    /// <summary>The dtype the projector's output had in the last step (the networks' precision).</summary>
    public ScalarType LastProjectionType { get; private set; }

    /// <summary>Shaped like a generated trainer's: augmentations, then the networks in the trainer's precision, then the loss.</summary>
    protected override Tensor ComputeLoss(Tensor batch)
    {
        Tensor views = cat(new[] { batch, batch.add(randn(batch.shape, generator: Generator).mul_(0.1)) }, 0);
        BeginLowPrecision();
        Tensor projections = Projector.call(Encoder.call(views));
        EndLowPrecision();
        LastProjectionType = projections.dtype;
        Tensor loss = objective.Compute(projections);
        loss = LossMultiplier == 1.0 ? loss : loss.mul(LossMultiplier);
        return PoisonFromStep is { } poison && OptimizerSteps >= poison ? loss.mul(double.NaN) : loss;
    }

    protected override void AfterOptimizerStep() => OnStep?.Invoke(OptimizerSteps);
}
