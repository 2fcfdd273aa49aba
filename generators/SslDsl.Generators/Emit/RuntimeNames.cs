namespace SslDsl.Generators.Emit
{
    /// <summary>Fully qualified names of the runtime and TorchSharp as emitted code writes them.</summary>
    internal static class RuntimeNames
    {
        public const string Runtime = "global::SslDsl";
        public const string Encoders = Runtime + ".Encoders.";
        public const string Heads = Runtime + ".Heads.";
        public const string Augmentations = Runtime + ".Augmentations.";
        public const string Objectives = Runtime + ".Objectives.";
        public const string Optimization = Runtime + ".Optimization.";
        public const string Training = Runtime + ".Training.";
        public const string Torch = "global::TorchSharp.torch";
        public const string Tensor = "global::TorchSharp.torch.Tensor";
    }
}
