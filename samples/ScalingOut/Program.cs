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
int images = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2048;
string data = args.Length > 1 ? args[1] : SampleDataSet.FashionMnist.DefaultFolder();
torch.set_num_threads(1); // the ranks share the machine's cores

(ImageDataset train, ImageDataset test) = SampleDataSet.FashionMnist.Load(data, FashionMnist.Load);
using Tensor pictures = train.Images.narrow(0, 0, Math.Min(images, train.Count));
train.Dispose();
test.Dispose();

using ScalingCheck.Trainer parallel = ScalingCheck.CreateTrainer(seed: 7);
IProcessGroup ranks = parallel.ProcessGroup;
var clock = Stopwatch.StartNew();
PretrainReport report = parallel.Fit(pictures, progress: new Progress<EpochReport>(_ => { }));
double parallelSeconds = clock.Elapsed.TotalSeconds;
if (ranks.Rank != 0)
{
    return 0;
}

using ScalingCheck.Trainer alone = ScalingCheck.CreateTrainer(seed: 7);
alone.ProcessGroup = SingleProcessGroup.Instance;
clock.Restart();
alone.Fit(pictures, progress: new Progress<EpochReport>(_ => { }));
double aloneSeconds = clock.Elapsed.TotalSeconds;

double maxDiff = 0;
using (no_grad())
{
    Tensor[] mine = parallel.Encoder.parameters().Concat(parallel.Projector.parameters()).ToArray();
    Tensor[] reference = alone.Encoder.parameters().Concat(alone.Projector.parameters()).ToArray();
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
    ["global_batch"] = ScalingCheck.Trainer.BatchSize,
    ["steps"] = report.Steps,
    ["max_abs_param_diff_vs_single_process"] = maxDiff,
    ["global_negatives"] = ScalingCheck.Trainer.ExperimentSettings.RankReduction == RankReduction.GatherEmbeddings,
    ["allreduce_ms_per_step"] = parallel.GradientAllReduceSteps == 0 ? 0 : Math.Round(parallel.GradientAllReduceTime.TotalMilliseconds / parallel.GradientAllReduceSteps, 3),
    ["steps_per_second"] = Math.Round(report.Steps / parallelSeconds, 2),
    ["single_process_steps_per_second"] = Math.Round(report.Steps / aloneSeconds, 2),
};
Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
return 0;
