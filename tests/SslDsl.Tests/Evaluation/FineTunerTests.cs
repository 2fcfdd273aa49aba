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
/// FineTuner: a new linear head on a pretrained encoder, two AdamW groups (head LR × HeadMultiplier, encoder LR ×
/// BackboneMultiplier), cosine decay, per-epoch validation, early stopping that restores the best epoch. Layer decay is
/// in <see cref="FineTuneLayerDecayTests"/>, warm-up, label smoothing and the scripted early stop in <see cref="FineTuneScheduleTests"/>.
/// </summary>
public sealed class FineTunerTests
{
    private const int Dim = 16;
    private const int Classes = 4;

    [Fact]
    public void MlpOnSeparableBlobsBeatsChanceByFar()
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Blobs(seed: 1, perClass: 64);
        var (valX, valY) = Blobs(seed: 2, perClass: 32);
        var (testX, testY) = Blobs(seed: 3, perClass: 64);
        using var encoder = new MlpEncoder(Dim, new[] { 32 });
        var options = new FineTuneOptions(LearningRate: 1e-3, HeadMultiplier: 10, BackboneMultiplier: 1, Epochs: 8, Patience: 8, BatchSize: 32, WeightDecay: 0.05);
        var reported = new List<FineTuneEpoch>();

        using FineTuneResult result = FineTuner.Fit(encoder, 32, trainX, trainY, valX, valY, Classes, options, CPU, seed: 11, new SynchronousProgress(reported));

        Assert.Equal(8, result.EpochsRun);
        Assert.False(result.StoppedEarly);
        Assert.Equal(result.History, reported);
        Assert.Equal(Enumerable.Range(1, 8), result.History.Select(e => e.Epoch));
        Assert.All(result.History, e => Assert.Equal(256 / 32, e.Steps));
        Assert.True(result.History[^1].TrainLoss < 0.5 * result.History[0].TrainLoss, $"train loss {result.History[0].TrainLoss} → {result.History[^1].TrainLoss}");
        Assert.True(result.BestValidationTop1 > 0.9, $"validation top-1 {result.BestValidationTop1}");
        Assert.Equal(result.History.Min(e => e.ValidationLoss), result.BestValidationLoss);

        FineTuneEvaluation test = result.Evaluate(testX, testY);
        Assert.Equal(256, test.Samples);
        Assert.True(test.Top1 > 0.9, $"test top-1 {test.Top1} (chance 0.25)");

        // Predict: logits whose argmax gives exactly Evaluate's accuracy
        Tensor logits = result.Predict(testX, batchSize: 100);
        Assert.Equal(new long[] { 256, Classes }, logits.shape);
        Assert.Equal(test.Top1, logits.argmax(1).eq(testY).to_type(ScalarType.Float64).mean().item<double>(), 12);

        // both learning rates follow the same half-cosine over the 8 epochs, the head's 10× the encoder's
        for (int e = 0; e < 8; e++)
        {
            double cosine = 0.5 * (1 + Math.Cos(Math.PI * e / 8));
            Assert.Equal(1e-2 * cosine, result.History[e].HeadLearningRate, 15);
            Assert.Equal(1e-3 * cosine, result.History[e].BackboneLearningRate, 15);
        }
    }

    [Fact]
    public void ConvNetOnByteImagesWithInt32Labels()
    {
        // 1×8×8 byte images, the class is a texture. Bytes go through InputTensors (÷255) per batch.
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Textures(seed: 1, count: 192);
        var (valX, valY) = Textures(seed: 2, count: 64);
        var (testX, testY) = Textures(seed: 3, count: 128);
        using var encoder = new ConvNetEncoder(1, new[] { 16, 32 });
        var options = new FineTuneOptions(LearningRate: 3e-3, Epochs: 8, Patience: 8, BatchSize: 32, WeightDecay: 0);

        using FineTuneResult result = FineTuner.Fit(encoder, 32, trainX, trainY.to_type(ScalarType.Int32), valX, valY.to_type(ScalarType.Int32), Classes, options, CPU, seed: 3);

        FineTuneEvaluation test = result.Evaluate(testX, testY.to_type(ScalarType.Byte));
        Assert.True(test.Top1 > 0.9, $"test top-1 {test.Top1} (chance 0.25)");
        Assert.True(result.BestValidationTop1 > 0.9, $"validation top-1 {result.BestValidationTop1}");
    }

    [Fact]
    public void ZeroBackboneMultiplierLeavesTheEncoderBitIdenticalAndTrainsOnlyTheHead()
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Blobs(seed: 4, perClass: 32);
        var (valX, valY) = Blobs(seed: 5, perClass: 16);
        using var encoder = new MlpEncoder(Dim, new[] { 32 });
        encoder.train();
        Dictionary<string, double[]> before = Snapshot(encoder);
        var options = new FineTuneOptions(LearningRate: 1e-3, BackboneMultiplier: 0, Epochs: 4, Patience: 4, BatchSize: 16);

        using FineTuneResult result = FineTuner.Fit(encoder, 32, trainX, trainY, valX, valY, Classes, options, CPU, seed: 5);

        Dictionary<string, double[]> after = Snapshot(encoder);
        Assert.Equal(before.Keys, after.Keys);
        Assert.Contains(before.Keys, k => k.EndsWith("running_mean", StringComparison.Ordinal)); // buffers are compared too
        foreach (string name in before.Keys)
        {
            Assert.True(before[name].SequenceEqual(after[name]), $"{name} changed");
        }

        Assert.All(encoder.parameters(), p => Assert.Null(p.grad)); // no gradient was ever computed for the encoder
        Assert.True(encoder.training, "the encoder's mode is restored");
        Assert.All(result.History, e => Assert.Equal(0.0, e.BackboneLearningRate));

        using Linear initialHead = FineTuner.CreateHead(32, Classes, seed: 5, CPU);
        Assert.True(result.Head.weight!.sub(initialHead.weight!).abs().max().item<float>() > 1e-3, "the head trained");
        Assert.True(result.Head.bias!.sub(initialHead.bias!).abs().max().item<float>() > 1e-3, "the head bias trained");
        Assert.True(result.BestValidationTop1 > 0.5, $"a head on random features of separable blobs: {result.BestValidationTop1}");
    }

    [Fact]
    public void OneStepMovesEachGroupByItsOwnLearningRateAsAdamWComputedByHand()
    {
        // One full batch, one epoch: a single AdamW step. Adam's first step is w ← w(1 − lr·λ) − lr · g / (|g| + ε)
        // (m̂ = g, v̂ = g²), so every coordinate moves by ≈ its group's learning rate: 1e-2 for the head, 1e-3 for the encoder.
        using var scope = NewDisposeScope();
        const double Lr = 1e-3, Decay = 0.05;
        const long Seed = 21;
        var (x, y) = Blobs(seed: 6, perClass: 8);
        var (valX, valY) = Blobs(seed: 7, perClass: 4);
        using var encoder = new MlpEncoder(Dim, new[] { 32 });
        using var reference = new MlpEncoder(Dim, new[] { 32 });
        CopyState(encoder, reference);
        using Linear referenceHead = FineTuner.CreateHead(32, Classes, Seed, CPU);
        var referenceParameters = reference.named_parameters().Select(np => ("encoder." + np.name, (Tensor)np.parameter))
            .Concat(referenceHead.named_parameters().Select(np => ("head." + np.name, (Tensor)np.parameter))).ToArray();
        Dictionary<string, double[]> initial = referenceParameters.ToDictionary(p => p.Item1, p => Values(p.Item2));

        // hand computation: gradient of the mean cross-entropy on the whole batch, train-mode batch norm
        reference.train();
        nn.functional.cross_entropy(referenceHead.call(reference.call(x)), y).backward();
        Dictionary<string, double[]> gradients = referenceParameters.ToDictionary(p => p.Item1, p => Values(p.Item2.grad!));

        var options = new FineTuneOptions(LearningRate: Lr, HeadMultiplier: 10, BackboneMultiplier: 1, Epochs: 1, Patience: 1, BatchSize: 32, WeightDecay: Decay);
        using FineTuneResult result = FineTuner.Fit(encoder, 32, x, y, valX, valY, Classes, options, CPU, Seed);
        Assert.Equal(1, result.History[0].Steps);

        var actual = encoder.named_parameters().Select(np => ("encoder." + np.name, (Tensor)np.parameter))
            .Concat(result.Head.named_parameters().Select(np => ("head." + np.name, (Tensor)np.parameter)))
            .ToDictionary(p => p.Item1, p => (Values(p.Item2), p.Item2.dim()));
        Assert.Equal(initial.Keys, actual.Keys);
        int checkedCount = 0, total = 0;
        foreach (string name in initial.Keys)
        {
            double lr = name.StartsWith("head.", StringComparison.Ordinal) ? Lr * 10 : Lr;
            double decay = actual[name].Item2 >= 2 ? lr * Decay : 0; // decay on weights only, at the group's rate
            double[] w0 = initial[name], g = gradients[name], w1 = actual[name].Item1;
            var moves = new List<double>();
            for (int i = 0; i < w0.Length; i++)
            {
                total++;
                if (Math.Abs(g[i]) < 1e-5)
                {
                    continue; // the sign of a near-zero gradient depends on summation order
                }

                double expected = (w0[i] * (1 - decay)) - (lr * g[i] / (Math.Abs(g[i]) + 1e-8));
                Assert.True(Math.Abs(w1[i] - expected) < 3e-7, $"{name}[{i}]: {w1[i]} vs hand-computed {expected} (w0 {w0[i]}, g {g[i]}, lr {lr})");
                moves.Add(Math.Abs(w1[i] - (w0[i] * (1 - decay))));
                checkedCount++;
            }

            Assert.NotEmpty(moves);
            Assert.InRange(moves.Average(), lr * 0.99, lr * 1.0001);
        }

        Assert.True(checkedCount > 0.9 * total, $"only {checkedCount} of {total} coordinates had a clear gradient");
    }

    [Fact]
    public void EarlyStoppingOnRandomLabelsRestoresTheBestEpoch()
    {
        // 32 samples with random labels and a wide MLP: the training set is memorised, the validation loss rises.
        using var scope = NewDisposeScope();
        using var generator = new Generator(31);
        Tensor trainX = randn(new long[] { 32, Dim }, generator: generator);
        Tensor trainY = randint(0, Classes, new long[] { 32 }, generator: generator);
        Tensor valX = randn(new long[] { 256, Dim }, generator: generator);
        Tensor valY = randint(0, Classes, new long[] { 256 }, generator: generator);
        using var encoder = new MlpEncoder(Dim, new[] { 128, 128 });
        var options = new FineTuneOptions(LearningRate: 1e-3, Epochs: 60, Patience: 3, BatchSize: 8, WeightDecay: 0);

        using FineTuneResult result = FineTuner.Fit(encoder, 128, trainX, trainY, valX, valY, Classes, options, CPU, seed: 1);

        Assert.True(result.StoppedEarly);
        Assert.True(result.EpochsRun < 60, $"{result.EpochsRun} epochs");
        Assert.Equal(result.BestEpoch + options.Patience, result.EpochsRun);
        Assert.Equal(result.History.Min(e => e.ValidationLoss), result.BestValidationLoss);
        Assert.All(result.History.Skip(result.BestEpoch), e => Assert.True(e.ValidationLoss >= result.BestValidationLoss));
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss, "the training set is being fitted");

        // the weights now are those of the best epoch: its validation loss and accuracy, bit for bit
        FineTuneEvaluation restored = result.Evaluate(valX, valY);
        Assert.Equal(result.BestValidationLoss, restored.Loss);
        Assert.Equal(result.BestValidationTop1, restored.Top1);
        Assert.NotEqual(result.History[^1].ValidationLoss, restored.Loss);
    }

    [Fact]
    public void SameSeedGivesTheSameHistoryAndWeights()
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Blobs(seed: 8, perClass: 24);
        var (valX, valY) = Blobs(seed: 9, perClass: 8);
        using var first = new MlpEncoder(Dim, new[] { 32 });
        using var second = new MlpEncoder(Dim, new[] { 32 });
        using var third = new MlpEncoder(Dim, new[] { 32 });
        CopyState(first, second);
        CopyState(first, third);
        var options = new FineTuneOptions(Epochs: 3, Patience: 3, BatchSize: 16);

        using FineTuneResult a = FineTuner.Fit(first, 32, trainX, trainY, valX, valY, Classes, options, CPU, seed: 7);
        using FineTuneResult b = FineTuner.Fit(second, 32, trainX, trainY, valX, valY, Classes, options, CPU, seed: 7);
        using FineTuneResult c = FineTuner.Fit(third, 32, trainX, trainY, valX, valY, Classes, options, CPU, seed: 8);

        Assert.Equal(a.History, b.History);
        Assert.Equal(Snapshot(first), Snapshot(second));
        Assert.Equal(Values(a.Head.weight!), Values(b.Head.weight!));
        Assert.NotEqual(a.History, c.History);
    }

    public static TheoryData<string, string, string> BadInputs() => new()
    {
        { "classes 1", "classes", "at least 2 classes" },
        { "label too large", "trainLabels", "trainLabels holds 4 at index 0; classes is 4 (labels must be in [0, 4))" },
        { "negative label", "validationLabels", "validationLabels holds -1 at index 3; classes is 4 (labels must be in [0, 4))" },
        { "NaN train input", "trainInputs", "trainInputs holds 2 non-finite value(s) (NaN or ±Inf) in 1 of 32 sample(s); the first is sample 5" },
        { "Inf validation input", "validationInputs", "validationInputs holds 1 non-finite value(s) (NaN or ±Inf) in 1 of 16 sample(s); the first is sample 15" },
        { "label count", "trainLabels", "31 labels" },
        { "float labels", "trainLabels", "integer" },
        { "2-D labels", "trainLabels", "1-D" },
        { "sample shape", "validationInputs", "different sample shapes" },
        { "no samples", "trainInputs", "no samples" },
        { "embedding dim", "embeddingDim", "encoder outputs [2, 32]" },
        { "epochs 0", "options", "Epochs is 0" },
        { "patience 0", "options", "Patience is 0" },
        { "batch 0", "options", "BatchSize is 0" },
        { "learning rate 0", "options", "LearningRate is 0" },
        { "negative head multiplier", "options", "HeadMultiplier is -1" },
        { "negative backbone multiplier", "options", "BackboneMultiplier is -0.5" },
        { "negative weight decay", "options", "WeightDecay is -1" },
        { "layer decay 0", "options", "LayerDecay is 0; must be in (0, 1] (1 = no layer decay)" },
        { "layer decay 1.5", "options", "LayerDecay is 1.5; must be in (0, 1]" },
        { "warm-up as long as the run", "options", "WarmupEpochs is 2; must be >= 0 and below Epochs (2)" },
        { "negative warm-up", "options", "WarmupEpochs is -1" },
        { "label smoothing 1", "options", "LabelSmoothing is 1; must be in [0, 1)" },
        { "NaN label smoothing", "options", "LabelSmoothing is NaN" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputsAreArgumentExceptionsNamingTheProblem(string which, string parameter, string message)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Blobs(seed: 10, perClass: 8);
        var (valX, valY) = Blobs(seed: 11, perClass: 4);
        using var encoder = new MlpEncoder(Dim, new[] { 32 });
        Dictionary<string, double[]> before = Snapshot(encoder);
        var options = new FineTuneOptions(Epochs: 2, Patience: 1, BatchSize: 8);
        int classes = Classes, embeddingDim = 32;
        switch (which)
        {
            case "classes 1": classes = 1; break;
            case "label too large": y = y.clone(); y[0] = tensor(4L); break;
            case "negative label": valY = valY.clone(); valY[3] = tensor(-1L); break;
            case "label count": y = y.narrow(0, 0, 31); break;
            case "NaN train input": x = x.clone(); x[5, 0] = tensor(float.NaN); x[5, 9] = tensor(float.NaN); break;
            case "Inf validation input": valX = valX.clone(); valX[15, 2] = tensor(float.PositiveInfinity); break;
            case "float labels": y = y.to_type(ScalarType.Float32); break;
            case "2-D labels": y = y.reshape(32, 1); break;
            case "sample shape": valX = valX.narrow(1, 0, 8); break;
            case "no samples": x = x.narrow(0, 0, 0); y = y.narrow(0, 0, 0); break;
            case "embedding dim": embeddingDim = 10; break;
            case "epochs 0": options = options with { Epochs = 0 }; break;
            case "patience 0": options = options with { Patience = 0 }; break;
            case "batch 0": options = options with { BatchSize = 0 }; break;
            case "learning rate 0": options = options with { LearningRate = 0 }; break;
            case "negative head multiplier": options = options with { HeadMultiplier = -1 }; break;
            case "negative backbone multiplier": options = options with { BackboneMultiplier = -0.5 }; break;
            case "negative weight decay": options = options with { WeightDecay = -1 }; break;
            case "layer decay 0": options = options with { LayerDecay = 0 }; break;
            case "layer decay 1.5": options = options with { LayerDecay = 1.5 }; break;
            case "warm-up as long as the run": options = options with { WarmupEpochs = 2 }; break;
            case "negative warm-up": options = options with { WarmupEpochs = -1 }; break;
            case "label smoothing 1": options = options with { LabelSmoothing = 1 }; break;
            case "NaN label smoothing": options = options with { LabelSmoothing = double.NaN }; break;
            default: throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(
            () => FineTuner.Fit(encoder, embeddingDim, x, y, valX, valY, classes, options, CPU, seed: 0));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(encoder)); // rejected before any training
    }

    [Fact]
    public void FewerSamplesThanTheBatchSizeTrainOnOneBatchOfAll()
    {
        // 10 labelled samples and the default BatchSize 64: no error about a batch size the caller never set.
        using var scope = NewDisposeScope();
        var (x, y) = Blobs(seed: 13, perClass: 3);
        x = x.narrow(0, 0, 10);
        y = y.narrow(0, 0, 10);
        var (valX, valY) = Blobs(seed: 14, perClass: 2);
        using var encoder = new MlpEncoder(Dim, new[] { 32 });
        var options = new FineTuneOptions(Epochs: 3, Patience: 3);
        Assert.Equal(64, options.BatchSize);

        using FineTuneResult result = FineTuner.Fit(encoder, 32, x, y, valX, valY, Classes, options, CPU, seed: 2);

        Assert.Equal(10, result.BatchSize);
        Assert.Equal(3, result.EpochsRun);
        Assert.Equal(FineTuneStop.AllEpochs, result.StopReason);
        Assert.All(result.History, e => Assert.Equal(1, e.Steps));
        Assert.All(result.History, e => Assert.True(double.IsFinite(e.TrainLoss) && double.IsFinite(e.ValidationLoss)));
        using Linear initialHead = FineTuner.CreateHead(32, Classes, seed: 2, CPU);
        Assert.True(result.Head.weight!.sub(initialHead.weight!).abs().max().item<float>() > 1e-4, "the head trained");
        FineTuneEvaluation evaluation = result.Evaluate(valX, valY);
        Assert.Equal(result.BestValidationLoss, evaluation.Loss);
        Assert.Equal(new long[] { 8, Classes }, result.Predict(valX).shape);
    }

    [Fact]
    public void ANonFiniteLossStopsAndRestoresTheBestFiniteEpoch()
    {
        // The encoder's output turns NaN from epoch 2 on (switched on by the epoch-1 report): epoch 2's AdamW steps make
        // the encoder's weights NaN; Fit must stop there and give back epoch 1's weights and batch-norm statistics.
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Blobs(seed: 15, perClass: 16);
        var (valX, valY) = Blobs(seed: 16, perClass: 8);
        using var encoder = new Poisonable(Dim, 32);
        var options = new FineTuneOptions(Epochs: 5, Patience: 5, BatchSize: 16);
        Dictionary<string, double[]>? afterEpoch1 = null;
        var progress = new SynchronousProgress(new List<FineTuneEpoch>(), e =>
        {
            if (e.Epoch == 1)
            {
                afterEpoch1 = Snapshot(encoder);
                encoder.Poison = double.NaN;
            }
        });

        using FineTuneResult result = FineTuner.Fit(encoder, 32, trainX, trainY, valX, valY, Classes, options, CPU, seed: 4, progress);

        Assert.Equal(FineTuneStop.NonFiniteLoss, result.StopReason);
        Assert.False(result.StoppedEarly);
        Assert.Equal(2, result.EpochsRun);
        Assert.Equal(1, result.BestEpoch);
        Assert.True(double.IsNaN(result.History[1].TrainLoss), $"epoch 2 train loss {result.History[1].TrainLoss}");
        Assert.True(double.IsFinite(result.BestValidationLoss));
        Dictionary<string, double[]> restored = Snapshot(encoder);
        Assert.Contains(restored.Keys, k => k.EndsWith("running_mean", StringComparison.Ordinal));
        Assert.Equal(afterEpoch1, restored); // bit for bit, buffers included
        encoder.Poison = 1;
        Assert.Equal(result.History[0].ValidationLoss, result.Evaluate(valX, valY).Loss);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ANonFiniteFirstEpochThrowsAndRestoresTheWeightsBeforeFit(double poison)
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Blobs(seed: 17, perClass: 16);
        var (valX, valY) = Blobs(seed: 18, perClass: 8);
        using var encoder = new Poisonable(Dim, 32);
        encoder.train();
        Dictionary<string, double[]> before = Snapshot(encoder);
        encoder.Poison = poison;
        var options = new FineTuneOptions(Epochs: 4, Patience: 4, BatchSize: 16);

        var ex = Assert.Throws<FineTuneDivergedException>(() => FineTuner.Fit(encoder, 32, trainX, trainY, valX, valY, Classes, options, CPU, seed: 4));

        Assert.Equal(1, ex.Epoch);
        Assert.Single(ex.History);
        Assert.StartsWith("fine-tuning diverged at epoch 1: training loss NaN", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(NaN or infinite)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(encoder));
        Assert.True(encoder.training, "the encoder's mode is restored");
    }

    [Fact]
    public void EvaluateRejectsLabelsOutsideTheHeadsClasses()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Blobs(seed: 12, perClass: 8);
        using var encoder = new MlpEncoder(Dim, new[] { 32 });
        using FineTuneResult result = FineTuner.Fit(encoder, 32, x, y, x, y, Classes, new FineTuneOptions(Epochs: 1, BatchSize: 32), CPU, seed: 0);

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => result.Evaluate(x, y.add(1)));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains("[0, 4)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => result.Evaluate(x, y.narrow(0, 0, 5)));
    }

    /// <summary>Four Gaussian blobs in 16-D around fixed means (the same for every split), unit noise.</summary>
    private static (Tensor X, Tensor Y) Blobs(ulong seed, int perClass)
    {
        using var meansGenerator = new Generator(1000);
        Tensor means = randn(new long[] { Classes, Dim }, generator: meansGenerator).mul_(1.5);
        using var generator = new Generator(seed);
        Tensor y = arange(Classes, dtype: ScalarType.Int64).repeat_interleave(perClass);
        Tensor x = means.index_select(0, y).add(randn(new long[] { Classes * perClass, Dim }, generator: generator));
        return (x, y);
    }

    /// <summary>
    /// Byte images 1×8×8, noise in [0, 80) plus a texture of amplitude 120 that is the class (translation-invariant,
    /// as the ConvNet's global average pooling needs): horizontal stripes, vertical stripes, checkerboard, none.
    /// </summary>
    private static (Tensor X, Tensor Y) Textures(ulong seed, int count)
    {
        using var generator = new Generator(seed);
        Tensor y = randint(0, Classes, new long[] { count }, generator: generator);
        Tensor noise = rand(new long[] { count, 1, 8, 8 }, generator: generator).mul_(80);
        Tensor rows = arange(8).remainder(2).reshape(8, 1).expand(8, 8);
        Tensor columns = arange(8).remainder(2).reshape(1, 8).expand(8, 8);
        Tensor patterns = stack(new[] { rows, columns, rows.add(columns).remainder(2), zeros(8, 8, dtype: ScalarType.Int64) })
            .to_type(ScalarType.Float32).mul_(120);
        Tensor images = noise.add(patterns.index_select(0, y).unsqueeze(1));
        return (images.to_type(ScalarType.Byte), y);
    }

    private static double[] Values(Tensor t) => t.detach().to_type(ScalarType.Float64).cpu().data<double>().ToArray();

    /// <summary>Every parameter and buffer (batch-norm statistics included) by name, as float64 on the host.</summary>
    private static Dictionary<string, double[]> Snapshot(nn.Module module) =>
        module.named_parameters().Select(np => (np.name, (Tensor)np.parameter))
            .Concat(module.named_buffers())
            .ToDictionary(p => p.Item1, p => Values(p.Item2));

    private static void CopyState(nn.Module from, nn.Module to)
    {
        using var noGrad = no_grad();
        foreach (var (source, target) in from.parameters().Zip(to.parameters()))
        {
            target.copy_(source);
        }

        foreach (var (source, target) in from.buffers().Zip(to.buffers()))
        {
            target.copy_(source);
        }
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(List<FineTuneEpoch> sink, Action<FineTuneEpoch>? then = null) : IProgress<FineTuneEpoch>
    {
        public void Report(FineTuneEpoch value)
        {
            sink.Add(value);
            then?.Invoke(value);
        }
    }

    /// <summary>An MLP encoder whose output is multiplied by <see cref="Poison"/> (1: unchanged; NaN or ∞: diverged).</summary>
    private sealed class Poisonable : nn.Module<Tensor, Tensor>
    {
        private readonly MlpEncoder inner;

        public Poisonable(int inputDim, int width) : base(nameof(Poisonable))
        {
            inner = new MlpEncoder(inputDim, new[] { width });
            RegisterComponents();
        }

        public double Poison { get; set; } = 1;

        public override Tensor forward(Tensor input) => Poison == 1 ? inner.call(input) : inner.call(input).mul(Poison);
    }
}
