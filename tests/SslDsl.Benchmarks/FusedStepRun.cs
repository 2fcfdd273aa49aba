using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using SslDsl.Objectives;
using SslDsl.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>
/// <c>--fused</c>: the fused optimizer step and momentum update against the per-parameter loops they replaced, in
/// one process, interleaved (which side goes first flips each round). The switch is SslDsl's internal
/// <c>FlatStorage.FusedUpdates</c> (per thread), so both sides run the same trainer objects. Measured: whole
/// generated training steps (ConvNet SimCLR at batch 64 and 256, ConvNet BYOL at batch 64), and the optimizer step and
/// EMA update alone on the same parameter shapes. Also prints managed bytes and tensors left alive per step, and where
/// the bytes of a step go.
/// </summary>
public static class FusedStepRun
{
    private static readonly PropertyInfo FusedSwitch = typeof(SslOptimizer).Assembly.GetType("SslDsl.Optimization.FlatStorage")!
        .GetProperty("FusedUpdates", BindingFlags.Public | BindingFlags.Static)!;

    public static void Run(int rounds, bool optimizersOnly)
    {
        Device cpu = torch.CPU;
        using Tensor batch256 = Workload.CreateBatch();
        using Tensor batch64 = batch256.narrow(0, 0, 64).clone();
        using var simclr = ConvNetSimClrNoAugmentation.CreateTrainer(cpu, Workload.Seed);
        using var simclrAugmented = ConvNetSimClr.CreateTrainer(cpu, Workload.Seed);
        using var byol = ConvNetByolNoAugmentation.CreateTrainer(cpu, Workload.Seed);

        if (!optimizersOnly)
        {
            WholeSteps(rounds, cpu, batch64, batch256, simclr, simclrAugmented, byol);
        }

        Console.WriteLine();
        OptimizersAlone(rounds, simclr);
    }

    private static void WholeSteps(int rounds, Device cpu, Tensor batch64, Tensor batch256, ConvNetSimClrNoAugmentation.Trainer simclr,
        ConvNetSimClr.Trainer simclrAugmented, ConvNetByolNoAugmentation.Trainer byol)
    {
        Console.WriteLine($"== Whole steps, fused vs per-parameter, 1 warm-up step each + {rounds} interleaved rounds (load {Workload.MachineLoad()}) ==");
        var cases = new (string Name, Action Step)[]
        {
            ("SimCLR ConvNet, batch 64", () => simclr.Step(batch64)),
            ("SimCLR ConvNet, batch 256", () => simclr.Step(batch256)),
            ("BYOL ConvNet, batch 64", () => byol.Step(batch64)),
        };
        foreach (var (name, step) in cases)
        {
            Compare(name, step, rounds);
        }

        Console.WriteLine();
        Console.WriteLine("== Managed bytes and tensors left alive per step (fused; 5 steps after warm-up) ==");
        Allocation("SimCLR ConvNet no augmentation, batch 256", () => simclr.Step(batch256));
        Allocation("SimCLR ConvNet with augmentations, batch 256", () => simclrAugmented.Step(batch256));
        Allocation("BYOL ConvNet no augmentation, batch 64", () => byol.Step(batch64));
        using var augmentation = new SimClrAugmentation(cpu, Workload.Seed);
        Allocation("the SimCLR augmentation alone (2 x 256 views)", () => augmentation.Run(batch256));
    }

    private static void OptimizersAlone(int rounds, ConvNetSimClrNoAugmentation.Trainer simclr)
    {
        Console.WriteLine($"== Optimizer step and EMA update alone, on the ConvNet SimCLR / BYOL parameter shapes, {rounds * 10} interleaved rounds ==");
        Parameter[] parameters = Clones(simclr.Encoder.parameters().Concat(simclr.Projector.parameters()));
        Console.WriteLine($"   {parameters.Length} parameter tensors, {parameters.Sum(p => p.numel()):N0} values");
        foreach (string kind in new[] { "sgd", "lars", "adamw" })
        {
            using SslOptimizer optimizer = kind switch
            {
                "sgd" => new SgdOptimizer(parameters, 0.9, 1e-4),
                "lars" => new LarsOptimizer(parameters, 0.9, 1e-6, 0.001),
                _ => new AdamWOptimizer(parameters, 1e-4),
            };
            FakeGradients(parameters);
            Compare($"{kind} step", () => optimizer.Step(1e-3), rounds * 10);
            Allocation($"{kind} step + ZeroGrad (fused)", () =>
            {
                optimizer.Step(1e-3);
                optimizer.ZeroGrad();
            });
        }

        Parameter[] target = Clones(parameters);
        var updater = new MomentumUpdater(parameters, target);
        Compare("EMA update (momentum encoder)", () => updater.Update(0.99), rounds * 10);
        Allocation("EMA update (fused)", () => updater.Update(0.99));
        TorchSharpCosts();
    }

    private static void Compare(string name, Action step, int rounds)
    {
        SetFused(false);
        step();
        SetFused(true);
        step();
        var loop = new List<double>();
        var fused = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            bool fusedFirst = r % 2 == 0;
            for (int k = 0; k < 2; k++)
            {
                bool f = fusedFirst == (k == 0);
                SetFused(f);
                long t0 = Stopwatch.GetTimestamp();
                step();
                (f ? fused : loop).Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
        }

        SetFused(true);
        double ml = Median(loop);
        double mf = Median(fused);
        Console.WriteLine($"   {name,-36} per-parameter {Ms(ml),9} ms  fused {Ms(mf),9} ms  fused/per-parameter {mf / ml,6:F3}  (min ratio {fused.Min() / loop.Min():F3}, n {rounds}, load {Workload.MachineLoad()})");
    }

    private static void Allocation(string name, Action step)
    {
        step();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        const int steps = 5;
        long live = Workload.LiveTensors;
        long total = Workload.TotalTensors;
        long created = CreatedTensors;
        long bytes = Workload.AllocatedBytes;
        for (int i = 0; i < steps; i++)
        {
            step();
        }

        bytes = Workload.AllocatedBytes - bytes;
        Console.WriteLine($"   {name,-48} {bytes / steps,8:N0} B/step   tensor wrappers created/step {(CreatedTensors - created) / steps,5}"
            + $"   tensors left alive/step {(double)(Workload.TotalTensors - total) / steps:F2} / {(double)(Workload.LiveTensors - live) / steps:F2}");
    }

    /// <summary>What TorchSharp itself allocates per call, to tell its share of a step's bytes from SslDsl's.</summary>
    private static void TorchSharpCosts()
    {
        Console.WriteLine();
        Console.WriteLine("== TorchSharp's own managed allocations per call (bytes, averaged over 1000 calls) ==");
        using Tensor a = randn(64, 64);
        using Tensor b = randn(64, 64);
        Per("in-place op with a double argument: a.mul_(0.5)", () => a.mul_(0.5));
        Per("in-place op, tensor argument: a.add_(b) (alpha 1 → a Scalar)", () => a.add_(b));
        Per("new tensor in a dispose scope: a.add(b) (scope made outside)", () =>
        {
            using var scope = NewDisposeScope();
            for (int i = 0; i < 10; i++) a.add(b);
        }, 10);
        Per("NewDisposeScope() + Dispose, empty", () =>
        {
            using var scope = NewDisposeScope();
        });
        Per("no_grad() + Dispose", () =>
        {
            using var noGrad = no_grad();
        });
        Per("tensor.shape (a long[] per call)", () => _ = a.shape);
        Per("tensor.size(0)", () => _ = a.size(0));
        Per("tensor.grad getter on a leaf with a gradient", () =>
        {
            using var scope = NewDisposeScope();
            _ = a.grad;
        });
    }

    private static void Per(string name, Action action, int perCall = 1)
    {
        for (int i = 0; i < 10; i++) action();
        const int calls = 1000;
        long bytes = Workload.AllocatedBytes;
        for (int i = 0; i < calls; i++) action();
        Console.WriteLine($"   {name,-66} {(double)(Workload.AllocatedBytes - bytes) / calls / perCall,8:F1}");
    }

    private static long CreatedTensors =>
        DisposeScopeManager.Statistics.CreatedInScopeCount + DisposeScopeManager.Statistics.CreatedOutsideScopeCount;

    private static void SetFused(bool fused) => FusedSwitch.SetValue(null, fused);

    private static Parameter[] Clones(IEnumerable<Parameter> parameters) =>
        parameters.Select(p => new Parameter(p.detach().clone().DetachFromDisposeScope())).ToArray();

    private static void FakeGradients(Parameter[] parameters)
    {
        using var scope = NewDisposeScope();
        Tensor loss = zeros(1);
        foreach (Parameter p in parameters)
        {
            loss = loss + p.mul(0.01).sum();
        }

        loss.backward();
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private static string Ms(double seconds) => (seconds * 1e3).ToString("F2", CultureInfo.InvariantCulture);
}
