using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Window slicing (Le Guennec et al. 2016; Iwana &amp; Uchida 2021's <c>window_slice</c>): crops <see cref="Length"/>
    /// consecutive steps at a start uniform in [0, InputLength - Length] per selected sample. With
    /// <see cref="ResizeBack"/> the window is stretched back to <see cref="InputLength"/> steps by linear interpolation
    /// (output step k reads window position k (Length - 1) / (InputLength - 1), as <c>align_corners = true</c>), and an
    /// unselected sample is returned unchanged; without it the output has Length steps and an unselected sample gets
    /// the centred window (start floor((InputLength - Length) / 2)), so that every sample has the same length.
    /// Input [B, C, InputLength], floating point.
    /// </summary>
    public sealed class WindowCrop
    {
        /// <param name="inputLength">Steps T of the input, ≥ 1.</param>
        /// <param name="length">Steps of the window, in [1, inputLength] (inputLength is the identity).</param>
        /// <param name="resizeBack">Stretch the window back to inputLength steps (else the output has length steps).</param>
        /// <param name="probability">Probability that a sample gets a random window, in [0, 1].</param>
        public WindowCrop(int inputLength, int length, bool resizeBack, double probability)
        {
            if (inputLength < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(inputLength), inputLength, $"{nameof(inputLength)} must be >= 1 but was {inputLength}.");
            }

            if (length < 1 || length > inputLength)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length,
                    $"{nameof(length)} must be in [1, {nameof(inputLength)} = {inputLength}] but was {length}.");
            }

            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            InputLength = inputLength;
            Length = length;
            ResizeBack = resizeBack;
            Probability = probability;
        }

        public int InputLength { get; }
        public int Length { get; }
        public bool ResizeBack { get; }
        public double Probability { get; }

        /// <summary>Steps of the output: InputLength with ResizeBack, else Length.</summary>
        public int OutputLength => ResizeBack ? InputLength : Length;

        /// <summary>Start of the window of an unselected sample when not resizing back.</summary>
        public int CentreStart => (InputLength - Length) / 2;

        /// <summary>Crops a window per sample of a [B, C, InputLength] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor x, torch.Generator generator)
        {
            SequenceAugmentationMath.CheckSeries(x, generator);
            if (x.shape[2] != InputLength)
            {
                throw new ArgumentException($"x must have T = InputLength = {InputLength} steps but has {x.shape[2]}.", nameof(x));
            }

            using var scope = torch.NewDisposeScope();
            if (Length == InputLength || (Probability == 0.0 && ResizeBack)) return x.alias().MoveToOuterDisposeScope();
            if (Probability == 0.0) return x.narrow(2, CentreStart, Length).contiguous().MoveToOuterDisposeScope();

            long batch = x.shape[0], channels = x.shape[1];
            var starts = SequenceAugmentationMath.UniformIndex(
                torch.full(new[] { batch }, InputLength - Length + 1.0, dtype: ScalarType.Float32, device: x.device), generator);
            if (ResizeBack)
            {
                var type = SequenceAugmentationMath.PositionType(x);
                var scale = (Length - 1.0) / (InputLength - 1.0);
                var positions = torch.arange(InputLength, dtype: type, device: x.device).mul_(scale).unsqueeze(0)
                    .add(starts.to(type).unsqueeze(1));
                var resized = SequenceAugmentationMath.Resample(x, positions);
                return SequenceAugmentationMath.Select(x, resized, Probability, generator).MoveToOuterDisposeScope();
            }

            if (Probability < 1.0)
            {
                var selected = SequenceAugmentationMath.SampleMask(batch, 1, Probability, generator, x.device);
                starts = torch.where(selected, starts, torch.full_like(starts, CentreStart));
            }

            var index = (starts.unsqueeze(1) + SequenceAugmentationMath.Steps(Length, x.device)).unsqueeze(1).expand(batch, channels, Length);
            return x.gather(2, index).MoveToOuterDisposeScope();
        }
    }
}
