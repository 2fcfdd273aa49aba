namespace SslDsl.Generators.Model
{
    /// <summary>What the experiment's samples are, from its input declaration.</summary>
    internal enum InputKind
    {
        None,
        Image,
        Sequence,
        Token,
    }

    /// <summary>Input kind and input geometry, read the same way by rules and emitter.</summary>
    internal static class Modality
    {
        public static InputKind Of(ExperimentModel model) => model.Single(AttributeFamily.Input)?.Name switch
        {
            "ImageInput" => InputKind.Image,
            "SequenceInput" => InputKind.Sequence,
            "TokenInput" => InputKind.Token,
            _ => InputKind.None,
        };

        /// <summary>The single-view objectives: reconstruction and prediction tasks that see one version of each sample.</summary>
        public static bool IsSingleView(AttributeModel objective) => Features.AttributeSpecs.Resolve(objective) is Features.SingleViewObjectiveSpec;

        /// <summary>Multi-crop: (global count, global size, local count, local size) with sizes resolved against the input, or null.</summary>
        public static (int GlobalCount, int GlobalSize, int LocalCount, int LocalSize)? MultiCrop(ExperimentModel model)
        {
            if (model.Named("MultiCrop") is not { } crop)
            {
                return null;
            }

            int side = model.Single(AttributeFamily.Input) is { } input && Features.AttributeSpecs.Resolve(input) is Features.ImageInputSpec image
                ? System.Math.Min(image.Height, image.Width)
                : 0;
            Features.MultiCropSpec sized = Features.MultiCropSpec.Resolve(crop).SizedFor(side);
            return (sized.GlobalCount, sized.GlobalSize, sized.LocalCount, sized.LocalSize);
        }
    }
}
