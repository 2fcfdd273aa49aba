namespace SslDsl.Training
{
    /// <summary>
    /// [OnlineProbe]: the linear classifier <c>Fit</c> trains on detached encoder features while it pretrains, when it is
    /// given <see cref="OnlineProbeData"/> (AdamW at <paramref name="LearningRate"/> with decoupled
    /// <paramref name="WeightDecay"/>; see <see cref="Evaluation.OnlineLinearProbe"/>).
    /// </summary>
    public sealed record OnlineProbeSettings(double LearningRate = SslDefaults.OnlineProbeLearningRate, double WeightDecay = 0);
}
