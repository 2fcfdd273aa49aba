using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SslDsl.Benchmarks;
using SslDsl.Evaluation;
using TorchSharp;

// Usage (from the repository root):
//   dotnet run -c Release --project tests/SslDsl.Benchmarks -- --compare        the same step in SslDsl (fp32, bf16), hand-written TorchSharp and PyTorch (fp32, bf16)
//   dotnet run -c Release --project tests/SslDsl.Benchmarks -- --quick          short Stopwatch run, about 2 minutes on an idle 2-core machine
//   dotnet run -c Release --project tests/SslDsl.Benchmarks                     BenchmarkDotNet, short job, MemoryDiagnoser
//   dotnet run -c Release --project tests/SslDsl.Benchmarks -- --fused [--rounds N] [--optimizers-only]   fused optimizer step / EMA vs per-parameter loops
//   dotnet run -c Release --project tests/SslDsl.Benchmarks -- --tsne [--points 2000,10000] [--methods exact,barneshut] [--rounds N]   t-SNE time and quality
//   dotnet run -c Release --project tests/SslDsl.Benchmarks -- --attention [--rounds N]   full vs sliding-window attention at 512-4096 tokens: time and peak memory
// Options: --threads N (torch.set_num_threads), --rounds N and --resnet-rounds N (quick mode),
// and any BenchmarkDotNet switch, e.g. --filter '*GeneratedVsHandWritten*'.
if (args.Length > 0 && args[0] == AttentionRun.ChildFlag)
{
    return AttentionRun.Child(args); // one measured case of --attention, in its own process
}

var bdnArgs = new List<string>();
bool quick = false;
bool fused = false;
bool optimizersOnly = false;
bool compare = false;
bool tsne = false;
bool monitoring = false;
bool attention = false;
int[] tsnePoints = { 2000, 10000 };
TsneMethod[] tsneMethods = { TsneMethod.Exact, TsneMethod.BarnesHut };
int? threads = null;
int? rounds = null;
int? resnetRounds = null;
var compareOptions = new SideBySideOptions();
for (int i = 0; i < args.Length; i++)
{
    int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--quick": quick = true; break;
        case "--fused": fused = true; break;
        case "--optimizers-only": optimizersOnly = true; break;
        case "--compare": compare = true; break;
        case "--tsne": tsne = true; break;
        case "--monitoring": monitoring = true; break;
        case "--attention": attention = true; break;
        case "--points": tsnePoints = args[++i].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--methods": tsneMethods = args[++i].Split(',').Select(m => Enum.Parse<TsneMethod>(m, ignoreCase: true)).ToArray(); break;
        case "--threads": threads = Next(); break;
        case "--rounds": rounds = Next(); break;
        case "--resnet-rounds": resnetRounds = Next(); break;
        case "--steps": compareOptions = compareOptions with { Steps = Next() }; break;
        case "--resnet-steps": compareOptions = compareOptions with { ResNetSteps = Next() }; break;
        case "--cases": compareOptions = compareOptions with { Cases = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries) }; break;
        case "--no-pytorch": compareOptions = compareOptions with { PyTorch = false }; break;
        case "--no-channels-last": compareOptions = compareOptions with { ChannelsLast = false }; break;
        case "-h" or "--help":
            Console.WriteLine("SslDsl benchmarks: --compare [--rounds N] [--steps N] [--resnet-rounds N] [--resnet-steps N] [--cases resnet,convnet_simclr,convnet_byol] [--no-pytorch] [--no-channels-last]");
            Console.WriteLine("                 | --quick [--rounds N] [--resnet-rounds N] | --fused [--rounds N] [--optimizers-only] | BenchmarkDotNet switches (--filter ...); --threads N for all");
            Console.WriteLine("                 | --tsne [--points 2000,10000] [--methods exact,barneshut,auto] [--rounds N]");
            Console.WriteLine("                 | --attention [--rounds N]   (full vs sliding-window attention, 512 / 2,048 / 4,096 tokens)");
            return 0;
        default: bdnArgs.Add(args[i]); break;
    }
}

if (threads is { } n) torch.set_num_threads(n);
Console.WriteLine("SslDsl benchmarks: " + Workload.DescribeEnvironment());
Console.WriteLine("Machine at start: " + Workload.MachineLoad());

if (fused)
{
    FusedStepRun.Run(rounds ?? 3, optimizersOnly);
    Console.WriteLine("Machine at end: " + Workload.MachineLoad());
    return 0;
}

if (monitoring)
{
    MonitoringRun.Run(rounds ?? 3);
    Console.WriteLine("Machine at end: " + Workload.MachineLoad());
    return 0;
}

if (attention)
{
    AttentionRun.Run(rounds ?? 5, threads);
    Console.WriteLine("Machine at end: " + Workload.MachineLoad());
    return 0;
}

if (tsne)
{
    TsneRun.Run(tsnePoints, tsneMethods, rounds ?? 1);
    Console.WriteLine("Machine at end: " + Workload.MachineLoad());
    return 0;
}

if (compare)
{
    SideBySide.Run(compareOptions with
    {
        Rounds = rounds ?? compareOptions.Rounds,
        ResNetRounds = resnetRounds ?? compareOptions.ResNetRounds,
    });
    return 0;
}

if (quick)
{
    QuickRun.Run(rounds ?? 3, resnetRounds ?? 1);
    Console.WriteLine("Machine at end: " + Workload.MachineLoad());
    return 0;
}

// In-process toolchain: no rebuild of a generated host project, the libtorch thread setting above applies, and the
// leak counters recorded by the benchmark classes can be printed below.
Job job = Job.Default
    .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true)) // default timeout (5 min) < a ResNet-18 case
    .WithLaunchCount(1)
    .WithWarmupCount(1)
    .WithIterationCount(5)
    .WithInvocationCount(1)
    .WithUnrollFactor(1)
    .WithId("Short");
IConfig config = DefaultConfig.Instance
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "BenchmarkDotNet.Artifacts"));
if (!bdnArgs.Any(a => a.StartsWith("--filter", StringComparison.Ordinal)))
{
    bdnArgs.AddRange(new[] { "--filter", "*" });
}

BenchmarkSwitcher
    .FromTypes(new[] { typeof(ResNet18AugmentationFraction), typeof(ConvNetAugmentationFraction), typeof(GeneratedVsHandWritten) })
    .Run(bdnArgs.ToArray(), config);
Console.WriteLine("Machine at end: " + Workload.MachineLoad());

Console.WriteLine();
Console.WriteLine("Tensors left alive per step (TorchSharp ThreadTotalLiveCount after − before, over every call BenchmarkDotNet made after the set-up step):");
if (LeakLog.All.Count == 0) Console.WriteLine("  (none recorded: the selected benchmarks do not run a counted training step)");
foreach (var (name, (leaked, calls)) in LeakLog.All)
{
    Console.WriteLine($"  {name,-45} {(calls == 0 ? double.NaN : (double)leaked / calls),8:F2}  ({leaked} over {calls} steps)");
}

return 0;
