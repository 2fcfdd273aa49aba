using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Crops, per sample, a random box of area fraction in [<see cref="MinScale"/>, <see cref="MaxScale"/>] and
    /// log-uniform aspect ratio (width / height) in [<see cref="MinRatio"/>, <see cref="MaxRatio"/>] at a random
    /// position, and resizes it bilinearly to <see cref="OutputHeight"/> x <see cref="OutputWidth"/>: torchvision's
    /// RandomResizedCrop, with the box drawn per sample. Samples not selected by <see cref="Probability"/> are only
    /// resized to the output size (unchanged when the sizes match).
    /// </summary>
    /// <remarks>
    /// Box sampling follows torchvision's <c>RandomResizedCrop.get_params</c>: up to ten candidates
    /// (s ~ U[minScale, maxScale], log r ~ U[log minRatio, log maxRatio], w = round(sqrt(s A r)),
    /// h = round(sqrt(s A / r))); the first with 0 &lt; w ≤ W and 0 &lt; h ≤ H wins and is placed at a uniformly random
    /// integer position; if none fits, the central crop clamped to the ratio range. Here the ten candidates of every
    /// sample are drawn in one tensor op and the first valid one is picked with a reduction, so it is the same
    /// distribution without a host loop. Crop and resize of the whole batch are one <c>affine_grid</c> +
    /// <c>grid_sample</c> (bilinear, align_corners = false, border padding), which samples exactly where
    /// torchvision's crop-then-<c>interpolate</c> (bilinear, align_corners = false) samples, except that it has no
    /// antialiasing when shrinking and that the outermost half output pixel of an enlarged crop blends with the
    /// pixels just outside the box instead of repeating the box's edge pixels.
    /// </remarks>
    public sealed class RandomResizedCrop
    {
        /// <summary>Candidates drawn per sample before the central-crop fallback (torchvision: 10).</summary>
        internal const int Attempts = 10;

        /// <param name="outputHeight">Output height in pixels, &gt; 0.</param>
        /// <param name="outputWidth">Output width in pixels, &gt; 0.</param>
        /// <param name="minScale">Smallest area fraction, in (0, maxScale].</param>
        /// <param name="maxScale">Largest area fraction, in [minScale, 1].</param>
        /// <param name="minRatio">Smallest aspect ratio width / height, in (0, maxRatio].</param>
        /// <param name="maxRatio">Largest aspect ratio width / height, finite and ≥ minRatio.</param>
        /// <param name="probability">Probability that a sample is cropped, in [0, 1]; the others are only resized.</param>
        public RandomResizedCrop(
            int outputHeight, int outputWidth, double minScale, double maxScale, double minRatio, double maxRatio,
            double probability = 1.0)
        {
            if (outputHeight <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(outputHeight), outputHeight,
                    $"outputHeight must be > 0 but was {outputHeight}.");
            }

            if (outputWidth <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(outputWidth), outputWidth,
                    $"outputWidth must be > 0 but was {outputWidth}.");
            }

            if (!(minScale > 0.0 && minScale <= 1.0))
            {
                throw new ArgumentOutOfRangeException(nameof(minScale), minScale,
                    $"minScale must be in (0, 1] but was {minScale}.");
            }

            if (!(maxScale >= minScale && maxScale <= 1.0))
            {
                throw new ArgumentOutOfRangeException(nameof(maxScale), maxScale,
                    $"maxScale must be in [minScale = {minScale}, 1] but was {maxScale}.");
            }

            if (!(minRatio > 0.0) || double.IsInfinity(minRatio))
            {
                throw new ArgumentOutOfRangeException(nameof(minRatio), minRatio,
                    $"minRatio must be finite and > 0 but was {minRatio}.");
            }

            if (!(maxRatio >= minRatio) || double.IsInfinity(maxRatio))
            {
                throw new ArgumentOutOfRangeException(nameof(maxRatio), maxRatio,
                    $"maxRatio must be finite and >= minRatio = {minRatio} but was {maxRatio}.");
            }

            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            OutputHeight = outputHeight;
            OutputWidth = outputWidth;
            MinScale = minScale;
            MaxScale = maxScale;
            MinRatio = minRatio;
            MaxRatio = maxRatio;
            Probability = probability;
        }

        public int OutputHeight { get; }
        public int OutputWidth { get; }
        public double MinScale { get; }
        public double MaxScale { get; }
        public double MinRatio { get; }
        public double MaxRatio { get; }
        public double Probability { get; }

        /// <summary>
        /// Crops and resizes a [B, C, H, W] batch to [B, C, OutputHeight, OutputWidth]. Random numbers come from
        /// <paramref name="generator"/> on the images' device; the returned tensor is new (the caller owns it).
        /// </summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            long batch = images.shape[0], height = images.shape[2], width = images.shape[3];
            Tensor? boxes = null;
            Tensor? cropped = null;
            if (Probability > 0.0) boxes = SampleBoxes(batch, height, width, generator, images.device);
            if (Probability > 0.0 && Probability < 1.0)
            {
                cropped = ImageAugmentationMath.SampleMask(batch, Probability, generator, images.device);
            }

            return Apply(images, boxes, cropped).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Draws one box per sample for an image of <paramref name="height"/> x <paramref name="width"/>:
        /// [B, 4] int64 rows (top, left, box height, box width), as torchvision's <c>get_params</c>.
        /// </summary>
        internal Tensor SampleBoxes(long batch, long height, long width, torch.Generator generator, Device device)
        {
            using var scope = torch.NewDisposeScope();
            var area = (double)height * width;
            double logMin = Math.Log(MinRatio), logMax = Math.Log(MaxRatio);

            // torchvision: target_area = area * U(scale); aspect_ratio = exp(U(log ratio));
            // w = round(sqrt(target_area * aspect_ratio)); h = round(sqrt(target_area / aspect_ratio)).
            // Python's round and torch.round both round half to even. Float64 as Python's floats.
            var u = SampleDraws.Uniform(new long[] { batch, Attempts, 2 }, generator, device, ScalarType.Float64);
            var targetArea = (u.select(2, 0) * (MaxScale - MinScale) + MinScale) * area;
            var aspect = (u.select(2, 1) * (logMax - logMin) + logMin).exp();
            var w = (targetArea * aspect).sqrt().round();
            var h = (targetArea / aspect).sqrt().round();
            var valid = w.gt(0.0).logical_and(w.le(width)).logical_and(h.gt(0.0)).logical_and(h.le(height));

            // First valid candidate: argmax of valid * (Attempts - index), unique scores so no reliance on tie-breaking.
            var rank = torch.arange(Attempts, 0, -1, dtype: ScalarType.Float64, device: device);
            var first = (valid * rank).argmax(1, keepdim: true);
            var anyValid = valid.any(1);
            var chosenW = w.gather(1, first).squeeze(1);
            var chosenH = h.gather(1, first).squeeze(1);

            // torchvision's fallback, "central crop": the whole image clamped to the ratio range, centred.
            var (fallbackH, fallbackW) = FallbackSize(height, width);
            var boxW = torch.where(anyValid, chosenW, torch.full_like(chosenW, (double)fallbackW));
            var boxH = torch.where(anyValid, chosenH, torch.full_like(chosenH, (double)fallbackH));

            // torchvision: i = randint(0, H - h + 1), j = randint(0, W - w + 1); floor(U * n) is uniform on 0..n-1.
            var position = SampleDraws.Uniform(new long[] { batch, 2 }, generator, device, ScalarType.Float64);
            var top = torch.minimum((position.select(1, 0) * (height - boxH + 1.0)).floor(), height - boxH);
            var left = torch.minimum((position.select(1, 1) * (width - boxW + 1.0)).floor(), width - boxW);
            top = torch.where(anyValid, top, torch.full_like(top, (double)((height - fallbackH) / 2)));
            left = torch.where(anyValid, left, torch.full_like(left, (double)((width - fallbackW) / 2)));

            var boxes = torch.stack(new[] { top, left, boxH, boxW }, 1).to(ScalarType.Int64);
            return boxes.MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Crops each sample to its box ([B, 4] int64: top, left, height, width) and resizes it to the output size;
        /// samples where <paramref name="cropped"/> ([B] bool) is false are only resized. Null boxes: no sample is
        /// cropped; null mask: every sample is.
        /// </summary>
        internal Tensor Apply(Tensor images, Tensor? boxes, Tensor? cropped)
        {
            using var scope = torch.NewDisposeScope();
            long batch = images.shape[0], height = images.shape[2], width = images.shape[3];
            var sameSize = height == OutputHeight && width == OutputWidth;
            if (boxes is null && sameSize) return images.alias().MoveToOuterDisposeScope();

            // affine_grid maps output coordinates u in [-1, 1] (pixel edges, align_corners = false) to input
            // coordinates x = scale * u + centre. A box [left, left + w) of an image of width W spans
            // [2 left / W - 1, 2 (left + w) / W - 1]: scale w / W, centre (2 left + w) / W - 1. Then the sample of output
            // column d lands on input pixel left + (d + 0.5) w / out - 0.5, as interpolate(align_corners = False).
            Tensor scaleX, scaleY, centreX, centreY;
            if (boxes is null)
            {
                scaleX = torch.ones(new long[] { batch }, dtype: ScalarType.Float64, device: images.device);
                scaleY = scaleX;
                centreX = torch.zeros(new long[] { batch }, dtype: ScalarType.Float64, device: images.device);
                centreY = centreX;
            }
            else
            {
                var box = boxes.to(ScalarType.Float64);
                var top = box.select(1, 0);
                var left = box.select(1, 1);
                var boxH = box.select(1, 2);
                var boxW = box.select(1, 3);
                scaleX = boxW / (double)width;
                scaleY = boxH / (double)height;
                centreX = (left * 2.0 + boxW) / (double)width - 1.0;
                centreY = (top * 2.0 + boxH) / (double)height - 1.0;
                if (cropped is not null)
                {
                    // Not selected: the identity transform, i.e. a plain resize of the whole image.
                    scaleX = torch.where(cropped, scaleX, torch.ones_like(scaleX));
                    scaleY = torch.where(cropped, scaleY, torch.ones_like(scaleY));
                    centreX = torch.where(cropped, centreX, torch.zeros_like(centreX));
                    centreY = torch.where(cropped, centreY, torch.zeros_like(centreY));
                }
            }

            var zeros = torch.zeros_like(scaleX);
            var theta = torch.stack(new[] { scaleX, zeros, centreX, zeros, scaleY, centreY }, 1)
                .view(batch, 2, 3)
                .to(images.dtype);
            var grid = torch.nn.functional.affine_grid(
                theta, new long[] { batch, images.shape[1], OutputHeight, OutputWidth }, align_corners: false);
            var result = torch.nn.functional.grid_sample(
                images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);

            if (sameSize && cropped is not null)
            {
                // Unselected samples are then exactly the input, not a resampled copy of it.
                result = torch.where(ImageAugmentationMath.PerSample(cropped), result, images);
            }

            return result.MoveToOuterDisposeScope();
        }

        /// <summary>torchvision's fallback box size (height, width) when no candidate fits.</summary>
        internal (long Height, long Width) FallbackSize(long height, long width)
        {
            var inRatio = (double)width / height;
            if (inRatio < MinRatio)
            {
                var w = width;
                return (Math.Max(1L, (long)Math.Round(w / MinRatio, MidpointRounding.ToEven)), w);
            }

            if (inRatio > MaxRatio)
            {
                var h = height;
                return (h, Math.Max(1L, (long)Math.Round(h * MaxRatio, MidpointRounding.ToEven)));
            }

            return (height, width);
        }
    }
}
