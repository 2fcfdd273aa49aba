namespace SslDsl.Evaluation
{
    /// <summary>
    /// Test accuracy of a linear probe and how it was fitted.
    /// </summary>
    /// <param name="Top1">Test top-1.</param>
    /// <param name="Top5">Test top-5 (the true class among the five highest logits) when there are more than 5 classes; null otherwise.</param>
    /// <param name="TrainTop1">Top-1 on the training samples the final probe was fitted on.</param>
    /// <param name="TrainSamples">Training samples of the final fit (all the labels given, or the label fraction's subset).</param>
    /// <param name="TestSamples">Test samples.</param>
    /// <param name="FeatureDim">Feature width D.</param>
    /// <param name="FinalLoss">Training cross-entropy (without the L2 term) of the final fit.</param>
    /// <param name="WeightDecay">The L2 penalty of the final fit: the configured one, or the sweep's choice.</param>
    /// <param name="Sweep">The weight-decay sweep that chose <paramref name="WeightDecay"/>; null for a fit with a fixed weight decay.</param>
    /// <param name="LabelFraction">The fraction of the training labels asked for (1: all of them).</param>
    /// <param name="Note">Why a requested sweep did not run (too few labels to hold out a validation split); null otherwise.</param>
    public sealed record LinearProbeResult(
        double Top1,
        double? Top5,
        double TrainTop1,
        int TrainSamples,
        int TestSamples,
        int FeatureDim,
        double FinalLoss,
        double WeightDecay,
        WeightDecaySweep? Sweep = null,
        double LabelFraction = 1,
        string? Note = null);
}
