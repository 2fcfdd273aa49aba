using System;
using System.Collections.Generic;
using SslDsl.Optimization;

namespace SslDsl.Training
{
    /// <summary>
    /// The plan and the position of one pretraining run: how many samples, batches and optimizer steps an epoch has,
    /// how many epochs the run spans, how far it got, and what it measured so far. Checkpoints hold it, so that
    /// <c>Fit</c> after <c>Load</c> continues the same run — same learning-rate schedule, same epoch orders, mid-epoch if
    /// it stopped mid-epoch — instead of starting a new one.
    /// </summary>
    public sealed class TrainingRun
    {
        public TrainingRun(long samples, int batchSize, int accumulationSteps, int totalEpochs, int seed)
        {
            Samples = samples;
            Seed = seed;
            BatchSize = batchSize;
            AccumulationSteps = accumulationSteps;
            TotalEpochs = totalEpochs;
        }

        public long Samples { get; }

        /// <summary>Seed of the per-epoch batch orders (the trainer's seed when the run was planned).</summary>
        public int Seed { get; }
        public int BatchSize { get; }
        public int AccumulationSteps { get; }

        /// <summary>
        /// Epochs the run spans (the last one possibly cut short by <see cref="PlannedSteps"/>); <c>Fit</c> may re-plan it.
        /// Setting it plans whole epochs again.
        /// </summary>
        public int TotalEpochs
        {
            get => totalEpochs;
            set
            {
                totalEpochs = value;
                PlannedSteps = null;
            }
        }

        private int totalEpochs;

        /// <summary>
        /// Optimizer steps a time budget planned (<see cref="PlanSteps"/>): the run ends there, inside an epoch if need be,
        /// so that the whole budget trains and the schedule still anneals; null when the run spans whole epochs.
        /// </summary>
        public long? PlannedSteps { get; private set; }

        /// <summary>Full batches per epoch (the incomplete last batch is dropped).</summary>
        public long BatchesPerEpoch => Samples / BatchSize;

        /// <summary>Optimizer steps per epoch; batches left over after the last full accumulation group are skipped.</summary>
        public long StepsPerEpoch => BatchesPerEpoch / AccumulationSteps;

        public long TotalSteps => PlannedSteps ?? (TotalEpochs * StepsPerEpoch);

        /// <summary>Plans the run to end after <paramref name="steps"/> optimizer steps; its epochs are those they reach into.</summary>
        public void PlanSteps(long steps)
        {
            if (steps < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(steps), steps, "a run plans at least one step");
            }

            totalEpochs = (int)((steps + StepsPerEpoch - 1) / StepsPerEpoch);
            PlannedSteps = steps == totalEpochs * StepsPerEpoch ? null : steps; // a whole number of epochs is planned as epochs
        }

        /// <summary>Optimizer steps this run has taken (the schedule's position).</summary>
        public long StepsDone { get; set; }

        /// <summary>Epochs finished (not counting an epoch that a step plan cut short).</summary>
        public int CompletedEpochs => (int)(StepsDone / StepsPerEpoch);

        /// <summary>The epoch the last step belonged to (1-based; 1 before the first step).</summary>
        public int EpochOfLastStep => StepsDone == 0 ? 1 : (int)((StepsDone - 1) / StepsPerEpoch) + 1;

        /// <summary>The batch of the current epoch where the run continues.</summary>
        public long NextBatch => StepsDone % StepsPerEpoch * AccumulationSteps;

        public bool IsComplete => StepsDone >= TotalSteps;

        /// <summary>Batches summed into the device-side loss window since the last curve point.</summary>
        public long WindowBatches { get; set; }

        /// <summary>Training time spent in earlier <c>Fit</c> calls (and processes) of this run.</summary>
        public double SecondsBefore { get; set; }

        /// <summary>Time the monitors (kNN, online probe, health) took in earlier <c>Fit</c> calls (and processes) of this run.</summary>
        public double MonitorSecondsBefore { get; set; }

        public List<LossPoint> LossCurve { get; } = new();

        public List<EpochReport> Epochs { get; } = new();

        /// <summary>Label-free health measured during the run (epoch ends and every [HealthMonitor] EverySteps).</summary>
        public List<Evaluation.Health.EmbeddingHealth> HealthCurve { get; } = new();

        /// <summary>The learning-rate schedule of this run (warm-up and cosine span the planned epochs).</summary>
        /// <param name="learningRate">The peak rate.</param>
        /// <param name="plan">[WarmupCosine], or null for a constant rate.</param>
        /// <param name="fittedToBudget">True under a time budget: the warm-up then takes at most half the planned steps.</param>
        public WarmupCosineSchedule Schedule(double learningRate, WarmupCosinePlan? plan, bool fittedToBudget = false) => plan is null
            ? WarmupCosineSchedule.Constant(learningRate)
            : new WarmupCosineSchedule(learningRate, fittedToBudget ? WarmupSteps(plan) : RequestedWarmupSteps(plan), Math.Max(1, TotalSteps), plan.FinalLearningRate);

        /// <summary>The warm-up the plan asks for in steps (<see cref="WarmupCosinePlan.WarmupSteps"/> when set, else its epochs).</summary>
        public long RequestedWarmupSteps(WarmupCosinePlan plan) => plan.WarmupSteps > 0 ? plan.WarmupSteps : plan.WarmupEpochs * StepsPerEpoch;

        /// <summary>
        /// The warm-up of a run fitted to a time budget: as requested, but at most half of the planned steps. The budget
        /// re-plans the run to the epochs it affords, and a warm-up as long as the run would end it at the peak rate, never
        /// annealed. (Without a budget the plan is the user's, taken as written; SSL0026 warns about WarmupEpochs ≥ Epochs.)
        /// </summary>
        public long WarmupSteps(WarmupCosinePlan plan) => Math.Min(RequestedWarmupSteps(plan), Math.Max(1, TotalSteps) / 2);
    }
}
