using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>The generator's copy of <c>SslDsl.Precision</c> (it does not reference the runtime); same values.</summary>
    internal enum Precision
    {
        Float32 = 0,
        BFloat16 = 1,
        Float16 = 2,
    }

    /// <summary>[Training], or its defaults when the experiment does not declare it.</summary>
    /// <param name="Precision">The trainer's initial precision; SSL0030 rejects values that name no member.</param>
    internal sealed record TrainingSpec(int BatchSize, int Epochs, Precision Precision, int AccumulationSteps, int Seed, int LogEverySteps)
    {
        public static TrainingSpec Resolve(AttributeModel a) => new(
            a.Int("BatchSize", SslDefaults.BatchSize), a.Int("Epochs", SslDefaults.Epochs), (Precision)a.Int("Precision", (int)Precision.Float32),
            a.Int("AccumulationSteps", SslDefaults.AccumulationSteps), a.Int("Seed", SslDefaults.Seed), a.Int("LogEverySteps", SslDefaults.LogEverySteps));
    }

    /// <summary>[DataParallel]: train on the ranks of the MPI job the process was launched in.</summary>
    internal sealed record DataParallelSpec(double TimeoutSeconds, bool SyncBatchNorm)
    {
        public static DataParallelSpec Resolve(AttributeModel a) => new(a.Number("TimeoutSeconds", SslDefaults.DataParallelTimeoutSeconds), a.Bool("SyncBatchNorm", false));
    }

    /// <summary>[Checkpoint]: periodic checkpoints of Fit.</summary>
    internal sealed record CheckpointSpec(int EveryEpochs, int EverySteps, string Directory, int Keep)
    {
        public static CheckpointSpec Resolve(AttributeModel a) => new(
            a.Int("EveryEpochs", SslDefaults.CheckpointEveryEpochs), a.Int("EverySteps", SslDefaults.CheckpointEverySteps),
            a.Text("Directory", SslDefaults.CheckpointDirectory), a.Int("Keep", SslDefaults.CheckpointKeep));
    }
}
