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
}
