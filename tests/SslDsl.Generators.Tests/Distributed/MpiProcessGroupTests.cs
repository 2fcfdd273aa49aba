using System.Text.Json;

namespace SslDsl.Generators.Tests.Distributed;

/// <summary>
/// The MPI process group on two real ranks (mpirun on localhost): each collective's result against the values worked
/// out by hand, the differentiable all-gather's gradient against one process's gradient over the whole batch, and a
/// hung or dying peer ending the job within the timeout instead of hanging it.
/// </summary>
public sealed class MpiProcessGroupTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-mpi-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task CollectivesOnTwoRanksGiveTheHandWorkedValues()
    {
        MpiJob.Outcome job = await MpiJob.Run(2, folder, "collectives", folder);

        Assert.True(job.ExitCode == 0, job.Output);
        Assert.Equal(2, job.Ranks.Count);
        foreach ((int rank, JsonElement report) in job.Ranks)
        {
            Assert.Equal(rank, report.GetProperty("rank").GetInt32());
            Assert.Equal(2, report.GetProperty("size").GetInt32());
            Assert.Equal("mpi", report.GetProperty("backend").GetString());
            // Rank r contributes (r + 1)·x: the sum over two ranks is 3·x.
            Assert.Equal(new[] { 0.0, 3, 6, 9, 12 }, Doubles(report, "allreduce_float32"));
            Assert.Equal(new[] { 0.75, 3.75, 6.75 }, Doubles(report, "allreduce_float64"));
            Assert.Equal(new[] { (1L << 40) + (1L << 41), (1L << 40) + (1L << 41) }, report.GetProperty("allreduce_int64").EnumerateArray().Select(e => e.GetInt64()));
            Assert.Equal(new[] { 0.0, 3, 6, 9, 12, 15 }, Doubles(report, "allreduce_transposed")); // written back through the view
            Assert.Equal(new[] { 17.0, 17, 17 }, Doubles(report, "broadcast_from_last")); // rank 1's 10·1 + 7
            Assert.Equal(new[] { 4L, 2 }, report.GetProperty("allgather_shape").EnumerateArray().Select(e => e.GetInt64()));
            Assert.Equal(new[] { 0.0, 0.5, 0, 0.5, 1, 1.5, 1, 1.5 }, Doubles(report, "allgather")); // rank order
        }
    }

    [Fact]
    public async Task TheDifferentiableAllGatherGivesTheSingleProcessGradient()
    {
        MpiJob.Outcome job = await MpiJob.Run(2, folder, "collectives", folder);

        Assert.True(job.ExitCode == 0, job.Output);
        double[] losses = job.Ranks.Values.Select(r => r.GetProperty("gather_loss").GetDouble()).ToArray();
        foreach (JsonElement report in job.Ranks.Values)
        {
            double scale = report.GetProperty("gather_gradient_max_abs").GetDouble();
            Assert.True(scale > 0.01, $"the reference gradient is {scale}: the check would be vacuous");
            Assert.InRange(report.GetProperty("gather_gradient_max_abs_diff").GetDouble(), 0, 1e-12 * scale * 100); // float64
            // The ranks' losses differ (their anchors differ); their mean is the single-process loss.
            Assert.Equal(report.GetProperty("single_process_loss").GetDouble(), losses.Average(), 12);
        }

        Assert.NotEqual(losses[0], losses[1]);
    }

    [Fact]
    public async Task SimClrsNtXentOnTwoRanksHasTheSingleProcessGradientOverTheGlobalBatch()
    {
        MpiJob.Outcome job = await MpiJob.Run(2, folder, "collectives", folder);

        Assert.True(job.ExitCode == 0, job.Output);
        double[] losses = job.Ranks.Values.Select(r => r.GetProperty("ntxent_loss").GetDouble()).ToArray();
        AssertSingleProcessGradient(job, "ntxent");
        Assert.NotEqual(losses[0], losses[1]); // each rank averages its own anchors; their mean is the global loss
    }

    [Fact]
    public async Task BarlowTwinsOnTwoRanksHasTheGlobalBatchsLossAndGradient()
    {
        MpiJob.Outcome job = await MpiJob.Run(2, folder, "collectives", folder);

        Assert.True(job.ExitCode == 0, job.Output);
        AssertSingleProcessGradient(job, "barlow");
        foreach (JsonElement report in job.Ranks.Values)
        {
            // every rank computes the loss of the global batch's statistics itself
            Assert.Equal(report.GetProperty("barlow_single_process_loss").GetDouble(), report.GetProperty("barlow_loss").GetDouble(), 12);
        }
    }

    [Theory]
    [InlineData("syncbn")]
    [InlineData("syncbn2d")]
    public async Task SyncBatchNormOnTwoRanksIsBatchNormOverTheGlobalBatch(string name)
    {
        MpiJob.Outcome job = await MpiJob.Run(2, folder, "collectives", folder);

        Assert.True(job.ExitCode == 0, job.Output);
        Assert.Contains(name, new[] { "syncbn", "syncbn2d" }); // [N, C, L] (BatchNorm1d) and [N, C, H, W] (BatchNorm2d)
        foreach (JsonElement report in job.Ranks.Values)
        {
            // float64 throughout: the pairwise combination of the ranks' means and squared deviations is exact to roundoff
            Assert.InRange(report.GetProperty($"{name}_output_max_abs").GetDouble(), 1, 100);
            Assert.InRange(report.GetProperty($"{name}_output_max_abs_diff").GetDouble(), 0, 1e-12);
            double inputScale = report.GetProperty($"{name}_input_gradient_max_abs").GetDouble();
            Assert.True(inputScale > 1e-4, $"the input gradient is {inputScale}: the check would be vacuous");
            Assert.InRange(report.GetProperty($"{name}_input_gradient_max_abs_diff").GetDouble(), 0, 1e-12 * inputScale);
            double weightScale = report.GetProperty($"{name}_weight_gradient_max_abs").GetDouble();
            Assert.True(weightScale > 1e-4, $"the weight gradient is {weightScale}: the check would be vacuous");
            Assert.InRange(report.GetProperty($"{name}_weight_gradient_max_abs_diff").GetDouble(), 0, 1e-12 * weightScale);
            Assert.InRange(report.GetProperty($"{name}_bias_gradient_max_abs_diff").GetDouble(), 0, 1e-12);
            Assert.InRange(report.GetProperty($"{name}_running_mean_max_abs_diff").GetDouble(), 0, 1e-12);
            Assert.InRange(report.GetProperty($"{name}_running_var_max_abs").GetDouble(), 1, 10); // 0.9 + 0.1·(about 9)
            Assert.InRange(report.GetProperty($"{name}_running_var_max_abs_diff").GetDouble(), 0, 1e-12);
        }
    }

    [Fact]
    public async Task VicregOnTwoRanksHasTheGlobalBatchsGradient()
    {
        MpiJob.Outcome job = await MpiJob.Run(2, folder, "collectives", folder);

        Assert.True(job.ExitCode == 0, job.Output);
        AssertSingleProcessGradient(job, "vicreg"); // invariance per rank, variance and covariance of the global batch
    }

    [Fact]
    public async Task MoCoV3OnTwoRanksClassifiesEachQueryAmongTheGlobalBatchsKeys()
    {
        MpiJob.Outcome job = await MpiJob.Run(2, folder, "collectives", folder);

        Assert.True(job.ExitCode == 0, job.Output);
        AssertSingleProcessGradient(job, "mocov3");
    }

    /// <summary>The ranks' averaged gradient equals one process's (float64), and the ranks' mean loss equals its loss.</summary>
    private static void AssertSingleProcessGradient(MpiJob.Outcome job, string loss)
    {
        double meanLoss = job.Ranks.Values.Average(r => r.GetProperty($"{loss}_loss").GetDouble());
        foreach (JsonElement report in job.Ranks.Values)
        {
            double scale = report.GetProperty($"{loss}_gradient_max_abs").GetDouble();
            Assert.True(scale > 0.01, $"the reference gradient is {scale}: the check would be vacuous");
            Assert.InRange(report.GetProperty($"{loss}_gradient_max_abs_diff").GetDouble(), 0, 1e-12 * scale * 100); // float64
            Assert.Equal(report.GetProperty($"{loss}_single_process_loss").GetDouble(), meanLoss, 12);
        }
    }

    [Fact]
    public async Task AHungRankEndsTheJobWithinTheTimeoutAndIsNamedNotTheRankWaitingBesideIt()
    {
        // Three ranks: rank 2 hangs outside MPI; ranks 0 and 1 wait in the barrier, time out, and probe each other.
        MpiJob.Outcome job = await MpiJob.Run(3, folder, "hang", folder, "3");

        Assert.NotEqual(0, job.ExitCode);
        // The first waiting rank to finish aborts the job, so the other may not get to write its report.
        Assert.NotEmpty(job.Ranks);
        Assert.DoesNotContain(2, job.Ranks.Keys);
        foreach ((int rank, JsonElement report) in job.Ranks)
        {
            Assert.Equal("timeout", report.GetProperty("outcome").GetString());
            string message = report.GetProperty("message").GetString()!;
            Assert.Contains($"rank {rank} of 3: the barrier did not complete within 3 s: rank 2 did not answer a liveness probe within 2 s", message);
            Assert.DoesNotContain($"rank {1 - rank} ", message);
            Assert.Equal(new[] { 2 }, report.GetProperty("lost_ranks").EnumerateArray().Select(e => e.GetInt32()));
            Assert.InRange(report.GetProperty("seconds").GetDouble(), 3, 12); // the timeout, then at most the 2 s probe
        }

        Assert.True(job.Elapsed < TimeSpan.FromSeconds(60), $"the job took {job.Elapsed}");
    }

    [Fact]
    public async Task AKilledRankEndsTheJobAndTheLauncherNamesIt()
    {
        MpiJob.Outcome job = await MpiJob.Run(2, folder, "die", folder, "3");

        Assert.NotEqual(0, job.ExitCode);
        Assert.DoesNotContain(0, job.Ranks.Keys); // rank 0 did not get past the collective
        Assert.Contains("process rank 1 with PID", job.Output);
        Assert.Contains("exited on signal 9 (Killed)", job.Output);
        Assert.True(job.Elapsed < TimeSpan.FromSeconds(60), $"the job took {job.Elapsed}");
    }

    private static double[] Doubles(JsonElement report, string name) => report.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
