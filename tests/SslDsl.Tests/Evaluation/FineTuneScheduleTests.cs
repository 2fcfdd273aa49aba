using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Encoders;
using SslDsl.Evaluation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>
/// Fine-tuning's warm-up, label smoothing, per-epoch history and early stopping on a validation curve the test
/// scripts.
/// </summary>
public sealed class FineTuneScheduleTests
{
    private const int Dim = 8;
    private const int Classes = 4;

    [Fact]
    public void WarmUpRisesLinearlyPerStepThenTheCosineDecays()
    {
        // 32 samples in batches of 8: 4 steps per epoch, 2 warm-up epochs = 8 warm-up steps of 16. The history records
        // the rate at each epoch's first step: steps 0, 4, 8, 12 → 1/8, 5/8, then cosine at 0 and 1/2 of the decay.
        using var scope = NewDisposeScope();
        var (x, y) = Data(seed: 1, count: 32);
        using var encoder = new MlpEncoder(Dim, new[] { 16 });
        var options = new FineTuneOptions(LearningRate: 1e-3, HeadMultiplier: 10, Epochs: 4, Patience: 4, BatchSize: 8, WarmupEpochs: 2);

        using FineTuneResult result = FineTuner.Fit(encoder, 16, x, y, x, y, Classes, options, CPU, seed: 2);

        double[] factors = { 1.0 / 8, 5.0 / 8, 1.0, 0.5 };
        Assert.Equal(4, result.EpochsRun);
        for (int e = 0; e < 4; e++)
        {
            FineTuneEpoch epoch = result.History[e];
            Assert.Equal(4, epoch.Steps);
            Assert.Equal(1e-2 * factors[e], epoch.HeadLearningRate, 15);
            Assert.Equal(1e-3 * factors[e], epoch.BackboneLearningRate, 15);
            Assert.Equal(2, epoch.LearningRates.Count);
            Assert.Equal(1e-2 * factors[e], epoch.LearningRates[0], 15);
            Assert.Equal(1e-3 * factors[e], epoch.LearningRates[1], 15);
        }
    }

    [Fact]
    public void TheFirstWarmUpStepMovesTheWeightsByTheWarmedUpRate()
    {
        // One step per epoch, 2 warm-up epochs of 3: the first step runs at half the rate. Adam's first step moves a
        // coordinate by ≈ its rate, so after epoch 1 the encoder's largest move is 0.5 × 1e-2.
        using var scope = NewDisposeScope();
        var (x, y) = Data(seed: 3, count: 16);
        using var encoder = new MlpEncoder(Dim, new[] { 16 });
        double[] before = Flat(encoder);
        double moved = double.NaN;
        var progress = new Callback(e =>
        {
            if (e.Epoch == 1)
            {
                moved = Flat(encoder).Zip(before, (a, b) => Math.Abs(a - b)).Max();
            }
        });
        var options = new FineTuneOptions(LearningRate: 1e-2, Epochs: 3, Patience: 3, BatchSize: 16, WeightDecay: 0, WarmupEpochs: 2);

        using FineTuneResult result = FineTuner.Fit(encoder, 16, x, y, x, y, Classes, options, CPU, seed: 4, progress);

        Assert.InRange(moved, 0.5e-2 * 0.98, 0.5e-2 * 1.002);
        Assert.Equal(new[] { 0.5e-2, 1e-2, 1e-2 }, result.History.Select(e => Math.Round(e.BackboneLearningRate, 15)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public void LabelSmoothingGivesTheTrainingLossOfAFloat64Reference(double smoothing)
    {
        // Frozen encoder, one full batch: epoch 1's training loss is the smoothed cross-entropy of the initial head on
        // the eval-mode features, −Σ_c q_c log p_c with q = (1 − ε)·one-hot + ε/C, computed here in float64.
        using var scope = NewDisposeScope();
        const long Seed = 6;
        var (x, y) = Data(seed: 5, count: 32);
        manual_seed(2); // the encoder's initialisation, and with it the size of the smoothing's effect, must not depend on test order
        using var encoder = new MlpEncoder(Dim, new[] { 16 });
        var options = new FineTuneOptions(LearningRate: 1e-3, BackboneMultiplier: 0, Epochs: 1, Patience: 1, BatchSize: 32, LabelSmoothing: smoothing);

        using FineTuneResult result = FineTuner.Fit(encoder, 16, x, y, x, y, Classes, options, CPU, Seed);

        encoder.eval();
        using Linear head = FineTuner.CreateHead(16, Classes, Seed, CPU);
        double[,] logits = Logits(encoder, head, x);
        long[] labels = y.data<long>().ToArray();
        double smoothed = 0, plain = 0;
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double max = Enumerable.Range(0, Classes).Max(c => logits[i, c]);
            double logSum = max + Math.Log(Enumerable.Range(0, Classes).Sum(c => Math.Exp(logits[i, c] - max)));
            for (int c = 0; c < Classes; c++)
            {
                double target = ((c == labels[i] ? 1 : 0) * (1 - smoothing)) + (smoothing / Classes);
                smoothed -= target * (logits[i, c] - logSum);
            }

            plain -= logits[i, labels[i]] - logSum;
            correct += Enumerable.Range(0, Classes).OrderByDescending(c => logits[i, c]).First() == labels[i] ? 1 : 0;
        }

        smoothed /= labels.Length;
        plain /= labels.Length;
        FineTuneEpoch epoch = result.History[0];
        Assert.True(Math.Abs(smoothed - epoch.TrainLoss) < 2e-6, $"training loss {epoch.TrainLoss} vs float64 reference {smoothed}");
        Assert.Equal(correct / 32.0, epoch.TrainTop1);
        if (smoothing > 0)
        {
            // near-uniform initial predictions keep the difference small, but far above the tolerance of the check above
            Assert.True(Math.Abs(epoch.TrainLoss - plain) > 1e-4, $"smoothing changes the loss: {epoch.TrainLoss} vs unsmoothed {plain}");
        }
    }

    [Fact]
    public void EarlyStoppingFollowsAScriptedValidationCurveAndRestoresTheBestEpoch()
    {
        // The encoder outputs T·v for every sample, T set per epoch by the test; every label is the class k whose logit
        // grows fastest with T under the initial head, so the validation loss falls strictly as T rises. With a learning
        // rate so small that training cannot reorder the curve, the validation losses follow the script:
        // T = 1, 2, 1.5, 3, 2.5, 2.8, 2.9, … → best at epoch 4, no improvement at 5, 6, 7 → stop after epoch 7 (Patience 3).
        using var scope = NewDisposeScope();
        const long Seed = 9;
        double[] script = { 1, 2, 1.5, 3, 2.5, 2.8, 2.9, 4, 5 };
        using var encoder = new Scripted(Dim) { Scale = script[0] };
        using Linear initialHead = FineTuner.CreateHead(Dim, Classes, Seed, CPU);
        long k = initialHead.weight!.sum(1).argmax().item<long>(); // logits of T·1: T·(row sums of W) + b
        Tensor x = zeros(24, 1);
        Tensor y = full(24, k, dtype: ScalarType.Int64);
        var progress = new Callback(e => encoder.Scale = script[Math.Min(e.Epoch, script.Length - 1)]);
        var options = new FineTuneOptions(LearningRate: 1e-6, BackboneMultiplier: 0, Epochs: script.Length, Patience: 3, BatchSize: 24);

        using FineTuneResult result = FineTuner.Fit(encoder, Dim, x, y, x, y, Classes, options, CPU, Seed, progress);

        double[] losses = result.History.Select(e => e.ValidationLoss).ToArray();
        Assert.Equal(FineTuneStop.EarlyStopping, result.StopReason);
        Assert.Equal(7, result.EpochsRun);
        Assert.Equal(4, result.BestEpoch);
        Assert.Equal(new[] { 4, 7, 6, 5, 2, 3, 1 }, Ranks(losses)); // lowest loss first: the script's order of T, descending

        // the head holds epoch 4's weights: with epoch 4's input scale it reproduces epoch 4's validation loss bit for bit
        encoder.Scale = script[3];
        Assert.Equal(result.History[3].ValidationLoss, result.Evaluate(x, y).Loss);
        encoder.Scale = script[6]; // epoch 7's weights (three more steps) would reproduce epoch 7's loss; the restored ones do not
        Assert.NotEqual(result.History[6].ValidationLoss, result.Evaluate(x, y).Loss);
    }

    [Fact]
    public void TheHistoryShowsOverfittingAsTrainingTop1RisesAboveValidation()
    {
        // Random labels on 32 samples: a wide MLP memorises them (training top-1 → 1) while validation stays at chance.
        using var scope = NewDisposeScope();
        using var generator = new Generator(31);
        Tensor trainX = randn(new long[] { 32, Dim }, generator: generator);
        Tensor trainY = randint(0, Classes, new long[] { 32 }, generator: generator);
        Tensor valX = randn(new long[] { 256, Dim }, generator: generator);
        Tensor valY = randint(0, Classes, new long[] { 256 }, generator: generator);
        using var encoder = new MlpEncoder(Dim, new[] { 128, 128 });
        var options = new FineTuneOptions(LearningRate: 3e-3, Epochs: 30, Patience: 30, BatchSize: 8, WeightDecay: 0);

        using FineTuneResult result = FineTuner.Fit(encoder, 128, trainX, trainY, valX, valY, Classes, options, CPU, seed: 1);

        FineTuneEpoch last = result.History[^1];
        Assert.All(result.History, e => Assert.InRange(e.TrainTop1, 0, 1));
        Assert.All(result.History, e => Assert.Equal(e.TrainTop1 * 32, Math.Round(e.TrainTop1 * 32), 9)); // counts of 32 samples
        Assert.True(last.TrainTop1 > 0.9, $"training top-1 {last.TrainTop1}");
        Assert.InRange(last.ValidationTop1, 0.1, 0.45);
        Assert.True(last.GeneralisationGap > 0.4, $"gap {last.GeneralisationGap}");
        Assert.True(last.ValidationLoss > result.BestValidationLoss, "the validation loss rose after its best epoch");
    }

    /// <summary>1-based epochs ordered from the lowest validation loss to the highest.</summary>
    private static int[] Ranks(double[] losses) => losses.Select((l, i) => (l, i)).OrderBy(p => p.l).Select(p => p.i + 1).ToArray();

    private static (Tensor X, Tensor Y) Data(ulong seed, int count)
    {
        using var generator = new Generator(seed);
        Tensor y = randint(0, Classes, new long[] { count }, generator: generator);
        Tensor x = randn(new long[] { count, Dim }, generator: generator).add_(y.unsqueeze(1).to_type(ScalarType.Float32));
        return (x, y);
    }

    private static double[] Flat(nn.Module module) =>
        module.parameters().SelectMany(p => p.detach().to_type(ScalarType.Float64).cpu().data<double>().ToArray()).ToArray();

    private static double[,] Logits(nn.Module<Tensor, Tensor> encoder, Linear head, Tensor x)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor features = encoder.call(x).to_type(ScalarType.Float64);
        Tensor logits = features.matmul(head.weight!.to_type(ScalarType.Float64).t()).add(head.bias!.to_type(ScalarType.Float64));
        var result = new double[logits.shape[0], logits.shape[1]];
        double[] flat = logits.data<double>().ToArray();
        for (int i = 0; i < flat.Length; i++)
        {
            result[i / logits.shape[1], i % logits.shape[1]] = flat[i];
        }

        return result;
    }

    /// <summary>IProgress that runs on the calling thread, between epochs.</summary>
    private sealed class Callback(Action<FineTuneEpoch> action) : IProgress<FineTuneEpoch>
    {
        public void Report(FineTuneEpoch value) => action(value);
    }

    /// <summary>An encoder without parameters whose output is <see cref="Scale"/> × a vector of ones for every sample.</summary>
    private sealed class Scripted : nn.Module<Tensor, Tensor>
    {
        private readonly int dim;

        public Scripted(int dim) : base(nameof(Scripted))
        {
            this.dim = dim;
            RegisterComponents();
        }

        public double Scale { get; set; } = 1;

        public override Tensor forward(Tensor input) => full(input.shape[0], dim, Scale, device: input.device);
    }
}
