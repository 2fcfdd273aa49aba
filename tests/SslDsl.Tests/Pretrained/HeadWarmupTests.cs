using System;
using System.IO;
using System.Linq;
using SslDsl.Export;
using SslDsl.Pretrained;
using SslDsl.Training;
using TorchSharp;
using static SslDsl.Tests.Pretrained.Exactly;
using static TorchSharp.torch;

namespace SslDsl.Tests.Pretrained;

/// <summary>
/// <see cref="SslTrainer.HeadWarmup"/>: continued pretraining with fresh heads freezes the encoder for the first N
/// optimizer steps — bit for bit, weight decay and momentum included — then trains it at the multiplier × the rate; the
/// frozen phase follows the optimizer step count, so resuming inside it continues exactly.
/// </summary>
public sealed class HeadWarmupTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ssldsl-warmup-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("sgd")]
    [InlineData("adamw")]
    public void WhileFrozenTheEncoderStaysBitIdenticalUnderWeightDecayAndTheHeadLearns(string optimizer)
    {
        using var scope = NewDisposeScope();
        using var trainer = new WarmupTrainer(optimizer) { HeadWarmup = new HeadWarmup(3, 0.1) };
        using var control = new WarmupTrainer(optimizer); // same seed, no warm-up
        Tensor[] encoder = Copy(trainer.Encoder.parameters());
        Tensor[] head = Copy(trainer.Head.parameters());

        for (int step = 0; step < 3; step++)
        {
            Assert.True(trainer.EncoderFrozen);
            trainer.Step(WarmupTrainer.Batch(step));
            control.Step(WarmupTrainer.Batch(step));
        }

        Assert.True(Same(encoder, trainer.Encoder.parameters()), "the frozen encoder changed (decoupled decay or momentum reached it?)");
        Assert.False(Same(head, trainer.Head.parameters()), "the head did not learn during the warm-up");
        Assert.False(Same(encoder, control.Encoder.parameters()), "without the warm-up the encoder moves in these steps");
        Assert.All(trainer.Encoder.parameters(), p => Assert.True(p.requires_grad, "requires_grad is back on between steps"));
        Assert.False(trainer.EncoderFrozen);

        trainer.Step(WarmupTrainer.Batch(3));
        Assert.False(Same(encoder, trainer.Encoder.parameters()), "the encoder trains once the warm-up is over");
    }

    [Fact]
    public void AfterTheWarmupTheEncoderTakesTheSgdStepAtTheMultipliedRate()
    {
        // SGD with momentum 0.9 and decay λ: the encoder's momentum buffer is still zero when it starts (the frozen
        // steps left it alone), so its first step is p − lr·m·(g + λp) for weights, p − lr·m·g for the bias.
        const double multiplier = 0.1;
        using var scope = NewDisposeScope();
        using var trainer = new WarmupTrainer("sgd", noise: false) { HeadWarmup = new HeadWarmup(2, multiplier) };
        trainer.Step(WarmupTrainer.Batch(0));
        trainer.Step(WarmupTrainer.Batch(1));
        Tensor w = trainer.Encoder.Weight.detach().clone().requires_grad_(true);
        Tensor b = trainer.Encoder.Bias.detach().clone().requires_grad_(true);
        WarmupTrainer.Loss(WarmupTrainer.Batch(2), w, b, trainer.Head.weight!.detach(), trainer.Head.bias!.detach()).backward();
        double rate = WarmupTrainer.Rate * multiplier;
        Tensor expectedWeight = w.detach() - (rate * (w.grad! + (WarmupTrainer.WeightDecay * w.detach())));
        Tensor expectedBias = b.detach() - (rate * b.grad!);

        trainer.Step(WarmupTrainer.Batch(2));

        double weightError = trainer.Encoder.Weight.detach().sub(expectedWeight).abs().max().item<float>();
        double biasError = trainer.Encoder.Bias.detach().sub(expectedBias).abs().max().item<float>();
        double moved = trainer.Encoder.Weight.detach().sub(w.detach()).abs().max().item<float>();
        Assert.True(weightError < 1e-7, $"weight differs from the hand-computed step by {weightError}");
        Assert.True(biasError < 1e-7, $"bias differs from the hand-computed step by {biasError}");
        Assert.True(moved > 100 * weightError, $"the step ({moved}) is large against the tolerance");
        // At the full rate the step would be ten times as large: the multiplier, not the plain rate, was used.
        double fullRateError = trainer.Encoder.Weight.detach().sub(w.detach() - (WarmupTrainer.Rate * (w.grad! + (WarmupTrainer.WeightDecay * w.detach())))).abs().max().item<float>();
        Assert.True(fullRateError > 10 * weightError);
    }

    [Theory]
    [InlineData(2)] // inside the frozen phase (steps 0-3 frozen)
    [InlineData(5)] // after it: AdamW's per-parameter step counts come from the checkpoint
    public void ResumingFromACheckpointContinuesExactlyAsTheUninterruptedRun(int savedAt)
    {
        using var scope = NewDisposeScope();
        var warmup = new HeadWarmup(4, 0.1);
        using var uninterrupted = new WarmupTrainer("adamw") { HeadWarmup = warmup };
        using var first = new WarmupTrainer("adamw") { HeadWarmup = warmup };
        for (int step = 0; step < 8; step++)
        {
            uninterrupted.Step(WarmupTrainer.Batch(step));
        }

        for (int step = 0; step < savedAt; step++)
        {
            first.Step(WarmupTrainer.Batch(step));
        }

        string path = Path.Combine(folder, $"at-{savedAt}.ckpt");
        first.Save(path);
        using var resumed = new WarmupTrainer("adamw", seed: 2) { HeadWarmup = warmup }; // other initial weights: the checkpoint's replace them
        using var withoutWarmup = new WarmupTrainer("adamw", seed: 2);
        resumed.Load(path);
        withoutWarmup.Load(path);
        for (int step = savedAt; step < 8; step++)
        {
            resumed.Step(WarmupTrainer.Batch(step));
            withoutWarmup.Step(WarmupTrainer.Batch(step));
        }

        Assert.Equal(8, resumed.OptimizerSteps);
        Assert.True(Same(uninterrupted.Encoder.parameters(), resumed.Encoder.parameters()), "the resumed encoder differs");
        Assert.True(Same(uninterrupted.Head.parameters(), resumed.Head.parameters()), "the resumed head differs");
        Assert.False(Same(uninterrupted.Encoder.parameters(), withoutWarmup.Encoder.parameters()), "the option matters after a resume");
    }

    [Fact]
    public void FitFreezesTheFirstStepsOfTheRunAndAResumedFitFreezesTheRest()
    {
        // 32 samples, batch 8: 4 optimizer steps an epoch; the warm-up spans 6, across the checkpoint at the epoch end.
        using var scope = NewDisposeScope();
        Tensor data = rand(32, 1, 2, 2, generator: new Generator(7));
        var warmup = new HeadWarmup(6, 0.5);
        using var uninterrupted = new WarmupTrainer("adamw") { HeadWarmup = warmup };
        using var first = new WarmupTrainer("adamw") { HeadWarmup = warmup };
        Tensor[] initial = Copy(first.Encoder.parameters());
        uninterrupted.Fit(data, epochs: 2);
        first.Fit(data, epochs: 1);
        Assert.True(Same(initial, first.Encoder.parameters()), "the encoder changed during the first 4 steps of a 6-step warm-up");
        string path = Path.Combine(folder, "epoch-1.ckpt");
        first.Save(path);

        using var resumed = new WarmupTrainer("adamw", seed: 3) { HeadWarmup = warmup };
        resumed.Load(path);
        resumed.Fit(data, epochs: 2);

        Assert.Equal(8, resumed.OptimizerSteps);
        Assert.False(Same(initial, resumed.Encoder.parameters()), "the encoder trains after the warm-up");
        Assert.True(Same(uninterrupted.Encoder.parameters(), resumed.Encoder.parameters()), "the resumed run's encoder differs");
        Assert.True(Same(uninterrupted.Head.parameters(), resumed.Head.parameters()), "the resumed run's head differs");
    }

    [Fact]
    public void ContinuePretrainingLoadsEncoderAndMomentumEncoderAndSetsTheWarmup()
    {
        using var scope = NewDisposeScope();
        using var released = new WarmupTrainer("sgd", seed: 4);
        string path = Path.Combine(folder, "released.safetensors");
        EncoderExport.SaveSafetensors(released.Encoder, path);
        using var trainer = new WarmupTrainer("sgd", seed: 5, targetEncoder: true);
        Tensor[] head = Copy(trainer.Head.parameters());

        PretrainedLoadResult result = trainer.ContinuePretraining(path, WeightLayout.SslDsl, headWarmupSteps: 2, encoderLearningRateMultiplier: 0.25);

        Assert.Equal(new[] { "linear.bias", "linear.weight" }, result.Loaded);
        Assert.Equal(new HeadWarmup(2, 0.25), trainer.HeadWarmup);
        Assert.True(trainer.EncoderFrozen);
        Assert.True(Same(Copy(released.Encoder.parameters()), trainer.Encoder.parameters()));
        Assert.True(Same(Copy(released.Encoder.parameters()), trainer.Target!.parameters()), "the momentum encoder starts from the same weights");
        Assert.True(Same(head, trainer.Head.parameters()), "the head stays as it was");
    }

    [Fact]
    public void AFailedContinuePretrainingChangesNeitherWeightsNorWarmup()
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(folder, "other.safetensors");
        using (var other = new WarmupTrainer.LinearEncoder(4, 5))
        {
            EncoderExport.SaveSafetensors(other, path);
        }

        using var trainer = new WarmupTrainer("sgd");
        Tensor[] encoder = Copy(trainer.Encoder.parameters());

        var error = Assert.Throws<PretrainedWeightsMismatchException>(() => trainer.ContinuePretraining(path, WeightLayout.SslDsl, 2, 0.1));

        Assert.Equal(2, error.ShapeMismatches.Count);
        Assert.Null(trainer.HeadWarmup);
        Assert.True(Same(encoder, trainer.Encoder.parameters()));
    }

    [Fact]
    public void AWarmupNeedsAHeadAndValidValues()
    {
        using var encoderOnly = new WarmupTrainer("encoder-only");

        var error = Assert.Throws<InvalidOperationException>(() => encoderOnly.HeadWarmup = new HeadWarmup(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeadWarmup(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeadWarmup(5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeadWarmup(5, double.PositiveInfinity));

        Assert.Contains("no head to warm up", error.Message, StringComparison.Ordinal);
        encoderOnly.HeadWarmup = new HeadWarmup(0, 0.5); // no frozen steps: only the multiplier, which needs no head
        Assert.False(encoderOnly.EncoderFrozen);
    }

    private static Tensor[] Copy(System.Collections.Generic.IEnumerable<Tensor> parameters) => parameters.Select(p => p.detach().clone()).ToArray();
}
