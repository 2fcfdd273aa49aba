using System.Text.Json;

namespace SslDsl.Generators.Tests.Distributed;

/// <summary>
/// Generated trainers on two real ranks (mpirun on localhost) against the same trainers alone on the same global
/// batches (tests/SslDsl.DistributedChild, scenario "train": future-window prediction with a transformer under AdamW
/// and SGD, SimCLR whose loss gathers the ranks' projections, Barlow Twins whose statistics sum over the ranks, MoCo v2 whose queue takes every rank's keys,
/// SwAV with and without its queue, and the other joint-embedding objectives; 3 epochs of 4 steps, batch 16 = 2 × 8).
/// </summary>
public sealed class DataParallelTrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-dp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TwoRanksTrainWhatOneProcessTrainsOnTheSameGlobalBatches()
    {
        MpiJob.Outcome job = await MpiJob.Run(2, folder, "train", folder);

        Assert.True(job.ExitCode == 0, job.Output);
        JsonElement rank0 = job.Ranks[0], rank1 = job.Ranks[1];
        foreach (string optimizer in new[] { "adamw", "sgd", "simclr", "barlow", "moco", "masked_stream", "mlm", "distill", "byol", "mae", "gradcache", "nnclr", "dino", "swav", "swav_queue" })
        {
            // The ranks hold bit-identical weights: the same broadcast start and the same averaged gradients.
            Assert.Equal(rank0.GetProperty($"{optimizer}_param_checksum").GetDouble(), rank1.GetProperty($"{optimizer}_param_checksum").GetDouble());
            Assert.Equal(12, rank0.GetProperty($"{optimizer}_steps").GetInt64());
            double[] losses = Doubles(rank0, $"{optimizer}_epoch_losses"), single = Doubles(rank0, $"{optimizer}_single_process_epoch_losses");
            Assert.Equal(3, losses.Length);
            for (int e = 0; e < 3; e++)
            {
                Assert.Equal(single[e], losses[e], 1e-5 * single[e]); // the global batch's mean, float32 sums in another order
            }

            Assert.Equal(losses, Doubles(rank1, $"{optimizer}_epoch_losses"));
            Assert.True(rank0.GetProperty($"{optimizer}_wrote_checkpoint").GetBoolean(), "rank 0 writes the checkpoints");
            Assert.False(rank1.GetProperty($"{optimizer}_wrote_checkpoint").GetBoolean(), "only rank 0 writes checkpoints");
            // the weights are not vacuous; DINO's head is scale-invariant (an L2 norm follows its MLP), so SGD grows its weights
            Assert.InRange(rank0.GetProperty($"{optimizer}_max_abs_param").GetDouble(), 0.5, optimizer == "dino" ? 1e3 : 10);
        }

        // SGD: the runs differ by float roundoff of the sums' order only (weights of magnitude ~1).
        Assert.InRange(rank0.GetProperty("sgd_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);
        // AdamW divides by √v: a near-zero gradient whose last bits differ can move a weight by up to one learning
        // rate (3e-3) in a step; the weights must stay within that of the single-process run.
        Assert.InRange(rank0.GetProperty("adamw_max_abs_param_diff_vs_single_process").GetDouble(), 0, 3e-3);

        Assert.Equal("mpi", rank0.GetProperty("simclr_backend_when_created").GetString()); // [DataParallel] joined mpirun's job
        Assert.Equal("single", rank0.GetProperty("sgd_backend_when_created").GetString()); // without it: one process until told

        // SimCLR (SGD): each rank's NT-Xent gathers every rank's projections, so its negatives are the global batch's;
        // its augmentations (scaling, magnitude warp, time mask) draw by the sample's place in the global batch. Their
        // batched arithmetic (spline warps) sums in another order for 8 rows than for 16, and 12 steps grow that
        // roundoff (measured 5e-6 here); a sample given another sample's draws would move the weights by ~1e-2.
        Assert.InRange(rank0.GetProperty("simclr_max_abs_param_diff_vs_single_process").GetDouble(), 0, 3e-5);

        // Its online probe learns from every rank's labelled rows: one probe on both ranks, one process's.
        Assert.Equal(rank0.GetProperty("simclr_probe_weight_checksum").GetDouble(), rank1.GetProperty("simclr_probe_weight_checksum").GetDouble());
        Assert.InRange(rank0.GetProperty("simclr_probe_weight_max_abs").GetDouble(), 1e-3, 100);
        Assert.InRange(rank0.GetProperty("simclr_probe_weight_diff_vs_single_process").GetDouble(), 0, 1e-4 * rank0.GetProperty("simclr_probe_weight_max_abs").GetDouble());

        // Barlow Twins (SGD): the standardisation and the cross-correlation use the global batch's sums.
        Assert.InRange(rank0.GetProperty("barlow_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);

        // MoCo v2 (SGD): every rank enqueues the global batch's keys, so the queues hold what one process's would.
        Assert.InRange(rank0.GetProperty("moco_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);

        // Masked streams: each rank divides its squared errors by the hidden readings of every rank.
        Assert.InRange(rank0.GetProperty("masked_stream_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);

        // MLM: each rank divides its selected tokens' cross-entropy by the selected tokens of every rank.
        Assert.InRange(rank0.GetProperty("mlm_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);
        // [Distill]: the soft-target and MLM terms divide by the global count of masked tokens, as MLM does; the
        // hidden-state cosine is a mean over equal rank shares.
        Assert.InRange(rank0.GetProperty("distill_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);

        // BYOL: synchronised BatchNorm in encoder, projector and predictor, and the momentum target, as one process.
        Assert.InRange(rank0.GetProperty("byol_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);

        // NNCLR: each rank's neighbours meet the global batch's predictions; the support sets take the global batch.
        Assert.InRange(rank0.GetProperty("nnclr_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);

        // DINO: the teacher follows identical students and the centre is the mean over every rank's rows.
        Assert.InRange(rank0.GetProperty("dino_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-6 * rank0.GetProperty("dino_max_abs_param").GetDouble());

        // SwAV: the Sinkhorn codes are the global batch's (its sums over every rank's rows). exp(score / ε), ε = 0.05,
        // magnifies the sums' roundoff twentyfold (measured 8e-6); codes of one rank's rows alone would differ by ~1e-2.
        Assert.InRange(rank0.GetProperty("swav_max_abs_param_diff_vs_single_process").GetDouble(), 0, 5e-5);

        // SwAV with its queue (32 rows, from epoch 1): every rank keeps the global batch's projections in rank order and
        // Sinkhorn counts that shared queue once, so the codes over [queue; global batch] are one process's. Epoch 0 is
        // before the queue starts, so it trains as SwAV without one; from epoch 1's third step on the full queue changes the codes.
        Assert.InRange(rank0.GetProperty("swav_queue_max_abs_param_diff_vs_single_process").GetDouble(), 0, 5e-5);
        Assert.Equal(Doubles(rank0, "swav_epoch_losses")[0], Doubles(rank0, "swav_queue_epoch_losses")[0]);
        Assert.NotEqual(Doubles(rank0, "swav_epoch_losses")[2], Doubles(rank0, "swav_queue_epoch_losses")[2]);

        // MAE: the random masking and flips of each sample are one process's.
        Assert.InRange(rank0.GetProperty("mae_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);

        // GradCache (2 batches per step): the cached projections of every rank are gathered once per optimizer step.
        Assert.InRange(rank0.GetProperty("gradcache_max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);
    }

    [Fact]
    public async Task AJobWhoseRankIsKilledResumesFromRankZerosLastCheckpointBitExact()
    {
        string whole = Path.Combine(folder, "whole"), broken = Path.Combine(folder, "broken");
        Directory.CreateDirectory(whole);
        Directory.CreateDirectory(broken);
        MpiJob.Outcome uninterrupted = await MpiJob.Run(2, whole, "resume", whole);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Output);

        MpiJob.Outcome killed = await MpiJob.RunWith(new Dictionary<string, string> { ["SSLDSL_KILL_RANK1_AT_STEP"] = "5" }, 2, broken, "resume", broken);
        Assert.NotEqual(0, killed.ExitCode);
        Assert.Contains("process rank 1 with PID", killed.Output); // mpirun names the lost rank
        Assert.Empty(killed.Ranks); // neither rank finished
        string[] left = Directory.GetFiles(Path.Combine(broken, "checkpoints"), "*.ckpt");
        Assert.NotEmpty(left);

        MpiJob.Outcome resumed = await MpiJob.Run(2, broken, "resume", broken);
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        JsonElement rank0 = resumed.Ranks[0];
        Assert.Contains(rank0.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("resumed from", StringComparison.Ordinal));
        Assert.Equal(12, rank0.GetProperty("steps").GetInt64());
        double expected = uninterrupted.Ranks[0].GetProperty("param_checksum").GetDouble();
        Assert.Equal(expected, rank0.GetProperty("param_checksum").GetDouble()); // bit-exact: the same float64 sum
        Assert.Equal(expected, resumed.Ranks[1].GetProperty("param_checksum").GetDouble());
    }

    [Fact]
    public void WithoutALauncherADataParallelExperimentTrainsAloneAndSaysSo()
    {
        using var trainer = LaunchlessDataParallel.CreateTrainer(seed: 1);
        Assert.Equal("single", trainer.ProcessGroup.Backend);
        Assert.Equal(30.0, LaunchlessDataParallel.Trainer.ExperimentSettings.DataParallel!.TimeoutSeconds);

        using TorchSharp.torch.Tensor windows = TorchSharp.torch.randn(32, 2, 24);
        SslDsl.Training.PretrainReport report = trainer.Fit(windows, epochs: 1, progress: new Progress<SslDsl.Training.EpochReport>(_ => { }));

        Assert.Equal(2, report.Steps);
        Assert.Contains(report.Notes!, n => n.StartsWith("[DataParallel]: this process was not started by an MPI launcher, so it trains alone", StringComparison.Ordinal));
    }

    private static double[] Doubles(JsonElement report, string name) => report.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
