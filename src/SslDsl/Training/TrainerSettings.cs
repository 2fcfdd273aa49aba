using SslDsl.Evaluation;

namespace SslDsl.Training
{
    /// <summary>
    /// What the runtime loop needs to know about an experiment: the constants the generator folded from its attributes.
    /// A generated trainer passes one static instance to <see cref="SslTrainer"/>; hand-written trainers build their own.
    /// </summary>
    public sealed record TrainerSettings
    {
        /// <summary>Experiment name, stored in checkpoints (a checkpoint of another experiment is refused).</summary>
        public required string Experiment { get; init; }

        /// <summary>The experiment's attributes as written in its source, for run reports (the generator fills it).</summary>
        public string? Configuration { get; init; }

        public required InputShape Input { get; init; }

        public int BatchSize { get; init; } = SslDefaults.BatchSize;

        /// <summary>Epochs of a run when <c>Fit</c> is not told otherwise.</summary>
        public int Epochs { get; init; } = SslDefaults.Epochs;

        /// <summary>Batches whose gradients are summed (averaged) into one optimizer step.</summary>
        public int AccumulationSteps { get; init; } = SslDefaults.AccumulationSteps;

        /// <summary>Batches per loss-curve point: the device-side loss is read (and checked for NaN/Inf) once per window.</summary>
        public int LogEverySteps { get; init; } = SslDefaults.LogEverySteps;

        public required double LearningRate { get; init; }

        /// <summary>[Training(Precision)]: the trainer's initial <see cref="SslTrainer.Precision"/>.</summary>
        public Precision Precision { get; init; } = Precision.Float32;

        /// <summary>[WarmupCosine]: warm-up epochs and final learning rate; null for a constant learning rate.</summary>
        public WarmupCosinePlan? WarmupCosine { get; init; }

        public LinearProbeSettings LinearProbe { get; init; } = new();

        public KnnSettings Knn { get; init; } = new();

        public FineTuneOptions FineTune { get; init; } = new();

        /// <summary>[HealthMonitor]: label-free health during Fit (on by default, at epoch ends); null for none.</summary>
        public HealthSettings? Health { get; init; } = new();

        /// <summary>[OnlineProbe]: the online linear probe Fit trains when given labels; null without the attribute.</summary>
        public OnlineProbeSettings? OnlineProbe { get; init; }

        /// <summary>[DataParallel]: join the MPI job this process was launched in (one process otherwise); null without the attribute.</summary>
        public DataParallelSettings? DataParallel { get; init; }

        /// <summary>How the objective's loss combines across the ranks of a data-parallel job (the generator declares it per objective).</summary>
        public Distributed.RankReduction RankReduction { get; init; } = Distributed.RankReduction.Undeclared;

        /// <summary>[Checkpoint]: periodic checkpoints during <c>Fit</c>, or null for none.</summary>
        public CheckpointPolicy? Checkpoints { get; init; }
    }

    /// <summary>[DataParallel]: how long a collective may wait for the other ranks, and whether BatchNorm uses the global batch's statistics.</summary>
    public sealed record DataParallelSettings(double TimeoutSeconds = SslDefaults.DataParallelTimeoutSeconds, bool SyncBatchNorm = false);

    /// <summary>
    /// [WarmupCosine]: linear warm-up for <paramref name="WarmupSteps"/> optimizer steps when &gt; 0, else for
    /// <paramref name="WarmupEpochs"/>, then cosine decay to <paramref name="FinalLearningRate"/>.
    /// </summary>
    public sealed record WarmupCosinePlan(int WarmupEpochs, double FinalLearningRate, int WarmupSteps = 0);

    /// <summary>
    /// [LinearProbe]: L-BFGS iterations and L2 penalty of the probe on frozen embeddings, and whether the penalty is
    /// chosen by a sweep around <see cref="WeightDecay"/> on a validation split of the training labels.
    /// </summary>
    public sealed record LinearProbeSettings(
        int Iterations = SslDefaults.LinearProbeIterations,
        double WeightDecay = SslDefaults.LinearProbeWeightDecay,
        bool WeightDecaySweep = SslDefaults.LinearProbeWeightDecaySweep)
    {
        /// <summary>The probe's options with these settings; <paramref name="seed"/> draws the sweep's validation split and label fractions.</summary>
        public LinearProbeOptions ToOptions(long seed) => new(Iterations, WeightDecay, WeightDecaySweep, Seed: seed);
    }

    /// <summary>[KnnMonitor]: neighbours, temperature, how often Fit measures it, and an optional target.</summary>
    /// <param name="K">Neighbours that vote.</param>
    /// <param name="Temperature">Vote weight exp(cosine / Temperature).</param>
    /// <param name="EveryEpochs">Epochs between measurements during Fit (null: every epoch when Fit is given monitor data).</param>
    /// <param name="Target">With a target top-1 (0..1), the report gives the training seconds until kNN first reached it.</param>
    public sealed record KnnSettings(int K = SslDefaults.KnnK, double Temperature = SslDefaults.KnnTemperature, int? EveryEpochs = null, double? Target = null);
}
