using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[LinearProbe], or its defaults: the probe is always available.</summary>
    internal sealed record LinearProbeSpec(int Iterations, double WeightDecay, bool WeightDecaySweep)
    {
        public static LinearProbeSpec Resolve(AttributeModel a) => new(
            a.Int("Iterations", SslDefaults.LinearProbeIterations), a.Number("WeightDecay", SslDefaults.LinearProbeWeightDecay),
            a.Bool("WeightDecaySweep", SslDefaults.LinearProbeWeightDecaySweep));
    }

    /// <summary>[KnnMonitor]: kNN accuracy on demand, and every EveryEpochs epochs when declared.</summary>
    internal sealed record KnnMonitorSpec(int K, double Temperature, int EveryEpochs, double Target)
    {
        public static KnnMonitorSpec Resolve(AttributeModel a) =>
            new(a.Int("K", SslDefaults.KnnK), a.Number("Temperature", SslDefaults.KnnTemperature), a.Int("EveryEpochs", SslDefaults.KnnEveryEpochs), a.Number("Target", 0));

        /// <summary>The settings of kNN on demand when the experiment declares no monitor.</summary>
        public static KnnMonitorSpec Unwritten => Resolve(AttributeModel.Unwritten("KnnMonitor"));
    }

    /// <summary>[HealthMonitor], or its defaults: health is measured at epoch ends unless the trainer turns it off.</summary>
    internal sealed record HealthMonitorSpec(int EverySteps, int Samples)
    {
        public static HealthMonitorSpec Resolve(AttributeModel a) => new(a.Int("EverySteps", 0), a.Int("Samples", SslDefaults.HealthSamples));
    }

    /// <summary>[OnlineProbe]: the online linear probe's optimizer.</summary>
    internal sealed record OnlineProbeSpec(double LearningRate, double WeightDecay)
    {
        public static OnlineProbeSpec Resolve(AttributeModel a) => new(a.Number("LearningRate", SslDefaults.OnlineProbeLearningRate), a.Number("WeightDecay", 0));
    }

    /// <summary>[FineTune], or its defaults: fine-tuning is always available.</summary>
    internal sealed record FineTuneSpec(
        double LearningRate, double HeadLearningRateMultiplier, double BackboneLearningRateMultiplier, int Epochs, int Patience,
        double LayerDecay, int WarmupEpochs, double LabelSmoothing)
    {
        public static FineTuneSpec Resolve(AttributeModel a) => new(
            a.Number("LearningRate", SslDefaults.FineTuneLearningRate), a.Number("HeadLearningRateMultiplier", SslDefaults.FineTuneHeadMultiplier),
            a.Number("BackboneLearningRateMultiplier", SslDefaults.FineTuneBackboneMultiplier), a.Int("Epochs", SslDefaults.FineTuneEpochs),
            a.Int("Patience", SslDefaults.FineTunePatience), a.Number("LayerDecay", SslDefaults.FineTuneLayerDecay),
            a.Int("WarmupEpochs", SslDefaults.FineTuneWarmupEpochs), a.Number("LabelSmoothing", SslDefaults.FineTuneLabelSmoothing));
    }
}
