using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Objectives;
using SslDsl.Optimization;
using SslDsl.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Loop;

/// <summary>The losses <see cref="CacheTrainer"/> can compare its views with.</summary>
public enum CacheObjective
{
    NtXent,
    BarlowTwins,
    Vicreg,
    Byol,
    SimSiam,
}

/// <summary>
/// A hand-written joint-embedding trainer in float64 for the GradCache tests: an MLP encoder on 1x4x4 images (optionally
/// with BatchNorm and dropout), a linear projector, for BYOL and SimSiam a linear predictor, for BYOL a target network. The second view
/// is a fixed transform of the first (so that batch size and accumulation change no draw), or with <c>noise</c> the
/// first plus Gaussian noise from the trainer's generator. The optimizer is plain SGD that records the gradients it
/// steps on.
/// </summary>
internal sealed class CacheTrainer : JointEmbeddingTrainer
{
    private readonly CacheObjective objective;
    private readonly bool noise;
    private readonly NtXentLoss ntXent;
    private readonly BarlowTwinsLoss barlowTwins = new(0.05);
    private readonly VicRegLoss vicreg = new();

    public CacheTrainer(CacheObjective objective, int batchSize, int accumulationSteps, bool noise = false, bool dropout = false, bool batchNorm = false, int seed = 1)
        : base(SettingsFor(batchSize, accumulationSteps), CPU, seed)
    {
        this.objective = objective;
        this.noise = noise;
        ntXent = Own(new NtXentLoss(0.5, 2));
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("flatten", nn.Flatten()), ("linear", nn.Linear(16, 12)) };
        if (batchNorm)
        {
            layers.Add(("bn", nn.BatchNorm1d(12)));
        }

        layers.Add(("relu", nn.ReLU()));
        if (dropout)
        {
            layers.Add(("dropout", nn.Dropout(0.3)));
        }

        Encoder = RegisterEncoder(nn.Sequential(layers.ToArray()).to(float64), outputDim: 12);
        Projector = Register("projector", nn.Linear(12, 6).to(float64));
        var trained = new List<nn.Module> { Encoder, Projector };
        if (objective is CacheObjective.Byol or CacheObjective.SimSiam)
        {
            Predictor = Register("predictor", nn.Linear(6, 6).to(float64));
            trained.Add(Predictor);
        }

        if (objective == CacheObjective.Byol)
        {
            Target = Register("target", nn.Sequential(nn.Flatten(), nn.Linear(16, 12), nn.ReLU(), nn.Linear(12, 6)).to(float64));
        }

        InitialiseFrom(seed);
        Recorder = new RecordingSgd(ParametersOf(trained.ToArray()));
        UseOptimizer(Recorder);
    }

    public Sequential Encoder { get; }

    public Linear Projector { get; }

    public Linear? Predictor { get; }

    public Sequential? Target { get; }

    public RecordingSgd Recorder { get; }

    /// <summary>Called after each optimizer step with the step count (tests cancel from here).</summary>
    public Action<long>? OnStep { get; set; }

    /// <summary>Calls of <see cref="EncodeViews"/>, and of those how many ran the target network.</summary>
    public int EncodeCalls { get; private set; }

    public int TargetCalls { get; private set; }

    /// <summary>Every trainable parameter, in the optimizer's order.</summary>
    public Parameter[] Trained => Recorder.Parameters;

    public static TrainerSettings SettingsFor(int batchSize, int accumulationSteps) => new()
    {
        Experiment = "Tests.CacheTrainer",
        Input = InputShape.Image(1, 4, 4),
        BatchSize = batchSize,
        Epochs = 1,
        AccumulationSteps = accumulationSteps,
        LogEverySteps = 1,
        LearningRate = 0.05,
    };

    /// <summary>
    /// The reference GradCache must reproduce: every batch through the networks with a graph, drawing as the trainer
    /// does, the outputs joined view-major over all samples, one loss, one backward. Returns the gradients and the loss.
    /// </summary>
    public (Tensor[] Gradients, double Loss) OneGraph(IReadOnlyList<Tensor> batches)
    {
        Recorder.ZeroGrad();
        ViewOutputs[] outputs = batches.Select(b => EncodeViews(b, withTargets: true)).ToArray();
        Tensor Join(Func<ViewOutputs, Tensor> of) => cat(outputs.Select(o => of(o).reshape(2, -1, of(o).shape[1])).ToArray(), 1).reshape(-1, of(outputs[0]).shape[1]);
        var whole = new ViewOutputs(2, Join(o => o.Projections), Predictor is null ? null : Join(o => o.Predictions), Target is null ? null : Join(o => o.Targets));
        Tensor loss = ComputeLoss(whole);
        loss.backward();
        Tensor[] gradients = Trained.Select(p => p.grad!.detach().clone()).ToArray();
        Recorder.ZeroGrad();
        return (gradients, loss.item<double>());
    }

    /// <summary>Plain accumulation by hand (each batch's own loss, averaged): what GradCache replaces.</summary>
    public Tensor[] AveragedPerBatch(IReadOnlyList<Tensor> batches)
    {
        Recorder.ZeroGrad();
        foreach (Tensor batch in batches)
        {
            ComputeLoss(EncodeViews(batch, withTargets: true)).div(batches.Count).backward();
        }

        Tensor[] gradients = Trained.Select(p => p.grad!.detach().clone()).ToArray();
        Recorder.ZeroGrad();
        return gradients;
    }

    /// <summary>The encoder's outputs on <paramref name="batch"/> without a graph (a plain forward pass in the current mode).</summary>
    public void ForwardWithoutGraph(Tensor batch)
    {
        using var noGrad = no_grad();
        EncodeViews(batch, withTargets: true);
    }

    protected override void AfterOptimizerStep() => OnStep?.Invoke(OptimizerSteps);

    protected override ViewOutputs EncodeViews(Tensor batch, bool withTargets)
    {
        EncodeCalls++;
        Tensor x = batch.to_type(float64);
        Tensor second = noise ? x.add(randn(x.shape, dtype: float64, generator: Generator).mul_(0.1)) : x.flip(3).mul(0.8).add(0.1);
        Tensor views = cat(new[] { x, second }, 0);
        Tensor embeddings = Encoder.call(views);
        Tensor projections = Projector.call(embeddings);
        Tensor? predictions = Predictor?.call(projections);
        Tensor? targets = null;
        if (withTargets && Target is not null)
        {
            TargetCalls++;
            using (no_grad())
            {
                targets = Target.call(views);
            }
        }

        return new ViewOutputs(2, projections, predictions, targets, embeddings);
    }

    protected override Tensor ComputeLoss(ViewOutputs outputs) => objective switch
    {
        CacheObjective.NtXent => ntXent.Compute(outputs.Projections),
        CacheObjective.BarlowTwins => barlowTwins.Compute(outputs.Projections),
        CacheObjective.Vicreg => vicreg.Compute(outputs.Projections),
        CacheObjective.SimSiam => SimSiamLoss.Compute(outputs.Predictions, outputs.Projections), // no gradient through the projections
        _ => ByolLoss.Compute(outputs.Predictions, outputs.Targets),
    };

    /// <summary>Weights from the trainer's own generator (other tests draw from the global one concurrently).</summary>
    private void InitialiseFrom(int seed)
    {
        using var generator = new Generator((ulong)seed + 2000);
        using var noGrad = no_grad();
        var modules = new nn.Module?[] { Encoder, Projector, Predictor, Target }.OfType<nn.Module>();
        foreach (Parameter p in modules.SelectMany(m => m.parameters()))
        {
            if (p.dim() >= 2)
            {
                p.copy_(rand(p.shape, dtype: float64, generator: generator).mul_(2).sub_(1).mul_(1.0 / Math.Sqrt(p.shape[1])));
            }
            else
            {
                p.copy_(rand(p.shape, dtype: float64, generator: generator).mul_(0.2).sub_(0.1));
            }
        }
    }
}

/// <summary>SGD without momentum that keeps a copy of the gradients of every step.</summary>
internal sealed class RecordingSgd : SslOptimizer
{
    public RecordingSgd(IEnumerable<Parameter> parameters) : base(parameters)
    {
    }

    public List<Tensor[]> Steps { get; } = new();

    public override void Step(double learningRate)
    {
        using var noGrad = no_grad();
        Steps.Add(Parameters.Select(p => (p.grad is { } g ? g.detach().clone() : zeros_like(p)).DetachFromDisposeScope()).ToArray());
        foreach (Parameter p in Parameters)
        {
            if (p.grad is { } g)
            {
                p.sub_(g.mul(learningRate));
            }
        }

        StepCount++;
    }

    protected override IEnumerable<Tensor> StateTensors() => Array.Empty<Tensor>();
}
