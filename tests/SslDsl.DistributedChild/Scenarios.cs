using System.Diagnostics;
using SslDsl.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.DistributedChild;

/// <summary>What each rank does and measures in one test scenario; the tests compare the ranks' reports.</summary>
internal static class Scenarios
{
    public static Dictionary<string, object?> Collectives(IProcessGroup group)
    {
        var measured = new Dictionary<string, object?>();
        int rank = group.Rank, size = group.Size;

        using (Tensor floats = arange(5, ScalarType.Float32).mul_(rank + 1))
        {
            group.AllReduceSum(floats);
            measured["allreduce_float32"] = floats.data<float>().ToArray();
        }

        using (Tensor doubles = arange(3, ScalarType.Float64).add_(0.25).mul_(rank + 1))
        {
            group.AllReduceSum(doubles);
            measured["allreduce_float64"] = doubles.data<double>().ToArray();
        }

        using (Tensor longs = full(2, (long)1 << (40 + rank), ScalarType.Int64))
        {
            group.AllReduceSum(longs);
            measured["allreduce_int64"] = longs.data<long>().ToArray();
        }

        // A transposed view is not contiguous: the group stages it through a contiguous copy and writes back.
        using (Tensor matrix = arange(6, ScalarType.Float32).view(2, 3).mul_(rank + 1))
        using (Tensor transposed = matrix.t())
        {
            group.AllReduceSum(transposed);
            measured["allreduce_transposed"] = matrix.data<float>().ToArray();
        }

        using (Tensor broadcast = full(3, 10f * rank + 7))
        {
            group.Broadcast(broadcast, root: size - 1);
            measured["broadcast_from_last"] = broadcast.data<float>().ToArray();
        }

        using (Tensor rows = tensor(new float[] { rank, rank + 0.5f, rank, rank + 0.5f }, new long[] { 2, 2 }))
        using (Tensor gathered = group.AllGather(rows))
        {
            measured["allgather_shape"] = gathered.shape;
            measured["allgather"] = gathered.data<float>().ToArray();
        }

        (double distributed, double single, double loss, double singleLoss) = GatheredGradient(group);
        measured["gather_gradient_max_abs_diff"] = distributed;
        measured["gather_gradient_max_abs"] = single;
        measured["gather_loss"] = loss;
        measured["single_process_loss"] = singleLoss;
        // SimCLR's NT-Xent (3 views, τ 0.2) gathers the ranks' projections; Barlow Twins and VICReg sum batch statistics.
        using var ntXent = new SslDsl.Objectives.NtXentLoss(0.2, views: 3);
        Record(measured, "ntxent", ViewLossGradient(group, views: 3, perRank: 4, dim: 6, ntXent.Compute, p => ntXent.Compute(p, group)));
        var barlow = new SslDsl.Objectives.BarlowTwinsLoss(0.1);
        Record(measured, "barlow", ViewLossGradient(group, views: 2, perRank: 5, dim: 4, barlow.Compute, p => barlow.Compute(p, group)));
        // MoCo v3: the queries are this rank's; the keys (no gradient) a second shared tensor of the same layout.
        var mocoV3 = new SslDsl.Objectives.MoCoV3Loss(0.2);
        using Tensor keys = randn(new long[] { 2 * 4 * group.Size, 6 }, ScalarType.Float64, generator: new Generator(29));
        Record(measured, "mocov3", ViewLossGradient(group, views: 2, perRank: 4, dim: 6, q => mocoV3.Compute(q, keys), q => mocoV3.Compute(q, RowsOfRank(keys, group, views: 2, perRank: 4), group)));
        var vicreg = new SslDsl.Objectives.VicRegLoss();
        Record(measured, "vicreg", ViewLossGradient(group, views: 2, perRank: 5, dim: 4, vicreg.Compute, p => vicreg.Compute(p, group)));
        foreach ((string key, double value) in SyncBatchNormAgainstOneProcess(group, new long[] { 4 }, "syncbn"))
        {
            measured[key] = value;
        }

        foreach ((string key, double value) in SyncBatchNormAgainstOneProcess(group, new long[] { 3, 5 }, "syncbn2d"))
        {
            measured[key] = value;
        }

        measured["allreduce_1mb_ms"] = AllReduceMilliseconds(group, 262_144, repeats: 50);
        return measured;
    }

    /// <summary>
    /// SslDsl's BatchNorm synchronised over the ranks against TorchSharp's BatchNorm1d/2d on the whole batch, float64:
    /// each rank normalises its rows of a seeded [ranks·5, 3, <paramref name="spatial"/>…] batch (mean 2, spread 3: a
    /// test of the pairwise combination);
    /// the rank's loss is the mean over its rows of a weighted sum, as data parallel's is. Returns the largest differences
    /// of the outputs, of the input gradient (×ranks: every rank's loss reaches every rank's rows through the statistics),
    /// of the averaged weight and bias gradients and of the running statistics, with their magnitudes.
    /// </summary>
    private static Dictionary<string, double> SyncBatchNormAgainstOneProcess(IProcessGroup group, long[] spatial, string name)
    {
        using var scope = NewDisposeScope();
        const int rowsPerRank = 5, channels = 3;
        int global = rowsPerRank * group.Size;
        var generator = new Generator(31);
        Tensor x = randn(new long[] { global, channels }.Concat(spatial).ToArray(), ScalarType.Float64, generator: generator).mul_(3).add_(2);
        Tensor weights = randn(x.shape, ScalarType.Float64, generator: generator);
        Tensor gamma = rand(channels, ScalarType.Float64, generator: generator).add_(0.5);
        Tensor beta = randn(channels, ScalarType.Float64, generator: generator);

        var single = spatial.Length == 2 ? (TorchSharp.Modules.BatchNorm)nn.BatchNorm2d(channels) : nn.BatchNorm1d(channels);
        single.to(ScalarType.Float64);
        var synced = new SyncBatchNorm(channels) { Group = group };
        synced.to(ScalarType.Float64);
        using (no_grad())
        {
            single.weight!.copy_(gamma);
            single.bias!.copy_(beta);
            synced.parameters().First().copy_(gamma);
            synced.parameters().Last().copy_(beta);
        }

        Tensor xAll = x.clone().requires_grad_(true);
        Tensor yAll = single.call(xAll);
        yAll.mul(weights).mean().backward();

        Tensor xMine = x.narrow(0, group.Rank * rowsPerRank, rowsPerRank).clone().requires_grad_(true);
        Tensor yMine = synced.call(xMine);
        yMine.mul(weights.narrow(0, group.Rank * rowsPerRank, rowsPerRank)).mean().backward();
        Tensor[] parameterGradients = synced.parameters().Select(p => p.grad!.clone()).ToArray();
        foreach (Tensor gradient in parameterGradients)
        {
            group.AllReduceSum(gradient);
            gradient.div_(group.Size);
        }

        double Diff(Tensor a, Tensor b) => a.sub(b).abs().max().item<double>();
        Dictionary<string, Tensor> state = synced.state_dict();
        return new()
        {
            [$"{name}_output_max_abs_diff"] = Diff(yMine, yAll.narrow(0, group.Rank * rowsPerRank, rowsPerRank)),
            [$"{name}_output_max_abs"] = yAll.abs().max().item<double>(),
            [$"{name}_input_gradient_max_abs_diff"] = Diff(xMine.grad!.div(group.Size), xAll.grad!.narrow(0, group.Rank * rowsPerRank, rowsPerRank)),
            [$"{name}_input_gradient_max_abs"] = xAll.grad!.abs().max().item<double>(),
            [$"{name}_weight_gradient_max_abs_diff"] = Diff(parameterGradients[0], single.weight!.grad!),
            [$"{name}_bias_gradient_max_abs_diff"] = Diff(parameterGradients[1], single.bias!.grad!),
            [$"{name}_weight_gradient_max_abs"] = single.weight!.grad!.abs().max().item<double>(),
            [$"{name}_running_mean_max_abs_diff"] = Diff(state["running_mean"], single.running_mean!),
            [$"{name}_running_var_max_abs_diff"] = Diff(state["running_var"], single.running_var!),
            [$"{name}_running_var_max_abs"] = single.running_var!.abs().max().item<double>(),
        };
    }

    /// <summary>
    /// A contrastive loss whose anchors see every rank's rows: each rank embeds its slice of a seeded global batch,
    /// gathers all embeddings differentiably, averages its anchors' loss, backpropagates, and the ranks average their
    /// weight gradients (as data parallel does). Every rank also computes the single-process gradient over the whole
    /// batch; returns the largest difference, the largest single-process gradient entry, the rank's loss and the
    /// single-process loss (float64 throughout).
    /// </summary>
    private static (double Diff, double Scale, double Loss, double SingleLoss) GatheredGradient(IProcessGroup group)
    {
        const int rowsPerRank = 4, inputs = 6, outputs = 5;
        int global = rowsPerRank * group.Size;
        var generator = new Generator(17);
        using Tensor x = randn(new long[] { global, inputs }, ScalarType.Float64, generator: generator);
        using Tensor w0 = randn(new long[] { inputs, outputs }, ScalarType.Float64, generator: generator);

        using Tensor w = w0.clone().requires_grad_(true);
        using Tensor local = x.narrow(0, group.Rank * rowsPerRank, rowsPerRank);
        using Tensor z = local.matmul(w);
        using Tensor all = DistributedAutograd.AllGather(group, z);
        using Tensor loss = Contrastive(z, all, group.Rank * rowsPerRank, global);
        loss.backward();
        using Tensor gradient = w.grad!.clone();
        group.AllReduceSum(gradient);
        gradient.div_(group.Size);

        using Tensor wSingle = w0.clone().requires_grad_(true);
        using Tensor zSingle = x.matmul(wSingle);
        using Tensor singleLoss = Contrastive(zSingle, zSingle, 0, global);
        singleLoss.backward();
        using Tensor diff = gradient.sub(wSingle.grad!).abs().max();
        using Tensor scale = wSingle.grad!.abs().max();
        return (diff.item<double>(), scale.item<double>(), loss.item<double>(), singleLoss.item<double>());
    }

    /// <summary>
    /// A multi-view loss on ranks against one process, in float64: the global batch's projections <c>[V·N, D]</c>
    /// (view-major) are shared; each rank takes its n samples of every view (its own view-major block), computes the
    /// rank-aware loss, and the ranks average the gradient with respect to the projections (as data parallel averages
    /// parameter gradients). Returns the largest difference to the single-process gradient, the largest entry of that
    /// gradient, this rank's loss and the single-process loss.
    /// </summary>
    private static (double Diff, double Scale, double Loss, double SingleLoss) ViewLossGradient(
        IProcessGroup group, int views, int perRank, int dim, Func<Tensor, Tensor> single, Func<Tensor, Tensor> onRanks)
    {
        int samples = perRank * group.Size;
        using Tensor projections0 = randn(new long[] { views * samples, dim }, ScalarType.Float64, generator: new Generator(23));

        using Tensor projections = projections0.clone().requires_grad_(true);
        long[] mine = Enumerable.Range(0, views).SelectMany(v => Enumerable.Range(v * samples + group.Rank * perRank, perRank)).Select(i => (long)i).ToArray();
        using Tensor rows = tensor(mine);
        using Tensor local = projections.index_select(0, rows);
        using Tensor rankLoss = onRanks(local);
        rankLoss.backward();
        using Tensor gradient = projections.grad!.clone();
        group.AllReduceSum(gradient);
        gradient.div_(group.Size);

        using Tensor whole = projections0.clone().requires_grad_(true);
        using Tensor singleLoss = single(whole);
        singleLoss.backward();
        using Tensor diff = gradient.sub(whole.grad!).abs().max();
        using Tensor scale = whole.grad!.abs().max();
        return (diff.item<double>(), scale.item<double>(), rankLoss.item<double>(), singleLoss.item<double>());
    }

    /// <summary>
    /// Mean over the anchors (rows <paramref name="first"/>… of the global batch) of cross-entropy over their cosine
    /// similarities to all other rows (τ = 0.5), the positive of global row i being row (i + N/2) mod N.
    /// </summary>
    private static Tensor Contrastive(Tensor anchors, Tensor all, int first, int global)
    {
        using var scope = NewDisposeScope();
        Tensor a = nn.functional.normalize(anchors, dim: 1);
        Tensor b = nn.functional.normalize(all, dim: 1);
        Tensor logits = a.matmul(b.t()).div(0.5);
        Tensor rows = arange(first, first + anchors.shape[0], ScalarType.Int64);
        Tensor self = zeros(logits.shape, ScalarType.Bool).index_put_(tensor(true), arange(anchors.shape[0], ScalarType.Int64), rows);
        logits = logits.masked_fill(self, double.NegativeInfinity);
        Tensor positives = rows.add(global / 2).remainder(global);
        return nn.functional.cross_entropy(logits, positives).MoveToOuterDisposeScope();
    }

    /// <summary>This rank's n samples of every view of a view-major global tensor.</summary>
    private static Tensor RowsOfRank(Tensor global, IProcessGroup group, int views, int perRank)
    {
        int samples = perRank * group.Size;
        long[] mine = Enumerable.Range(0, views).SelectMany(v => Enumerable.Range(v * samples + group.Rank * perRank, perRank)).Select(i => (long)i).ToArray();
        using Tensor rows = tensor(mine);
        return global.index_select(0, rows);
    }

    private static void Record(Dictionary<string, object?> measured, string name, (double Diff, double Scale, double Loss, double SingleLoss) result)
    {
        measured[$"{name}_gradient_max_abs_diff"] = result.Diff;
        measured[$"{name}_gradient_max_abs"] = result.Scale;
        measured[$"{name}_loss"] = result.Loss;
        measured[$"{name}_single_process_loss"] = result.SingleLoss;
    }

    private static double AllReduceMilliseconds(IProcessGroup group, int floats, int repeats)
    {
        using Tensor buffer = ones(floats);
        group.AllReduceSum(buffer); // warm-up: connections are set up lazily
        group.Barrier();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++)
        {
            group.AllReduceSum(buffer);
        }

        return clock.Elapsed.TotalMilliseconds / repeats;
    }

    /// <summary>
    /// Pretrains <see cref="ParallelForecast"/> (AdamW) and <see cref="ParallelForecastSgd"/> for 3 epochs on the ranks,
    /// and every rank each of them alone on the same data: per experiment the largest parameter difference between the
    /// two runs, a checksum of the ranks' parameters (equal on all ranks), the reported losses of both runs, and whether
    /// this rank wrote a checkpoint (SimCLR, Barlow Twins and MoCo v2 included: their losses gather or sum over the ranks); then whether Fit refuses masked-stream reconstruction on the ranks.
    /// </summary>
    public static Dictionary<string, object?> Train(IProcessGroup group, string folder)
    {
        using Tensor windows = SequenceData(64);
        var measured = new Dictionary<string, object?>();
        Compare(measured, "adamw", group, folder, windows, () =>
        {
            ParallelForecast.Trainer t = ParallelForecast.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Head.parameters()).ToArray());
        });
        Compare(measured, "sgd", group, folder, windows, () =>
        {
            ParallelForecastSgd.Trainer t = ParallelForecastSgd.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Head.parameters()).ToArray());
        });

        // SimCLR also trains its online probe on labels (3 classes by the window's mean): on the ranks, from every rank's rows.
        using Tensor classes = windows.mean(new long[] { 1, 2 }).mul(3).floor().clamp(-1, 1).add(1).to_type(ScalarType.Int64);
        var probe = new Training.OnlineProbeData(classes, windows.narrow(0, 0, 16), classes.narrow(0, 0, 16), 3);
        Compare(measured, "simclr", group, folder, windows, probe: probe, create: () =>
        {
            ParallelSimClr.Trainer t = ParallelSimClr.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).ToArray());
        });

        Compare(measured, "barlow", group, folder, windows, () =>
        {
            ParallelBarlowTwins.Trainer t = ParallelBarlowTwins.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).ToArray());
        });

        Compare(measured, "moco", group, folder, windows, () =>
        {
            ParallelMoCo.Trainer t = ParallelMoCo.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).ToArray());
        });

        Compare(measured, "masked_stream", group, folder, windows, () =>
        {
            ParallelMaskedStream.Trainer t = ParallelMaskedStream.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Head.parameters()).ToArray());
        });

        Compare(measured, "byol", group, folder, windows, () =>
        {
            ParallelByol.Trainer t = ParallelByol.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).Concat(t.Predictor.parameters()).ToArray());
        });

        using Tensor images = rand(new long[] { 64, 1, 8, 8 }, generator: new Generator(13));
        Compare(measured, "mae", group, folder, images, () =>
        {
            ParallelMae.Trainer t = ParallelMae.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Head.parameters()).ToArray());
        });

        using Tensor tokens = randint(4, 40, new long[] { 64, 16 }, generator: new Generator(17));
        Compare(measured, "mlm", group, folder, tokens, () =>
        {
            ParallelMlm.Trainer t = ParallelMlm.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Head.parameters()).ToArray());
        });

        using (ParallelMlmTeacher.Trainer teacher = ParallelMlmTeacher.CreateTrainer(seed: 9))
        {
            teacher.ProcessGroup = SingleProcessGroup.Instance; // every rank trains the same teacher alone
            teacher.Fit(tokens, progress: new Progress<Training.EpochReport>(_ => { }));
            Compare(measured, "distill", group, folder, tokens, () =>
            {
                ParallelDistilledMlm.Trainer t = ParallelDistilledMlm.CreateTrainer(seed: 5, teacher: teacher);
                return (t, t.Encoder.parameters().Concat(t.Head.parameters()).ToArray());
            });
        }

        Compare(measured, "nnclr", group, folder, windows, () =>
        {
            ParallelNnclr.Trainer t = ParallelNnclr.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).Concat(t.Predictor.parameters()).ToArray());
        });

        Compare(measured, "dino", group, folder, windows, () =>
        {
            ParallelDino.Trainer t = ParallelDino.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).Concat(t.TargetProjector.parameters()).ToArray());
        });

        Compare(measured, "swav", group, folder, windows, () =>
        {
            ParallelSwav.Trainer t = ParallelSwav.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).ToArray());
        });

        Compare(measured, "swav_queue", group, folder, windows, () =>
        {
            ParallelSwavQueue.Trainer t = ParallelSwavQueue.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).ToArray());
        });

        Compare(measured, "gradcache", group, folder, windows, () =>
        {
            ParallelGradCache.Trainer t = ParallelGradCache.CreateTrainer(seed: 5);
            return (t, t.Encoder.parameters().Concat(t.Projector.parameters()).ToArray());
        });

        return measured;
    }

    private static void Compare(Dictionary<string, object?> measured, string name, IProcessGroup group, string folder, Tensor data, Func<(Training.SslTrainer Trainer, Tensor[] Parameters)> create, Training.OnlineProbeData? probe = null)
    {
        (Training.SslTrainer parallel, Tensor[] mine) = create();
        (Training.SslTrainer alone, Tensor[] reference) = create();
        using (parallel)
        using (alone)
        {
            measured[$"{name}_backend_when_created"] = parallel.ProcessGroup.Backend; // "mpi" where [DataParallel] joined the job
            parallel.ProcessGroup = group;
            alone.ProcessGroup = SingleProcessGroup.Instance;
            string checkpoints = Path.Combine(folder, $"{name}-checkpoints-rank-{group.Rank}");
            parallel.Checkpoints = new Training.CheckpointPolicy(EveryEpochs: 1, EverySteps: 0, Directory: checkpoints, Keep: 1);
            Training.PretrainReport report = parallel.Fit(data, progress: new Progress<Training.EpochReport>(_ => { }), probe: probe);
            Training.PretrainReport single = alone.Fit(data, progress: new Progress<Training.EpochReport>(_ => { }), probe: probe);
            if (parallel.OnlineProbeClassifier is { } rankProbe && alone.OnlineProbeClassifier is { } aloneProbe)
            {
                using Tensor diff = rankProbe.Parameters.Weight.sub(aloneProbe.Parameters.Weight).abs().max();
                using Tensor size = aloneProbe.Parameters.Weight.abs().max();
                using Tensor sum = rankProbe.Parameters.Weight.to_type(ScalarType.Float64).sum();
                measured[$"{name}_probe_weight_diff_vs_single_process"] = diff.item<float>();
                measured[$"{name}_probe_weight_max_abs"] = size.item<float>();
                measured[$"{name}_probe_weight_checksum"] = sum.item<double>();
            }

            double maxDiff = 0, maxAbs = 0, checksum = 0;
            using (no_grad())
            {
                for (int i = 0; i < mine.Length; i++)
                {
                    using Tensor diff = mine[i].sub(reference[i]).abs().max();
                    using Tensor size = reference[i].abs().max();
                    using Tensor sum = mine[i].to_type(ScalarType.Float64).mul(i + 1).sum();
                    maxDiff = Math.Max(maxDiff, diff.item<float>());
                    maxAbs = Math.Max(maxAbs, size.item<float>());
                    checksum += sum.item<double>();
                }
            }

            measured[$"{name}_max_abs_param_diff_vs_single_process"] = maxDiff;
            measured[$"{name}_max_abs_param"] = maxAbs;
            measured[$"{name}_param_checksum"] = checksum;
            measured[$"{name}_steps"] = report.Steps;
            measured[$"{name}_epoch_losses"] = report.Epochs.Select(e => e.Loss).ToArray();
            measured[$"{name}_single_process_epoch_losses"] = single.Epochs.Select(e => e.Loss).ToArray();
            measured[$"{name}_wrote_checkpoint"] = Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints).Length > 0;
        }
    }

    /// <summary>
    /// Pretrains <see cref="ParallelForecast"/> on the ranks for 3 epochs with a checkpoint after every optimizer step
    /// in <paramref name="checkpoints"/> (written by rank 0), continuing from the newest one there (<c>resume</c>). With
    /// <paramref name="killRank1AtStep"/> &gt; 0, rank 1 kills itself (SIGKILL) once a checkpoint of that step exists.
    /// Reports a checksum of the final weights and the run's notes.
    /// </summary>
    public static Dictionary<string, object?> Resume(IProcessGroup group, string checkpoints, int killRank1AtStep)
    {
        using Tensor windows = SequenceData(64);
        using ParallelForecast.Trainer trainer = ParallelForecast.CreateTrainer(seed: 5);
        trainer.ProcessGroup = group;
        trainer.Checkpoints = new Training.CheckpointPolicy(EveryEpochs: 1, EverySteps: 1, Directory: checkpoints, Keep: 2);
        if (group.Rank == 1 && killRank1AtStep > 0)
        {
            var folder = new Training.CheckpointFolder(checkpoints, ParallelForecast.Trainer.ExperimentName);
            string marker = folder.PathFor(killRank1AtStep);
            new Thread(() =>
            {
                while (!File.Exists(marker))
                {
                    Thread.Sleep(5);
                }

                Process.GetCurrentProcess().Kill(); // as a crash would: mid-step, without cleaning up
            }) { IsBackground = true }.Start();
        }

        Training.PretrainReport report = trainer.Fit(windows, resume: true, progress: new Progress<Training.EpochReport>(_ => { }));
        double checksum = 0;
        using (no_grad())
        {
            Tensor[] weights = trainer.Encoder.parameters().Concat(trainer.Head.parameters()).ToArray();
            for (int i = 0; i < weights.Length; i++)
            {
                using Tensor sum = weights[i].to_type(ScalarType.Float64).mul(i + 1).sum();
                checksum += sum.item<double>();
            }
        }

        return new() { ["param_checksum"] = checksum, ["steps"] = report.Steps, ["notes"] = report.Notes };
    }

    /// <summary>Seeded smooth 3-channel windows (sines with per-window phase and frequency, plus noise).</summary>
    private static Tensor SequenceData(int count)
    {
        var generator = new Generator(11);
        using Tensor phase = rand(new long[] { count, 3, 1 }, generator: generator).mul_(6.28);
        using Tensor frequency = rand(new long[] { count, 3, 1 }, generator: generator).mul_(0.3).add_(0.1);
        using Tensor steps = arange(32, ScalarType.Float32).view(1, 1, 32);
        using Tensor noise = randn(new long[] { count, 3, 32 }, generator: generator).mul_(0.05);
        return steps.mul(frequency).add_(phase).sin_().add_(noise);
    }

    /// <summary>Rank 1 stops taking part; rank 0's next collective must end with a timeout that names the wait.</summary>
    public static Dictionary<string, object?> Hang(IProcessGroup group)
    {
        if (group.Rank == group.Size - 1)
        {
            Thread.Sleep(Timeout.Infinite); // hangs outside MPI until the job is aborted
        }

        var clock = Stopwatch.StartNew();
        try
        {
            group.Barrier();
            return new() { ["outcome"] = "completed" };
        }
        catch (ProcessGroupTimeoutException ex)
        {
            return new() { ["outcome"] = "timeout", ["message"] = ex.Message, ["seconds"] = clock.Elapsed.TotalSeconds, ["lost_ranks"] = ex.LostRanks.ToArray() };
        }
    }

    /// <summary>Rank 1 is killed in the middle of the job; the launcher must end the job and name it.</summary>
    public static Dictionary<string, object?> Die(IProcessGroup group)
    {
        if (group.Rank == 1)
        {
            Process.GetCurrentProcess().Kill(); // SIGKILL: dies as a crashed or killed rank does, without a chance to clean up
        }

        group.Barrier();
        return new() { ["outcome"] = "completed" };
    }
}
