using System.Globalization;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>Options of <c>--compare</c>.</summary>
public sealed record SideBySideOptions
{
    public int Rounds { get; init; } = 5;
    public int Steps { get; init; } = 3;
    public int ResNetRounds { get; init; } = 2;
    public int ResNetSteps { get; init; } = 1;
    public bool PyTorch { get; init; } = true;
    public bool ChannelsLast { get; init; } = true;

    /// <summary>Case keys (or a prefix: resnet, convnet_simclr, convnet_byol) to run; empty = all.</summary>
    public IReadOnlyList<string> Cases { get; init; } = Array.Empty<string>();
}

/// <summary>
/// <c>--compare</c>: the same training step, side by side in one invocation, as the generated trainer (fp32 and bf16),
/// hand-written TorchSharp (fp32, and channels-last), PyTorch eager fp32 and PyTorch with CPU bf16 autocast. Every
/// side starts from the generated trainer's initial weights and steps on the same batch; the sides alternate within
/// each round (the order rotates and reverses from round to round) and only one computes at a time; medians.
/// </summary>
public static class SideBySide
{
    public static void Run(SideBySideOptions options)
    {
        int threads = torch.get_num_threads();
        double loadStart = MachineInfo.LoadAverage;
        Console.WriteLine("Machine: " + MachineInfo.Describe());
        Console.WriteLine($"Threads: {threads} intra-op threads on every side (torch.set_num_threads; --threads N changes it)");

        PyTorchProcess? python = null;
        string pythonMissing = "not asked for (--no-pytorch)";
        if (options.PyTorch)
        {
            python = PyTorchProcess.TryStart(threads, out pythonMissing);
        }

        if (python is null)
        {
            Console.WriteLine($"PyTorch: SKIPPED, the PyTorch columns stay empty: {pythonMissing}");
        }
        else
        {
            DescribePyTorch(python.Info, threads);
        }

        string folder = Path.Combine(Path.GetTempPath(), $"ssldsl-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var results = new List<CaseResult>();
        try
        {
            foreach (CompareCase spec in CompareCase.All(options.ResNetRounds, options.ResNetSteps, options.Rounds, options.Steps)
                .Where(c => options.Cases.Count == 0 || options.Cases.Any(k => c.Key.StartsWith(k, StringComparison.Ordinal))))
            {
                results.Add(RunCase(spec, options, python, pythonMissing, folder));
            }
        }
        finally
        {
            python?.Dispose();
            Directory.Delete(folder, recursive: true);
        }

        double loadEnd = MachineInfo.LoadAverage;
        Console.WriteLine();
        Console.WriteLine($"Load average (1 min): {loadStart:F2} at start, {loadEnd:F2} at end, on {Environment.ProcessorCount} logical CPUs; "
            + "other processes compete for the same cores above ~" + Environment.ProcessorCount);
        var machine = new JsonObject
        {
            ["cpu"] = MachineInfo.CpuModel,
            ["logical_cpus"] = Environment.ProcessorCount,
            ["threads"] = threads,
            ["load_average_start"] = loadStart,
            ["load_average_end"] = loadEnd,
            ["pytorch"] = python?.Info["torch"]?.GetValue<string>(),
            ["pytorch_blas"] = python?.Info["blas_loaded"] is JsonArray blas ? string.Join(" ", blas.Select(b => b!.GetValue<string>())) : null,
        };
        Console.WriteLine(CaseResult.ResultLine(results, machine));
    }

    private static void DescribePyTorch(JsonObject info, int threads)
    {
        string loaded = info["blas_loaded"] is JsonArray blas ? string.Join(", ", blas.Select(b => b!.GetValue<string>())) : "?";
        Console.WriteLine($"PyTorch: {info["torch"]} (python {info["python"]}, {PyTorchProcess.Interpreter}), {info["threads"]} intra-op threads, "
            + $"mkldnn {info["mkldnn"]}, CPU capability {info["cpu_capability"]}, bf16 autocast {(info["bf16_autocast"]?.GetValue<bool>() == true ? "works" : "FAILS")}");
        Console.WriteLine($"PyTorch BLAS in use: {loaded} (libblas.so.3 alternative: {info["blas_alternative"]}; OpenBLAS put first on the script's LD_LIBRARY_PATH: {PyTorchProcess.OpenBlasFolder ?? "not installed"}); 1024x1024 sgemm {info["sgemm_gflops"]} GFLOP/s");
        if (info["blas_optimized"]?.GetValue<bool>() != true)
        {
            Console.WriteLine("  WARNING: PyTorch calls the reference BLAS (~4 GFLOP/s): its linear layers will dominate. Install OpenBLAS "
                + "(bash tests/ensure-test-packages.sh), or select it: update-alternatives --set libblas.so.3-x86_64-linux-gnu "
                + "/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3");
        }

        if (info["threads"]?.GetValue<int>() != threads)
        {
            Console.WriteLine($"  WARNING: PyTorch runs {info["threads"]} threads, TorchSharp {threads}");
        }
    }

    private static CaseResult RunCase(CompareCase spec, SideBySideOptions options, PyTorchProcess? python, string pythonMissing, string folder)
    {
        Device cpu = torch.CPU;
        Console.WriteLine();
        Console.WriteLine($"== {spec.Title} ==");
        Console.WriteLine($"   load average {MachineInfo.LoadAverage:F2}; 1 warm-up step each (batch {spec.WarmupBatch}), then {spec.Rounds} rounds of {spec.StepsPerRound} timed step(s) per side");

        using Tensor batch = CreateBatch(spec.Batch);
        using Tensor warmBatch = batch.narrow(0, 0, spec.WarmupBatch).contiguous();
        var contenders = new List<Contender>();
        var missing = new Dictionary<string, string>();
        try
        {
            // Every side is built before any steps, from the generated trainer's initial weights.
            GeneratedTrainer generated = spec.Generated(cpu);
            contenders.Add(InProcess("generated", "generated Trainer.Step, fp32", generated.Step, () => generated.LossOf(warmBatch), batch, warmBatch, generated));
            if (spec.GeneratedBf16 is { } makeBf16)
            {
                GeneratedTrainer bf16 = makeBf16(cpu);
                if (bf16.PrecisionWarning is { } warning) Console.WriteLine("   generated bf16: " + warning);
                contenders.Add(InProcess("generated_bf16", "generated Trainer.Step, bf16", bf16.Step, () => bf16.LossOf(warmBatch), batch, warmBatch, bf16));
            }
            else
            {
                missing["generated_bf16"] = CompareCase.Bf16Missing;
            }

            var hand = new HandWrittenStep(spec, channelsLast: false, cpu, generated.OnlineParameters);
            contenders.Add(InProcess("handwritten", "hand-written TorchSharp, fp32", hand.Step, () => hand.LossSum, batch, warmBatch, hand, lossAfterWarmUp: true));
            if (options.ChannelsLast)
            {
                var channelsLast = new HandWrittenStep(spec, channelsLast: true, cpu, generated.OnlineParameters);
                contenders.Add(InProcess("handwritten_channels_last", "hand-written TorchSharp, channels-last", channelsLast.Step, () => channelsLast.LossSum, batch, warmBatch, channelsLast, lossAfterWarmUp: true));
            }

            if (python is not null)
            {
                string batchFile = Path.Combine(folder, spec.Key + ".batch.f32");
                string weightsFile = Path.Combine(folder, spec.Key + ".weights.f32");
                WeightsFile.Write(batchFile, new[] { batch });
                WeightsFile.Write(weightsFile, generated.OnlineParameters);
                bool bf16Works = python.Info["bf16_autocast"]?.GetValue<bool>() == true;
                foreach (string precision in bf16Works ? new[] { "fp32", "bf16" } : new[] { "fp32" })
                {
                    string key = precision == "fp32" ? "pytorch" : "pytorch_bf16";
                    string id = spec.Key + "/" + precision;
                    JsonObject experiment = spec.PyTorchExperiment(precision, batchFile, weightsFile);
                    experiment["weights_shapes"] = WeightsFile.Shapes(generated.OnlineParameters);
                    contenders.Add(new Contender(key, precision == "fp32" ? "PyTorch eager, fp32" : "PyTorch, CPU bf16 autocast",
                        () => python.Setup(id, experiment)["loss"]!.GetValue<double>(),
                        (steps, series) =>
                        {
                            var (wall, processCpu) = python.Run(id, steps);
                            for (int i = 0; i < wall.Length; i++) series.Record(wall[i], processCpu[i]);
                        }));
                }

                if (!bf16Works) missing["pytorch_bf16"] = "torch.autocast(\"cpu\", dtype=torch.bfloat16) fails in this PyTorch";
            }
            else
            {
                missing["pytorch"] = missing["pytorch_bf16"] = pythonMissing;
            }

            foreach (Contender c in contenders) c.WarmUp();
            ReportFirstLosses(contenders);
            SettleGarbage();

            for (int r = 0; r < spec.Rounds; r++)
            {
                var parts = new List<string>();
                foreach (int i in RoundOrder.Of(contenders.Count, r))
                {
                    Contender c = contenders[i];
                    c.Round(spec.StepsPerRound);
                    parts.Add($"{c.Key} {c.Series.Last * 1e3:F0}");
                }

                Console.WriteLine($"   round {r + 1}/{spec.Rounds} (load {MachineInfo.LoadAverage:F2}), last step ms in run order: {string.Join(", ", parts)}");
            }

            return Report(spec, contenders, missing);
        }
        finally
        {
            foreach (Contender c in contenders) c.Dispose();
        }
    }

    private static Contender InProcess(string key, string label, Action<Tensor> step, Func<double> loss, Tensor batch, Tensor warmBatch, IDisposable owned, bool lossAfterWarmUp = false) =>
        new(key, label,
            () =>
            {
                // the generated trainer's loss is read before its step; the hand-written sides sum theirs while stepping
                double before = lossAfterWarmUp ? double.NaN : loss();
                step(warmBatch);
                return lossAfterWarmUp ? loss() : before;
            },
            (steps, series) =>
            {
                for (int i = 0; i < steps; i++) series.Measure(() => step(batch));
            },
            owned);

    private static void ReportFirstLosses(List<Contender> contenders)
    {
        Console.WriteLine("   first-step loss, same initial weights and batch (fp32 sides should agree to ~1e-5; bf16 to ~1e-2): "
            + string.Join(", ", contenders.Select(c => $"{c.Key} {c.FirstLoss:F5}")));
        Console.WriteLine("   warm-up step s: " + string.Join(", ", contenders.Select(c => $"{c.Key} {c.WarmupSeconds:F1}")));
        double reference = contenders[0].FirstLoss; // the generated fp32 trainer's
        foreach (Contender c in contenders.Skip(1))
        {
            double tolerance = (c.Key.EndsWith("bf16", StringComparison.Ordinal) ? 1e-2 : 1e-4) * Math.Max(1, Math.Abs(reference));
            if (!(Math.Abs(c.FirstLoss - reference) <= tolerance))
            {
                Console.WriteLine($"   WARNING: {c.Key} starts at loss {c.FirstLoss:F5}, the generated trainer at {reference:F5}: it does not compute the same step "
                    + "(channels-last on libtorch 2.10 CPU: docs/known-issues.md), so its time is not comparable");
            }
        }
    }

    private static CaseResult Report(CompareCase spec, List<Contender> contenders, Dictionary<string, string> missing)
    {
        Series? Find(string key) => contenders.FirstOrDefault(c => c.Key == key)?.Series;
        double? StepsPerSecond(string key) => Find(key) is { Count: > 0 } s ? 1 / s.MedianSeconds : null;
        Series generated = Find("generated")!;

        Console.WriteLine("   (medians; steps/s from the wall-time median; 'generated ÷' = generated fp32 steps/s over this side's, above 1 = generated faster;");
        Console.WriteLine("    CPU = process CPU time of the side's own process; managed bytes and tensors left alive per step: in-process sides only)");
        Console.WriteLine($"   {"side",-40} {"ms/step",8} {"min..max ms",14} {"CPU ms",8} {"n",3} {"steps/s",8} {"generated ÷",11} {"managed B/step",15} {"tensors leaked/step",20}");
        foreach (Contender c in contenders)
        {
            Series s = c.Series;
            bool here = double.IsFinite(s.BytesPerCall);
            Console.WriteLine($"   {s.Name,-40} {s.MedianSeconds * 1e3,8:F0} {s.Spread,14} {s.MedianCpuSeconds * 1e3,8:F0} {s.Count,3} {1 / s.MedianSeconds,8:F3} "
                + $"{F3(CaseResult.Ratio(1 / generated.MedianSeconds, 1 / s.MedianSeconds)),11} {(here ? s.BytesPerCall.ToString("N0", CultureInfo.InvariantCulture) : "-"),15} "
                + $"{(here ? $"{s.LeakedTotalPerCall:F2} / {s.LeakedPerCall:F2}" : "-"),20}");
        }

        foreach (var (key, why) in missing) Console.WriteLine($"   {key,-40} MISSING: {why}");

        var result = new CaseResult(spec.Key,
            StepsPerSecond("generated"), StepsPerSecond("generated_bf16"), StepsPerSecond("handwritten"), StepsPerSecond("handwritten_channels_last"),
            StepsPerSecond("pytorch"), StepsPerSecond("pytorch_bf16"), generated.BytesPerCall, generated.LeakedTotalPerCall);
        Console.WriteLine($"   speed ratios (steps/s ÷ steps/s, above 1 = the first is faster): generated/hand-written {F3(CaseResult.Ratio(result.Generated, result.HandWritten))}, "
            + $"generated/PyTorch {F3(CaseResult.Ratio(result.Generated, result.PyTorch))}, generated bf16/PyTorch bf16 {F3(CaseResult.Ratio(result.GeneratedBf16, result.PyTorchBf16))}, "
            + $"generated bf16/PyTorch fp32 {F3(CaseResult.Ratio(result.GeneratedBf16, result.PyTorch))}, "
            + $"hand-written channels-last/contiguous {F3(CaseResult.Ratio(result.HandWrittenChannelsLast, result.HandWritten))}");
        return result;
    }

    /// <summary>A [n, 3, 32, 32] float batch in [0, 1] (uniform noise: the cost does not depend on the content).</summary>
    private static Tensor CreateBatch(int n)
    {
        using var generator = new torch.Generator((ulong)Workload.Seed);
        return torch.rand(new long[] { n, Workload.Channels, Workload.Size, Workload.Size }, generator: generator).DetachFromDisposeScope();
    }

    /// <summary>Finalizes set-up garbage before measuring (a finalizer disposing a tensor mid-step would read as a negative leak).</summary>
    private static void SettleGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string F3(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";
}
