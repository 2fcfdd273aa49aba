using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>What one sample is: [ImageInput], [SequenceInput] or [TokenInput], with defaults applied.</summary>
    internal abstract record InputSpec
    {
        public abstract InputKind Kind { get; }
    }

    internal sealed record ImageInputSpec(int Channels, int Height, int Width) : InputSpec
    {
        public override InputKind Kind => InputKind.Image;

        // Height and Width have no default: 0 (not written) is rejected by SSL0012 before anything is emitted.
        public static ImageInputSpec Resolve(AttributeModel a) => new(a.Int("Channels", 3), a.Int("Height", 0), a.Int("Width", 0));
    }

    internal sealed record SequenceInputSpec(int Channels, int Length) : InputSpec
    {
        public override InputKind Kind => InputKind.Sequence;

        public static SequenceInputSpec Resolve(AttributeModel a) => new(a.Int("Channels", 1), a.Int("Length", 0));
    }

    internal sealed record TokenInputSpec(int VocabSize, int Length) : InputSpec
    {
        public override InputKind Kind => InputKind.Token;

        public static TokenInputSpec Resolve(AttributeModel a) => new(a.Int("VocabSize", 0), a.Int("Length", 0));
    }
}
