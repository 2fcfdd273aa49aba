using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>The optimizer, with defaults applied; LARS when none is declared.</summary>
    internal abstract record OptimizerSpec(double LearningRate);

    internal sealed record SgdSpec(double LearningRate, double Momentum, double WeightDecay) : OptimizerSpec(LearningRate)
    {
        public static SgdSpec Resolve(AttributeModel a) =>
            new(a.Number("LearningRate", SslDefaults.SgdLearningRate), a.Number("Momentum", SslDefaults.SgdMomentum), a.Number("WeightDecay", SslDefaults.SgdWeightDecay));
    }

    /// <param name="Declared">False for the LARS used when the experiment declares no optimizer (said in the generated comment).</param>
    internal sealed record LarsSpec(double LearningRate, double Momentum, double WeightDecay, double TrustCoefficient, bool Declared = true) : OptimizerSpec(LearningRate)
    {
        public static LarsSpec Resolve(AttributeModel a) => new(
            a.Number("LearningRate", SslDefaults.LarsLearningRate), a.Number("Momentum", SslDefaults.LarsMomentum),
            a.Number("WeightDecay", SslDefaults.LarsWeightDecay), a.Number("TrustCoefficient", SslDefaults.LarsTrustCoefficient));
    }

    internal sealed record AdamWSpec(double LearningRate, double WeightDecay, double Beta1, double Beta2) : OptimizerSpec(LearningRate)
    {
        public static AdamWSpec Resolve(AttributeModel a) => new(
            a.Number("LearningRate", SslDefaults.AdamWLearningRate), a.Number("WeightDecay", SslDefaults.AdamWWeightDecay),
            a.Number("Beta1", SslDefaults.AdamWBeta1), a.Number("Beta2", SslDefaults.AdamWBeta2));
    }

    /// <summary>[WarmupCosine]: linear warm-up (WarmupSteps when &gt; 0, else WarmupEpochs), then cosine decay to FinalLearningRate.</summary>
    internal sealed record WarmupCosineSpec(int WarmupEpochs, double FinalLearningRate, int WarmupSteps)
    {
        public static WarmupCosineSpec Resolve(AttributeModel a) =>
            new(a.Int("WarmupEpochs", SslDefaults.WarmupEpochs), a.Number("FinalLearningRate", SslDefaults.FinalLearningRate), a.Int("WarmupSteps", SslDefaults.WarmupSteps));
    }
}
