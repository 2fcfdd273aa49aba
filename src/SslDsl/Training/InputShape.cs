using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>What a trainer accepts: images, sensor windows or token ids of a fixed shape.</summary>
    public enum InputKind
    {
        Image,
        Sequence,
        Token,
    }

    /// <summary>
    /// The declared input ([ImageInput], [SequenceInput], [TokenInput]) and the part of it the encoder sees
    /// (<see cref="EncoderLength"/>: future-window prediction encodes only the context).
    /// </summary>
    public sealed record InputShape(InputKind Kind, int Channels, int Height, int Width, int Length, int VocabSize, int EncoderLength)
    {
        public static InputShape Image(int channels, int height, int width) => new(InputKind.Image, channels, height, width, 0, 0, 0);

        public static InputShape Sequence(int channels, int length, int? encoderLength = null) => new(InputKind.Sequence, channels, 0, 0, length, 0, encoderLength ?? length);

        public static InputShape Tokens(int vocabSize, int length) => new(InputKind.Token, 0, 0, 0, length, vocabSize, length);

        /// <summary>What the trainer expects, in the words of the attribute that declared it.</summary>
        public string Description => Kind switch
        {
            InputKind.Image => $"images [N, {Channels}, {Height}, {Width}] (from [ImageInput]) as uint8 (0-255) or floating point in [0, 1]",
            InputKind.Sequence => $"float windows [N, {Channels}, {Length}] (from [SequenceInput])",
            _ => $"token ids [N, {Length}] (from [TokenInput]) as int32 or int64",
        };

        /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="name"/> when <paramref name="data"/> does not fit.</summary>
        public void Check(Tensor data, string name, string experiment)
        {
            ArgumentNullException.ThrowIfNull(data, name);
            bool fits = Kind switch
            {
                InputKind.Image => data.dim() == 4 && data.shape[1] == Channels && data.shape[2] == Height && data.shape[3] == Width
                    && (data.dtype == ScalarType.Byte || data.is_floating_point()),
                InputKind.Sequence => data.dim() == 3 && data.shape[1] == Channels && data.shape[2] == Length && data.is_floating_point(),
                _ => data.dim() == 2 && data.shape[1] == Length && (data.dtype == ScalarType.Int32 || data.dtype == ScalarType.Int64),
            };
            if (!fits)
            {
                throw new ArgumentException($"{experiment} expects {Description}, got {data.dtype} [{string.Join(", ", data.shape)}]", name);
            }
        }

        /// <summary>The part of a batch the encoder sees (the context of future-window prediction; else all of it).</summary>
        public Tensor EncoderView(Tensor data) => Kind == InputKind.Sequence && EncoderLength != Length ? data.narrow(2, 0, EncoderLength) : data;
    }
}
