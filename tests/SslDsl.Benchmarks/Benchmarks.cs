using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

// BenchmarkDotNet classes (full mode). Every training step is one invocation; each class warms its trainers up in
// GlobalSetup (the first step allocates optimizer state and loss masks), and every step adds the tensors it left alive
// on this thread to LeakLog (allocation-free), printed after the summary.

/// <summary>Issue requirement: SimCLR augmentation of 2 x 256 views vs a ResNet-18 training step. Ratio column = fraction.</summary>
public class ResNet18AugmentationFraction
{
    private Tensor batch = null!;
    private ResNet18SimClr.Trainer? trainer;
    private SimClrAugmentation? augmentation;

    [GlobalSetup(Target = nameof(ResNet18Step))]
    public void SetupStep()
    {
        batch = Workload.CreateBatch();
        trainer = ResNet18SimClr.CreateTrainer(torch.CPU, Workload.Seed);
        trainer.Step(batch);
    }

    [GlobalSetup(Target = nameof(Augmentation))]
    public void SetupAugmentation()
    {
        batch = Workload.CreateBatch();
        augmentation = new SimClrAugmentation(torch.CPU, Workload.Seed);
        augmentation.Run(batch);
    }

    [Benchmark(Baseline = true, Description = "ResNet-18 SimCLR step (generated, incl. augmentation)")]
    public void ResNet18Step()
    {
        long before = Workload.LiveTensors;
        trainer!.Step(batch);
        LeakLog.Record("ResNet-18 generated step", Workload.LiveTensors - before, 1);
    }

    [Benchmark(Description = "SimCLR augmentation, 2 x 256 views")]
    public void Augmentation() => augmentation!.Run(batch);

    [GlobalCleanup]
    public void Cleanup()
    {
        trainer?.Dispose();
        augmentation?.Dispose();
        batch.Dispose();
        (trainer, augmentation) = (null, null);
    }
}

/// <summary>The same with the lighter ConvNet encoder. Ratio column of the augmentation = fraction of a step.</summary>
public class ConvNetAugmentationFraction
{
    private Tensor batch = null!;
    private ConvNetSimClr.Trainer? trainer;
    private SimClrAugmentation? augmentation;

    [GlobalSetup]
    public void Setup()
    {
        batch = Workload.CreateBatch();
        trainer = ConvNetSimClr.CreateTrainer(torch.CPU, Workload.Seed);
        trainer.Step(batch);
        augmentation = new SimClrAugmentation(torch.CPU, Workload.Seed);
        augmentation.Run(batch);
    }

    [Benchmark(Baseline = true, Description = "ConvNet SimCLR step (generated, incl. augmentation)")]
    public void ConvNetStep()
    {
        long before = Workload.LiveTensors;
        trainer!.Step(batch);
        LeakLog.Record("ConvNet generated step (fraction benchmark)", Workload.LiveTensors - before, 1);
    }

    [Benchmark(Description = "SimCLR augmentation, 2 x 256 views")]
    public void Augmentation() => augmentation!.Run(batch);

    [GlobalCleanup]
    public void Cleanup()
    {
        trainer?.Dispose();
        augmentation?.Dispose();
        batch.Dispose();
    }
}

/// <summary>
/// Generated <c>Trainer.Step</c> vs the hand-written TorchSharp loop on the same experiment (ConvNet, projector,
/// NT-Xent, AdamW, batch 256), with the SimCLR augmentations on both sides or none. Ratio = generated / hand-written.
/// </summary>
public class GeneratedVsHandWritten
{
    private Tensor batch = null!;
    private ConvNetSimClr.Trainer? generated;
    private ConvNetSimClrNoAugmentation.Trainer? generatedPlain;
    private HandWrittenSimClr? hand;
    private string handKey = "", generatedKey = "";

    [Params(true, false)]
    public bool Augment { get; set; }

    [GlobalSetup(Target = nameof(HandWritten))]
    public void SetupHandWritten()
    {
        SetKeys();
        batch = Workload.CreateBatch();
        hand = new HandWrittenSimClr(Augment, torch.CPU, Workload.Seed);
        hand.Step(batch);
    }

    [GlobalSetup(Target = nameof(Generated))]
    public void SetupGenerated()
    {
        SetKeys();
        batch = Workload.CreateBatch();
        if (Augment)
        {
            generated = ConvNetSimClr.CreateTrainer(torch.CPU, Workload.Seed);
            generated.Step(batch);
        }
        else
        {
            generatedPlain = ConvNetSimClrNoAugmentation.CreateTrainer(torch.CPU, Workload.Seed);
            generatedPlain.Step(batch);
        }
    }

    [Benchmark(Baseline = true, Description = "hand-written TorchSharp step")]
    public void HandWritten()
    {
        long before = Workload.LiveTensors;
        hand!.Step(batch);
        LeakLog.Record(handKey, Workload.LiveTensors - before, 1);
    }

    [Benchmark(Description = "generated Trainer.Step")]
    public void Generated()
    {
        long before = Workload.LiveTensors;
        if (generated is not null) generated.Step(batch);
        else generatedPlain!.Step(batch);
        LeakLog.Record(generatedKey, Workload.LiveTensors - before, 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        hand?.Dispose();
        generated?.Dispose();
        generatedPlain?.Dispose();
        batch.Dispose();
        (hand, generated, generatedPlain) = (null, null, null);
    }

    private void SetKeys()
    {
        string variant = Augment ? "with augmentations" : "no augmentation";
        handKey = $"hand-written step, {variant}";
        generatedKey = $"generated step, {variant}";
    }
}
