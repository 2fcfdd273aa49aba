namespace SslDsl.Evaluation
{
    /// <summary>
    /// One fine-tuning epoch: 1-based <paramref name="Epoch"/>, mean training cross-entropy over its
    /// <paramref name="Steps"/> mini-batches, validation cross-entropy and top-1 (eval mode, whole validation set),
    /// and the learning rates every step of the epoch used (0 for a frozen encoder).
    /// </summary>
    public sealed record FineTuneEpoch(
        int Epoch,
        long Steps,
        double TrainLoss,
        double ValidationLoss,
        double ValidationTop1,
        double HeadLearningRate,
        double BackboneLearningRate);
}
