using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>
/// Quick mode: a few Stopwatch-timed calls of everything in one process, the compared operations interleaved (their
/// order alternating per round) so that the machine's load drifts hit both sides alike; medians and ratios.
/// </summary>
public static class QuickRun
{
    public static void Run(int rounds, int resnetRounds)
    {
        var clock = Stopwatch.StartNew();
        Device cpu = torch.CPU;
        using Tensor batch = Workload.CreateBatch();

        // ---- ConvNet: generated vs hand-written (with the SimCLR augmentations on both sides, and with none) ----
        using var generated = ConvNetSimClr.CreateTrainer(cpu, Workload.Seed);
        using var hand = new HandWrittenSimClr(augment: true, cpu, Workload.Seed);
        using var generatedPlain = ConvNetSimClrNoAugmentation.CreateTrainer(cpu, Workload.Seed);
        using var handPlain = new HandWrittenSimClr(augment: false, cpu, Workload.Seed);
        using var augmentation = new SimClrAugmentation(cpu, Workload.Seed);
        hand.CopyWeightsFrom(TrainerParameters(generated.Encoder, generated.Projector));
        handPlain.CopyWeightsFrom(TrainerParameters(generatedPlain.Encoder, generatedPlain.Projector));

        Console.WriteLine();
        Console.WriteLine("== Check: same initial weights, no augmentation, one step each (also the warm-up step of that pair) ==");
        CheckSameComputation(batch, generatedPlain, handPlain);

        Console.WriteLine();
        Console.WriteLine($"== Measuring: ConvNet SimCLR steps, generated vs hand-written, 1 warm-up step each + {rounds} interleaved rounds ==");
        generated.Step(batch);
        hand.Step(batch);
        augmentation.Run(batch);
        SettleGarbage();

        var sGenerated = new Series("generated Trainer.Step");
        var sHand = new Series("hand-written TorchSharp");
        var sGeneratedPlain = new Series("generated Trainer.Step");
        var sHandPlain = new Series("hand-written TorchSharp");
        var sAugmentation = new Series("augmentation only");
        Action stepGenerated = () => generated.Step(batch);
        Action stepHand = () => hand.Step(batch);
        Action stepGeneratedPlain = () => generatedPlain.Step(batch);
        Action stepHandPlain = () => handPlain.Step(batch);
        Action augment = () => augmentation.Run(batch);
        for (int r = 0; r < rounds; r++)
        {
            bool generatedFirst = r % 2 == 0;
            Pair(sGenerated, stepGenerated, sHand, stepHand, generatedFirst);
            sAugmentation.Measure(augment);
            Pair(sGeneratedPlain, stepGeneratedPlain, sHandPlain, stepHandPlain, generatedFirst);
            Console.WriteLine($"  round {r + 1}/{rounds}: with augmentations generated {Ms(sGenerated.Last)} / hand-written {Ms(sHand.Last)} ms, "
                + $"without generated {Ms(sGeneratedPlain.Last)} / hand-written {Ms(sHandPlain.Last)} ms, augmentation {Ms(sAugmentation.Last)} ms");
        }

        // ---- ResNet-18 step vs augmentation ----
        Console.WriteLine();
        Console.WriteLine($"== Measuring: ResNet-18 SimCLR step (generated), 1 warm-up step + {resnetRounds} round(s) of (3 augmentations, 1 step) ==");
        var sResNet = new Series("ResNet-18 generated Trainer.Step");
        var sAugmentationResNet = new Series("augmentation only");
        var perOperation = new double[SimClrAugmentation.OperationNames.Length];
        double resnetWarmUp;
        using (var resnet = ResNet18SimClr.CreateTrainer(cpu, Workload.Seed))
        {
            Action stepResNet = () => resnet.Step(batch);
            Action augmentTimed = () => augmentation.RunTimed(batch, perOperation);
            long t0 = Stopwatch.GetTimestamp();
            resnet.Step(batch);
            SettleGarbage();
            resnetWarmUp = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            Console.WriteLine($"  warm-up step: {resnetWarmUp:F1} s");
            for (int r = 0; r < resnetRounds; r++)
            {
                for (int k = 0; k < 3; k++) sAugmentationResNet.Measure(augmentTimed);
                sResNet.Measure(stepResNet);
                Console.WriteLine($"  round {r + 1}/{resnetRounds}: step {sResNet.Last:F1} s, augmentation {Ms(sAugmentationResNet.MedianSeconds)} ms (median of 3)");
            }
        }

        // ---- Report ----
        Console.WriteLine();
        Console.WriteLine("== 1. Augmentation cost: SimCLR pipeline on 2 x 256 views of 3x32x32 vs one training step, batch 256 ==");
        Console.WriteLine("   (medians of wall time and of process CPU time; each step includes that same augmentation; fraction = augmentation / step)");
        Console.WriteLine($"   {"measured",-50} {"wall ms",10} {"min..max ms",16} {"CPU ms",10} {"n",3}");
        Row1("augmentation only (next to the ResNet steps)", sAugmentationResNet);
        Row1($"ResNet-18 step, generated, LARS (warm-up {resnetWarmUp:F0} s)", sResNet);
        Fraction("=> augmentation / ResNet-18 step", sAugmentationResNet, sResNet);
        Row1("augmentation only (next to the ConvNet steps)", sAugmentation);
        Row1("ConvNet 32-64-128-256 step, generated, AdamW", sGenerated);
        Fraction("=> augmentation / ConvNet step", sAugmentation, sGenerated);
        double augmentationSum = perOperation.Sum();
        Console.WriteLine("   augmentation time by operation: " + string.Join(", ", SimClrAugmentation.OperationNames.Select(
            (name, i) => $"{name} {Percent(perOperation[i] / augmentationSum)}")));

        Console.WriteLine();
        Console.WriteLine("== 2. Generated trainer vs hand-written TorchSharp: ConvNet 32-64-128-256, projector 512-128, NT-Xent t=0.5, AdamW, batch 256, 3x32x32 ==");
        Console.WriteLine("   (medians of interleaved steps; steps/s from the wall-time median; ratio = generated / hand-written median, below 1 = generated faster,");
        Console.WriteLine("    for wall time and for process CPU time; min ratio = ratio of the fastest steps; managed bytes allocated by the calling thread per step;");
        Console.WriteLine("    tensors left alive per step: process-wide torch.Tensor.TotalCount / this thread's ThreadTotalLiveCount)");
        Console.WriteLine($"   {"variant",-22} {"side",-32} {"wall ms",8} {"min..max ms",14} {"CPU ms",8} {"n",3} {"steps/s",8} {"ratio",6} {"CPU ratio",9} {"min ratio",9} {"managed B/step",15} {"tensors leaked/step",20}");
        Row2("SimCLR augmentations", sGenerated, sHand);
        Row2("SimCLR augmentations", sHand, sHand);
        Row2("no augmentation", sGeneratedPlain, sHandPlain);
        Row2("no augmentation", sHandPlain, sHandPlain);
        Row2("SimCLR augmentations", sResNet, null);
        Row2("-", sAugmentation, null);
        Console.WriteLine();
        Console.WriteLine($"Quick run took {clock.Elapsed.TotalSeconds:F0} s. The machine's load moves single timings by tens of percent: read the ratios, not the absolute times.");
        Console.WriteLine("RESULT " + string.Join(", ", new[]
        {
            $"augmentation/resnet18_step={sAugmentationResNet.MedianSeconds / sResNet.MedianSeconds:F4}",
            $"augmentation/resnet18_step_cpu={sAugmentationResNet.MedianCpuSeconds / sResNet.MedianCpuSeconds:F4}",
            $"augmentation/convnet_step={sAugmentation.MedianSeconds / sGenerated.MedianSeconds:F4}",
            $"augmentation/convnet_step_cpu={sAugmentation.MedianCpuSeconds / sGenerated.MedianCpuSeconds:F4}",
            $"generated_steps_per_s={1 / sGenerated.MedianSeconds:F3}",
            $"handwritten_steps_per_s={1 / sHand.MedianSeconds:F3}",
            $"generated/handwritten_time={sGenerated.MedianSeconds / sHand.MedianSeconds:F3}",
            $"generated/handwritten_cpu={sGenerated.MedianCpuSeconds / sHand.MedianCpuSeconds:F3}",
            $"generated/handwritten_min={sGenerated.MinSeconds / sHand.MinSeconds:F3}",
            $"generated/handwritten_time_noaug={sGeneratedPlain.MedianSeconds / sHandPlain.MedianSeconds:F3}",
            $"generated/handwritten_cpu_noaug={sGeneratedPlain.MedianCpuSeconds / sHandPlain.MedianCpuSeconds:F3}",
            $"generated/handwritten_min_noaug={sGeneratedPlain.MinSeconds / sHandPlain.MinSeconds:F3}",
            $"generated_bytes_per_step={sGenerated.BytesPerCall:F0}",
            $"handwritten_bytes_per_step={sHand.BytesPerCall:F0}",
            $"generated_tensors_leaked_per_step={sGenerated.LeakedTotalPerCall:F2}",
            $"handwritten_tensors_leaked_per_step={sHand.LeakedTotalPerCall:F2}",
        }));
    }

    private static IEnumerable<TorchSharp.Modules.Parameter> TrainerParameters(nn.Module encoder, nn.Module projector) =>
        encoder.parameters().Concat(projector.parameters());

    /// <summary>
    /// Finalizes garbage from set-up before measuring, so that the process-wide tensor count moves only with what
    /// the measured calls do (a finalizer disposing an old tensor mid-measurement would read as a negative leak).
    /// </summary>
    private static void SettleGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static void Pair(Series a, Action runA, Series b, Action runB, bool aFirst)
    {
        if (aFirst)
        {
            a.Measure(runA);
            b.Measure(runB);
        }
        else
        {
            b.Measure(runB);
            a.Measure(runA);
        }
    }

    private static void Row1(string name, Series s) =>
        Console.WriteLine($"   {name,-50} {Ms(s.MedianSeconds),10} {s.Spread,16} {Ms(s.MedianCpuSeconds),10} {s.Count,3}");

    private static void Fraction(string name, Series part, Series whole) =>
        Console.WriteLine($"   {name,-50} {Percent(part.MedianSeconds / whole.MedianSeconds),10} {"",16} {Percent(part.MedianCpuSeconds / whole.MedianCpuSeconds),10}");

    private static void Row2(string variant, Series s, Series? baseline) =>
        Console.WriteLine($"   {variant,-22} {s.Name,-32} {Ms(s.MedianSeconds),8} {s.Spread,14} {Ms(s.MedianCpuSeconds),8} {s.Count,3} {1 / s.MedianSeconds,8:F3} "
            + $"{(baseline is null ? "" : F3(s.MedianSeconds / baseline.MedianSeconds)),6} "
            + $"{(baseline is null ? "" : F3(s.MedianCpuSeconds / baseline.MedianCpuSeconds)),9} "
            + $"{(baseline is null ? "" : F3(s.MinSeconds / baseline.MinSeconds)),9} "
            + $"{s.BytesPerCall,15:N0} {$"{s.LeakedTotalPerCall:F2} / {s.LeakedPerCall:F2}",20}");

    private static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Ms(double seconds) => (seconds * 1e3).ToString("F0", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";

    /// <summary>
    /// Same initial weights, no augmentation: the generated trainer's first loss (read through <c>Fit</c>: one batch,
    /// one epoch; NT-Xent and batch norm do not depend on the sample order) and the hand-written first loss must
    /// agree, and the weights after that one AdamW step must be close. Leaves both in training mode.
    /// </summary>
    private static void CheckSameComputation(Tensor batch, ConvNetSimClrNoAugmentation.Trainer generated, HandWrittenSimClr hand)
    {
        double generatedLoss = generated.Fit(batch, epochs: 1).Epochs[0].Loss;
        generated.Encoder.train(true); // Fit ends in evaluation mode
        generated.Projector.train(true);
        hand.Step(batch);
        double handLoss = hand.LossSum;
        double maxDifference = 0;
        using (torch.NewDisposeScope())
        {
            foreach (var (g, h) in TrainerParameters(generated.Encoder, generated.Projector).Zip(hand.Parameters))
            {
                maxDifference = Math.Max(maxDifference, (g - h).abs().max().item<float>());
            }
        }

        Console.WriteLine($"   first-step NT-Xent loss: generated {generatedLoss:F6}, hand-written {handLoss:F6} (|difference| {Math.Abs(generatedLoss - handLoss):E1})");
        Console.WriteLine($"   max |weight difference| after that AdamW step: {maxDifference:E1} (learning rate {Workload.LearningRate:E0}: a first Adam step moves every weight by about lr,");
        Console.WriteLine("   so rounding-level gradient differences show up as up to ~lr where a gradient is near 0)");
    }
}
