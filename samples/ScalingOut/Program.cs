using System.Diagnostics;
using System.Text.Json;
using ScalingOut;
using SslDsl.Data;
using SslDsl.Distributed;
using SslDsl.Samples;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

// The data-parallel check: run under `mpirun -np N` (samples/scaling-out.sh). Every rank pretrains ScalingCheck
// ([DataParallel]: it joins the job) on the same Fashion-MNIST images, then rank 0 pretrains it again alone on the same
// global batches and compares the weights. Prints, on rank 0, RESULT {json} last: ranks, steps, the largest weight
// difference to the single process, whether SimCLR's negatives are global, the all-reduce time per step.
// `throughput` as the first argument times the ConvNet case (ScalingThroughput) the same way instead.
bool throughput = args.Length > 0 && args[0] == "throughput";
string[] rest = throughput ? args[1..] : args;
int images = rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 2048;
string data = rest.Length > 1 ? rest[1] : SampleDataSet.FashionMnist.DefaultFolder();
torch.set_num_threads(1); // the ranks share the machine's cores; one process alone gets one core too

(ImageDataset train, ImageDataset test) = SampleDataSet.FashionMnist.Load(data, FashionMnist.Load);
using Tensor pictures = train.Images.narrow(0, 0, Math.Min(images, train.Count));
train.Dispose();
test.Dispose();

(SslTrainer Trainer, Tensor[] Weights) Create()
{
    if (throughput)
    {
        ScalingThroughput.Trainer t = ScalingThroughput.CreateTrainer(seed: 7);
        return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).ToArray());
    }

    ScalingCheck.Trainer c = ScalingCheck.CreateTrainer(seed: 7);
    return (c, c.Encoder.parameters().Concat(c.Projector.parameters()).ToArray());
}

(SslTrainer parallel, Tensor[] mine) = Create();
using SslTrainer parallelTrainer = parallel;
IProcessGroup ranks = parallel.ProcessGroup;
var clock = Stopwatch.StartNew();
PretrainReport report = parallel.Fit(pictures, progress: new Progress<EpochReport>(_ => { }));
double parallelSeconds = clock.Elapsed.TotalSeconds;
if (ranks.Rank != 0)
{
    return 0;
}

(SslTrainer alone, Tensor[] reference) = Create();
using SslTrainer aloneTrainer = alone;
alone.ProcessGroup = SingleProcessGroup.Instance;
clock.Restart();
PretrainReport aloneReport = alone.Fit(pictures, progress: new Progress<EpochReport>(_ => { }));
double aloneSeconds = clock.Elapsed.TotalSeconds;

double maxDiff = 0;
using (no_grad())
{
    for (int i = 0; i < mine.Length; i++)
    {
        using Tensor diff = mine[i].sub(reference[i]).abs().max();
        maxDiff = Math.Max(maxDiff, diff.item<float>());
    }
}

Console.WriteLine($"{ranks.Size} rank(s) ({ranks.Backend}): {report.Steps} steps in {parallelSeconds:0.0}s; alone: {aloneSeconds:0.0}s; largest weight difference {maxDiff:0.###e+0}");
var result = new Dictionary<string, object?>
{
    ["ranks"] = ranks.Size,
    ["backend"] = ranks.Backend,
    ["images"] = pictures.shape[0],
    ["experiment"] = parallel.Settings.Experiment,
    ["global_batch"] = parallel.Settings.BatchSize,
    ["steps"] = report.Steps,
    ["max_abs_param_diff_vs_single_process"] = maxDiff,
    ["global_negatives"] = parallel.Settings.RankReduction == RankReduction.GatherEmbeddings,
    ["allreduce_ms_per_step"] = parallel.GradientAllReduceSteps == 0 ? 0 : Math.Round(parallel.GradientAllReduceTime.TotalMilliseconds / parallel.GradientAllReduceSteps, 3),
    ["steps_per_second"] = Math.Round(SteadyStepsPerSecond(report, parallelSeconds), 2),
    ["single_process_steps_per_second"] = Math.Round(SteadyStepsPerSecond(aloneReport, aloneSeconds), 2),
};
Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
return 0;

// Steps per second after the first epoch (start-up and JIT out of the timing) when there are several; else overall.
static double SteadyStepsPerSecond(PretrainReport run, double seconds)
{
    if (run.Epochs.Count < 2)
    {
        return run.Steps / seconds;
    }

    EpochReport first = run.Epochs[0], last = run.Epochs[^1]; // steps and seconds are the run's totals at each epoch's end
    return (last.Steps - first.Steps) / (last.Seconds - first.Seconds);
}
