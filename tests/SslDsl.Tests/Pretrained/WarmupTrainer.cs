using System;
using SslDsl.Encoders;
using SslDsl.Optimization;
using SslDsl.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Pretrained;

/// <summary>
/// A hand-written trainer small enough to check updates by hand: a linear encoder (1x2x2 images → 3 features), a
/// linear head (3 → 2), loss mean(head(encoder(x))²), optionally on a noisy copy of the batch drawn from the trainer's
/// generator (so that a resumed run must restore it), SGD (momentum 0.9) or AdamW, both with weight decay 0.1.
/// Optionally a momentum copy of the encoder registered as <c>target_encoder</c>, as BYOL's and MoCo's trainers do.
/// Weights are uniform in [-0.5, 0.5) from a generator seeded by the trainer's seed.
/// </summary>
internal sealed class WarmupTrainer : SslTrainer
{
    public const double Rate = 0.05;
    public const double WeightDecay = 0.1;
    public const double Momentum = 0.9;

    public WarmupTrainer(string optimizer, int seed = 1, bool noise = true, bool targetEncoder = false)
        : base(Constants, CPU, seed)
    {
        Noise = noise;
        Encoder = RegisterEncoder(new LinearEncoder(4, 3));
        Head = Register("head", nn.Linear(3, 2));
        if (targetEncoder)
        {
            Target = Register("target_encoder", new LinearEncoder(4, 3));
        }

        // From the trainer's own generator, not the global one that tests running in parallel also draw from: twins
        // of one seed must start equal for the exact comparisons.
        using (var generator = new Generator((ulong)seed + 1000))
        using (no_grad())
        {
            foreach (Tensor p in ParametersOf(Encoder, Head))
            {
                p.copy_(rand(p.shape, generator: generator).mul_(2).sub_(1).mul_(0.5));
            }
        }

        Parameter[] trained = [.. ParametersOf(Encoder, Head)];
        UseOptimizer(optimizer switch
        {
            "sgd" => new SgdOptimizer(trained, Momentum, WeightDecay),
            "adamw" => new AdamWOptimizer(trained, WeightDecay),
            "encoder-only" => new SgdOptimizer(ParametersOf(Encoder), Momentum, WeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
        });
    }

    public LinearEncoder Encoder { get; }

    public Linear Head { get; }

    public LinearEncoder? Target { get; }

    public bool Noise { get; }

    public static TrainerSettings Constants { get; } = new()
    {
        Experiment = "Tests.WarmupTrainer",
        Input = InputShape.Image(1, 2, 2),
        BatchSize = 8,
        Epochs = 2,
        LogEverySteps = 2,
        LearningRate = Rate,
        Health = null,
    };

    /// <summary>Batch <paramref name="index"/> of a fixed sequence: 8 images 1x2x2.</summary>
    public static Tensor Batch(int index)
    {
        using var generator = new Generator((ulong)(50 + index));
        return rand(8, 1, 2, 2, generator: generator);
    }

    /// <summary>The loss as <see cref="ComputeLoss"/> computes it without noise, from the given weights (for hand-computed gradients).</summary>
    public static Tensor Loss(Tensor batch, Tensor encoderWeight, Tensor encoderBias, Tensor headWeight, Tensor headBias) =>
        nn.functional.linear(nn.functional.linear(batch.flatten(1), encoderWeight, encoderBias), headWeight, headBias).pow(2).mean();

    protected override Tensor ComputeLoss(Tensor batch)
    {
        Tensor x = Noise ? batch.add(randn(batch.shape, generator: Generator).mul_(0.1)) : batch;
        return Head.call(Encoder.call(x)).pow(2).mean();
    }

    /// <summary>A linear encoder: <c>[B, 1, 2, 2] → [B, 3]</c>.</summary>
    internal sealed class LinearEncoder : nn.Module<Tensor, Tensor>, IEncoder
    {
        private readonly Linear linear;

        public LinearEncoder(int inputs, int outputs) : base(nameof(LinearEncoder))
        {
            linear = nn.Linear(inputs, outputs);
            OutputDim = outputs;
            RegisterComponents();
        }

        public int OutputDim { get; }

        public Parameter Weight => linear.weight!;

        public Parameter Bias => linear.bias!;

        public override Tensor forward(Tensor input) => linear.call(input.flatten(1));
    }
}
