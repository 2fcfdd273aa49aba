using System;
using System.Collections.Generic;
using SslDsl.Augmentations;
using SslDsl.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        private IProcessGroup processGroup = SingleProcessGroup.Instance;
        private bool processGroupSynchronised = true;

        /// <summary>
        /// The ranks this trainer trains with (data parallel); one process by default. Set it to
        /// <see cref="ProcessGroups.FromLauncher"/>'s group to run the same program under <c>mpirun -np N</c>: each rank
        /// then takes <c>[Training] BatchSize / N</c> rows of every global batch of the run's seeded order, rank 0's
        /// weights and buffers are broadcast when <c>Fit</c> starts, the gradients are averaged over the ranks once per
        /// optimizer step, the loss the run reports is the global mean, and rank 0 alone writes checkpoints, metrics,
        /// the report and the progress output. The objective must declare an exact reduction
        /// (<see cref="TrainerSettings.RankReduction"/>); see docs/distributed.md for which do.
        /// </summary>
        public IProcessGroup ProcessGroup
        {
            get => processGroup;
            set
            {
                ArgumentNullException.ThrowIfNull(value);
                if (optimizer is not null && microSteps % Settings.AccumulationSteps != 0)
                {
                    throw new InvalidOperationException("the process group can change only between optimizer steps (gradients of this step are pending)");
                }

                processGroup = value;
                processGroupSynchronised = value.Size == 1;
            }
        }

        /// <summary>
        /// Whether BatchNorm layers normalise with the global batch's statistics on several ranks (one all-gather per
        /// layer and forward, and its backward), so that they train as one process would; default false: each rank's
        /// rows, as PyTorch's BatchNorm (cheaper, and what most recipes use). From <c>[DataParallel(SyncBatchNorm = true)]</c>.
        /// Only SslDsl's <see cref="Distributed.SyncBatchNorm"/> layers can; Fit refuses a network with TorchSharp's own.
        /// </summary>
        public bool SyncBatchNorm { get; set; }

        /// <summary>
        /// Wall time this trainer spent all-reducing gradients (data parallel; zero for one process), and the optimizer
        /// steps it did so for: the communication cost per step is their ratio.
        /// </summary>
        public TimeSpan GradientAllReduceTime => allReduceClock.Elapsed;

        /// <summary>Optimizer steps whose gradients were all-reduced over the ranks.</summary>
        public long GradientAllReduceSteps { get; private set; }

        private readonly System.Diagnostics.Stopwatch allReduceClock = new();

        private Tensor? stopFlag;
        private Scalar? inverseRanks;
        private int inverseRanksOf;

        /// <summary>This rank's stream for dense per-element noise (data parallel): reseeded per batch from (seed, rank, batch).</summary>
        private Generator? rankNoise;

        /// <summary>
        /// On several ranks, the draws of one batch's augmentations and masking (<see cref="SampleDraws"/>) for this rank's
        /// rows of the global batch: each rank holds rows rank·n … of every global batch, as the batch sampler deals
        /// them, so per-sample draws equal one process's. <paramref name="drawIndex"/> numbers the batch (the dense
        /// noise stream is seeded from it, so GradCache's replay and a resumed run draw the same). One process: nothing.
        /// </summary>
        private SampleDraws.Scope DrawForRankRows(Tensor batch, long drawIndex)
        {
            if (processGroup.Size == 1)
            {
                return default;
            }

            rankNoise ??= new Generator(0, Device);
            rankNoise.manual_seed(SplitMix.Seed(SplitMix.Seed(Seed, processGroup.Rank + 1L), drawIndex));
            long rows = batch.shape[0];
            return SampleDraws.ForRows(processGroup.Rank * rows, rows, rows * processGroup.Size, rankNoise);
        }

        /// <summary>Whether this process writes the run's files and progress (rank 0, or the only process).</summary>
        private bool IsLeadRank => processGroup.Rank == 0;

        /// <summary>
        /// Fit's checks and set-up on several ranks: the objective reduces exactly, the global batch splits evenly, and
        /// every rank starts from rank 0's weights and buffers.
        /// </summary>
        private void StartDataParallel()
        {
            int size = processGroup.Size;
            if (size == 1)
            {
                ConnectToRanks();
                return;
            }

            if (Settings.RankReduction == RankReduction.Undeclared)
            {
                throw new NotSupportedException($"{Settings.Experiment} declares no RankReduction, so its loss cannot be combined across {size} ranks correctly; generated trainers declare it per objective (TrainerSettings.RankReduction, docs/distributed.md)");
            }

            if (Settings.BatchSize % size != 0)
            {
                throw new ArgumentException($"[Training] BatchSize = {Settings.BatchSize} is the global batch and must split evenly over the {size} ranks; pick a multiple of {size}");
            }

            ConnectToRanks();
            if (!processGroupSynchronised)
            {
                BroadcastFromLeadRank();
                processGroupSynchronised = true;
            }
        }

        /// <summary>
        /// Hands the process group to the BatchNorm layers when they synchronise (else none: per-rank statistics) and to
        /// the online probe (so that it learns from every rank's labelled rows, the same probe on every rank).
        /// </summary>
        private void ConnectToRanks()
        {
            if (onlineProbe is not null)
            {
                onlineProbe.Group = processGroup.Size > 1 ? processGroup : null;
            }

            bool synchronise = SyncBatchNorm && processGroup.Size > 1;
            foreach ((string name, nn.Module network) in modules)
            {
                foreach ((string path, nn.Module layer) in network.named_modules())
                {
                    if (layer is Distributed.SyncBatchNorm norm)
                    {
                        norm.Group = synchronise ? processGroup : null;
                    }
                    else if (synchronise && layer is TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm2d or TorchSharp.Modules.BatchNorm3d)
                    {
                        throw new NotSupportedException($"SyncBatchNorm: {name}.{path} is TorchSharp's {layer.GetType().Name}, which cannot synchronise over ranks; build the network with SslDsl.Distributed.SyncBatchNorm (the same layer and state-dict names) or leave SyncBatchNorm off");
                    }
                }
            }
        }

        /// <summary>Rank 0's parameters and buffers, in registration order, to every rank.</summary>
        private void BroadcastFromLeadRank()
        {
            using var noGrad = no_grad();
            foreach ((string _, nn.Module module) in modules)
            {
                foreach (Tensor parameter in module.parameters())
                {
                    processGroup.Broadcast(parameter, root: 0);
                }

                foreach (Tensor buffer in module.buffers())
                {
                    if (buffer.is_floating_point() || buffer.dtype == ScalarType.Int64)
                    {
                        processGroup.Broadcast(buffer, root: 0);
                    }
                }
            }
        }

        /// <summary>The ranks' gradients, averaged, in every rank's flat gradient buffers: one all-reduce per buffer and step.</summary>
        private void AverageGradientsOverRanks()
        {
            if (processGroup.Size == 1)
            {
                return;
            }

            allReduceClock.Start();
            if (inverseRanks is null || inverseRanksOf != processGroup.Size)
            {
                inverseRanks?.Dispose();
                inverseRanks = (1.0 / processGroup.Size).ToScalar(); // one Scalar for the run, not one per step
                inverseRanksOf = processGroup.Size;
            }

            IReadOnlyList<Tensor> buffers = Optimizer.GradientBuffers();
            for (int i = 0; i < buffers.Count; i++)
            {
                processGroup.AllReduceSum(buffers[i]);
                buffers[i].mul_(inverseRanks);
            }

            allReduceClock.Stop();
            GradientAllReduceSteps++;
        }

        /// <summary>The mean over the ranks of a device-side loss sum (each rank's over its rows): the global batch's mean.</summary>
        private void AverageOverRanks(Tensor sum)
        {
            if (processGroup.Size == 1)
            {
                return;
            }

            processGroup.AllReduceSum(sum);
            sum.div_(processGroup.Size);
        }

        /// <summary>
        /// Whether any rank wants to stop (its budget ran out, or it was cancelled): every rank must leave the loop at the
        /// same step, or the others would wait for it in the next all-reduce. One all-reduce of one number, and only when
        /// a stop can happen at all.
        /// </summary>
        private bool AnyRankStops(bool stopHere, bool canStop)
        {
            if (processGroup.Size == 1 || !canStop)
            {
                return stopHere;
            }

            stopFlag ??= zeros(1, ScalarType.Int64); // one tensor for the run: the vote happens every step
            stopFlag.fill_(stopHere ? 1L : 0L);
            processGroup.AllReduceSum(stopFlag);
            return stopFlag.item<long>() > 0;
        }

        /// <summary>Rank 0's plan of the run's length in optimizer steps (it times the run) on every rank.</summary>
        private long AgreeOnSteps(long steps)
        {
            if (processGroup.Size == 1)
            {
                return steps;
            }

            using Tensor planned = tensor(steps);
            processGroup.Broadcast(planned, root: 0);
            return planned.item<long>();
        }
    }
}
