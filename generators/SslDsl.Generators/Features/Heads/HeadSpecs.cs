using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Projector]: the MLP between encoder and joint-embedding loss.</summary>
    internal sealed record ProjectorSpec(int Hidden, int Output, int Layers)
    {
        public static ProjectorSpec Resolve(AttributeModel a) =>
            new(a.Int("Hidden", SslDefaults.ProjectorHidden), a.Int("Output", SslDefaults.ProjectorOutput), a.Int("Layers", SslDefaults.ProjectorLayers));
    }

    /// <summary>[Predictor] of BYOL, SimSiam and MoCo v3; Output 0 means "the projector's output width".</summary>
    internal sealed record PredictorSpec(int Hidden, int Output)
    {
        public static PredictorSpec Resolve(AttributeModel a) => new(a.Int("Hidden", SslDefaults.PredictorHidden), a.Int("Output", SslDefaults.PredictorOutput));
    }
}
