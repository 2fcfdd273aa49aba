namespace SslDsl.Evaluation
{
    /// <summary>Mean cross-entropy and top-1 accuracy of a fine-tuned encoder + head over <paramref name="Samples"/> labelled samples.</summary>
    public sealed record FineTuneEvaluation(double Loss, double Top1, int Samples);
}
