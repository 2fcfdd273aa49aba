using SslDsl;

namespace SslDsl.Generators.Tests.Distributed;

/// <summary>[DataParallel] on an experiment that the tests run without mpirun: it must train as one process.</summary>
[SslExperiment]
[SequenceInput(Channels = 2, Length = 24)]
[Mlp(Hidden = new[] { 16 })]
[Projector(Hidden = 16, Output = 8)]
[SimClr(Temperature = 0.5)]
[AdamW(LearningRate = 1e-3)]
[Training(BatchSize = 16, Epochs = 1)]
[DataParallel]
public partial class LaunchlessDataParallel
{
}
