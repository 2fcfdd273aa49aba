using System;

namespace SslDsl
{
    /// <summary>
    /// Projection head g(·) (SimCLR): <see cref="Layers"/> linear layers, batch norm and ReLU between them.
    /// The loss sees its output; evaluation uses the encoder output before it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ProjectorAttribute : Attribute
    {
        public int Hidden { get; set; } = SslDefaults.ProjectorHidden;
        public int Output { get; set; } = SslDefaults.ProjectorOutput;
        public int Layers { get; set; } = SslDefaults.ProjectorLayers;
    }

    /// <summary>
    /// Predictor q(·) on top of the projector (BYOL, SimSiam, MoCo v3): Linear → BN → ReLU → Linear. Output 0 (default)
    /// means the projector's output size, which the loss compares it with.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class PredictorAttribute : Attribute
    {
        public int Hidden { get; set; } = SslDefaults.PredictorHidden;
        public int Output { get; set; } = SslDefaults.PredictorOutput;
    }
}
