using System;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Masking for masked reconstruction of multichannel sensor streams <c>[B, C, T]</c>, drawn independently per sample:
    /// <list type="bullet">
    /// <item>channel mode: each channel is hidden entirely with probability <see cref="MaskRatio"/>; when that would hide
    /// every channel of a sample, the channel with the largest draw (a uniformly random one) stays visible;</item>
    /// <item>span mode: n = round(ratio · T / spanLength) non-overlapping spans of <see cref="SpanLength"/> steps (at least
    /// 1, and at most (T − 1) / spanLength so one step stays visible), hiding those steps on every channel: exactly
    /// n · spanLength of the T steps, placed uniformly among all non-overlapping arrangements (spans may touch).</item>
    /// </list>
    /// With both, an entry is hidden when its channel or its time step is (the union hides more than the ratio:
    /// about 1 − (1 − ratio)²). The mask is 1 where hidden; <see cref="Apply"/> zeroes those entries and
    /// <see cref="MaskedReconstructionLoss"/> scores only them. Random numbers come from the generator, on the windows'
    /// device; nothing is read back to the host.
    /// </summary>
    public sealed class StreamMasking
    {
        /// <param name="maskRatio">Fraction to hide, in (0, 1).</param>
        /// <param name="maskChannels">Hide whole channels.</param>
        /// <param name="spanLength">Length of the hidden time spans; 0 = no time masking.</param>
        public StreamMasking(double maskRatio, bool maskChannels, int spanLength)
        {
            if (!(maskRatio > 0.0 && maskRatio < 1.0))
            {
                throw new ArgumentOutOfRangeException(nameof(maskRatio), maskRatio, "the stream mask ratio must be in (0, 1)");
            }

            if (spanLength < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(spanLength), spanLength, "the span length must be >= 1, or 0 for no time masking");
            }

            if (!maskChannels && spanLength == 0)
            {
                throw new ArgumentException("stream masking needs channel masking, time spans (spanLength >= 1), or both", nameof(spanLength));
            }

            MaskRatio = maskRatio;
            MaskChannels = maskChannels;
            SpanLength = spanLength;
        }

        public double MaskRatio { get; }

        public bool MaskChannels { get; }

        /// <summary>Length of each hidden time span; 0 when time masking is off.</summary>
        public int SpanLength { get; }

        /// <summary>The number of spans hidden in a window of <paramref name="length"/> steps (0 when time masking is off).</summary>
        /// <exception cref="ArgumentOutOfRangeException">a span does not fit while leaving one step visible.</exception>
        public int SpanCount(long length)
        {
            if (SpanLength == 0)
            {
                return 0;
            }

            long most = (length - 1) / SpanLength;
            if (most < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length,
                    $"a time span of {SpanLength} steps must leave at least one of the window's {length} steps visible");
            }

            long wanted = (long)Math.Round(MaskRatio * length / SpanLength, MidpointRounding.AwayFromZero);
            return (int)Math.Clamp(wanted, 1, most);
        }

        /// <summary>Draws a mask for <c>[B, C, T]</c> windows: same shape, the windows' floating dtype (float32 for
        /// integer windows), 1 = hidden.</summary>
        public Tensor Sample(Tensor windows, Generator generator)
        {
            ArgumentNullException.ThrowIfNull(windows);
            ArgumentNullException.ThrowIfNull(generator);
            if (windows.dim() != 3)
            {
                throw new ArgumentException($"stream masking expects [B, C, T] windows, got [{string.Join(", ", windows.shape)}]", nameof(windows));
            }

            long batch = windows.shape[0], channels = windows.shape[1], length = windows.shape[2];
            if (MaskChannels && channels < 2)
            {
                throw new ArgumentException($"channel masking keeps one channel visible per sample and needs at least 2 channels, got {channels}", nameof(windows));
            }

            int spans = SpanCount(length);
            Device device = windows.device;
            ScalarType dtype = is_floating_point(windows) ? windows.dtype : ScalarType.Float32;
            using var scope = NewDisposeScope();
            Tensor hidden = zeros(new long[] { batch, channels, length }, dtype: ScalarType.Bool, device: device);
            if (MaskChannels)
            {
                Tensor u = SampleDraws.Uniform(new long[] { batch, channels }, generator, device);
                Tensor channelHidden = u.lt(MaskRatio);
                // keep the channel with the largest draw when every channel would be hidden
                Tensor spare = arange(channels, dtype: ScalarType.Int64, device: device).unsqueeze(0).eq(u.argmax(1, keepdim: true));
                Tensor allHidden = channelHidden.all(1, keepdim: true);
                channelHidden = channelHidden.logical_and_(spare.logical_and_(allHidden).logical_not_());
                hidden = hidden.logical_or_(channelHidden.unsqueeze(2));
            }

            if (spans > 0)
            {
                hidden = hidden.logical_or_(SampleSpans(batch, length, spans, generator, device).unsqueeze(1));
            }

            return hidden.to_type(dtype).MoveToOuterDisposeScope();
        }

        /// <summary>The windows with the hidden entries (mask &gt; 0) set to 0; a new tensor.</summary>
        public static Tensor Apply(Tensor windows, Tensor mask)
        {
            ArgumentNullException.ThrowIfNull(windows);
            ArgumentNullException.ThrowIfNull(mask);
            if (!windows.shape.AsSpan().SequenceEqual(mask.shape))
            {
                throw new ArgumentException(
                    $"the mask must have the windows' shape [{string.Join(", ", windows.shape)}], got [{string.Join(", ", mask.shape)}]", nameof(mask));
            }

            using var scope = NewDisposeScope();
            return windows.masked_fill(mask.gt(0), 0).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// <c>[B, T]</c> bool: n non-overlapping spans of s steps per row, uniformly among all arrangements. Stars and bars:
        /// choose n distinct sorted slots c_0 &lt; … &lt; c_{n−1} among T − n·s + n; span i starts at c_i + i·(s − 1), so
        /// consecutive starts are at least s apart and the last span ends by T.
        /// </summary>
        private Tensor SampleSpans(long batch, long length, int spans, Generator generator, Device device)
        {
            using var scope = NewDisposeScope();
            long slots = length - ((long)spans * SpanLength) + spans;
            Tensor noise = SampleDraws.Uniform(new long[] { batch, slots }, generator, device);
            Tensor chosen = noise.argsort(1).narrow(1, 0, spans).sort(1).Values;
            Tensor starts = chosen.add(arange(spans, dtype: ScalarType.Int64, device: device).mul_(SpanLength - 1));
            Tensor offset = arange(length, dtype: ScalarType.Int64, device: device).view(1, 1, length).sub(starts.unsqueeze(2));
            return offset.ge(0).logical_and_(offset.lt(SpanLength)).any(1).MoveToOuterDisposeScope();
        }
    }
}
