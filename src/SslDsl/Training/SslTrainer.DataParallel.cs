using System;
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
        /// Wall time this trainer spent all-reducing gradients (data parallel; zero for one process), and the optimizer
        /// steps it did so for: the communication cost per step is their ratio.
        /// </summary>
        public TimeSpan GradientAllReduceTime => allReduceClock.Elapsed;

        /// <summary>Optimizer steps whose gradients were all-reduced over the ranks.</summary>
        public long GradientAllReduceSteps { get; private set; }

        private readonly System.Diagnostics.Stopwatch allReduceClock = new();

        private Tensor? stopFlag;

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
                return;
            }

            if (Settings.RankReduction is not (RankReduction.AverageGradients or RankReduction.GatherEmbeddings or RankReduction.GlobalStatistics or RankReduction.GlobalQueue or RankReduction.GatherKeys))
            {
                throw new NotSupportedException(Settings.RankReduction == RankReduction.Undeclared
                    ? $"{Settings.Experiment} declares no RankReduction, so its loss cannot be combined across {size} ranks correctly; generated trainers declare it per objective"
                    : $"{Settings.Experiment}'s objective needs {Settings.RankReduction} across ranks, which data parallel does not do yet (docs/distributed.md); today it trains objectives whose loss is a per-sample mean (AverageGradients), that gather the embeddings themselves (GatherEmbeddings: SimCLR), reduce batch statistics over the ranks (GlobalStatistics: Barlow Twins, VICReg) or use the global batch's keys (GlobalQueue: MoCo v2; GatherKeys: MoCo v3)");
            }

            if (Settings.BatchSize % size != 0)
            {
                throw new ArgumentException($"[Training] BatchSize = {Settings.BatchSize} is the global batch and must split evenly over the {size} ranks; pick a multiple of {size}");
            }

            if (!processGroupSynchronised)
            {
                BroadcastFromLeadRank();
                processGroupSynchronised = true;
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
            foreach (Tensor gradients in Optimizer.GradientBuffers())
            {
                processGroup.AllReduceSum(gradients);
                gradients.div_(processGroup.Size);
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

        /// <summary>Rank 0's plan of the run's length (it times the epochs) on every rank.</summary>
        private int AgreeOnEpochs(int epochs)
        {
            if (processGroup.Size == 1)
            {
                return epochs;
            }

            using Tensor planned = tensor((long)epochs);
            processGroup.Broadcast(planned, root: 0);
            return (int)planned.item<long>();
        }
    }
}
