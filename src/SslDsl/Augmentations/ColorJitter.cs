using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Random brightness, contrast, saturation and hue changes applied, with probability <see cref="Probability"/>,
    /// to each image with its own factors and its own random order of the four operations (torchvision's
    /// ColorJitter inside RandomApply, per sample instead of per batch).
    /// </summary>
    /// <remarks>
    /// As torchvision (<c>ColorJitter.get_params</c> and <c>functional_tensor</c>): brightness, contrast and saturation
    /// factors are drawn from U[max(0, 1 - s), 1 + s] and hue shifts from U[-hue, hue]; brightness blends with black,
    /// contrast with the mean of the grayscale image, saturation with the grayscale image, hue rotates H in HSV; every
    /// operation clamps to [0, 1]; an operation whose strength is 0 is skipped. On 1-channel images saturation and hue
    /// are no-ops (torchvision returns such images unchanged) and the grayscale image is the image itself.
    /// </remarks>
    public sealed class ColorJitter
    {
        internal const int BrightnessOp = 0;
        internal const int ContrastOp = 1;
        internal const int SaturationOp = 2;
        internal const int HueOp = 3;

        /// <param name="brightness">Brightness strength b ≥ 0: factor in [max(0, 1 - b), 1 + b]; 0 disables.</param>
        /// <param name="contrast">Contrast strength c ≥ 0: factor in [max(0, 1 - c), 1 + c]; 0 disables.</param>
        /// <param name="saturation">Saturation strength s ≥ 0: factor in [max(0, 1 - s), 1 + s]; 0 disables.</param>
        /// <param name="hue">Hue strength in [0, 0.5]: shift in [-hue, hue] turns; 0 disables.</param>
        /// <param name="probability">Probability that a sample is jittered, in [0, 1].</param>
        public ColorJitter(double brightness, double contrast, double saturation, double hue, double probability)
        {
            CheckStrength(brightness, nameof(brightness));
            CheckStrength(contrast, nameof(contrast));
            CheckStrength(saturation, nameof(saturation));
            if (!(hue >= 0.0 && hue <= 0.5))
            {
                throw new ArgumentOutOfRangeException(nameof(hue), hue, $"hue must be in [0, 0.5] but was {hue}.");
            }

            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Brightness = brightness;
            Contrast = contrast;
            Saturation = saturation;
            Hue = hue;
            Probability = probability;
        }

        public double Brightness { get; }
        public double Contrast { get; }
        public double Saturation { get; }
        public double Hue { get; }
        public double Probability { get; }

        /// <summary>
        /// Jitters the selected samples of a [B, C, H, W] batch (C = 1 or 3, values in [0, 1]). Random numbers come from
        /// <paramref name="generator"/> on the images' device; the returned tensor is new (the caller owns it).
        /// </summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: true);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            var parameters = SampleParameters(images.shape[0], generator, images.device, images.dtype);
            return Apply(images, parameters).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Draws the per-sample parameters: factors [B, 4] (brightness, contrast, saturation factors and the hue shift;
        /// 1, 1, 1, 0 for disabled operations), order [B, 4] (a random permutation of 0..3 per sample, as torchvision's
        /// <c>torch.randperm(4)</c>) and applied [B] (bool).
        /// </summary>
        internal JitterParameters SampleParameters(long batch, torch.Generator generator, Device device, ScalarType dtype)
        {
            using var scope = torch.NewDisposeScope();
            var u = SampleDraws.Uniform(new long[] { batch, 4 }, generator, device, dtype);
            var brightness = Factor(u.select(1, BrightnessOp), Brightness);
            var contrast = Factor(u.select(1, ContrastOp), Contrast);
            var saturation = Factor(u.select(1, SaturationOp), Saturation);
            var hue = (u.select(1, HueOp) * 2.0 - 1.0) * Hue;
            var factors = torch.stack(new[] { brightness, contrast, saturation, hue }, 1);

            // A uniformly random permutation per sample: the ranks of i.i.d. uniforms.
            var order = SampleDraws.Uniform(new long[] { batch, 4 }, generator, device)
                .argsort(1);
            var applied = Probability == 1.0
                ? torch.ones(new long[] { batch }, dtype: ScalarType.Bool, device: device)
                : ImageAugmentationMath.SampleMask(batch, Probability, generator, device);
            return new JitterParameters(
                factors.MoveToOuterDisposeScope(), order.MoveToOuterDisposeScope(), applied.MoveToOuterDisposeScope());
        }

        /// <summary>
        /// Applies given parameters: four rounds; in round k each applied sample runs the operation order[:, k]. Every
        /// enabled operation is computed for the whole batch and selected per sample (a 0/1 <c>lerp</c>, exact at both
        /// ends), so the shapes never depend on the draws (no host synchronisation). Costs 4x the work of one pass.
        /// </summary>
        internal Tensor Apply(Tensor images, JitterParameters parameters)
        {
            using var scope = torch.NewDisposeScope();
            var colour = images.shape[1] == 3;
            var brightnessOn = Brightness > 0.0;
            var contrastOn = Contrast > 0.0;
            var saturationOn = Saturation > 0.0 && colour;
            var hueOn = Hue > 0.0 && colour;
            var blendOn = brightnessOn || contrastOn || saturationOn;

            var factors = parameters.Factors.to(images.dtype);
            var brightness = ImageAugmentationMath.PerSample(factors.select(1, BrightnessOp));
            var contrast = ImageAugmentationMath.PerSample(factors.select(1, ContrastOp));
            var saturation = ImageAugmentationMath.PerSample(factors.select(1, SaturationOp));
            var hueShift = ImageAugmentationMath.PerSample(factors.select(1, HueOp));
            var applied = ImageAugmentationMath.PerSample(parameters.Applied);
            var zero = torch.zeros(new long[] { 1 }, dtype: images.dtype, device: images.device).view(1, 1, 1, 1);
            var one = torch.ones(new long[] { 1 }, dtype: images.dtype, device: images.device).view(1, 1, 1, 1);

            var x = images;
            for (var round = 0; round < 4; round++)
            {
                var op = ImageAugmentationMath.PerSample(parameters.Order.select(1, round));

                if (blendOn)
                {
                    // Brightness, contrast and saturation are all torchvision _blend(img, other, factor) with
                    // other = black, mean(grayscale(img)) and grayscale(img): one blend with per-sample other and
                    // ratio (1 for samples that run none of them in this round). The [B, 1, 1, 1] selections are cheap.
                    var isBrightness = brightnessOn ? op.eq(BrightnessOp).logical_and(applied) : null;
                    var isContrast = contrastOn ? op.eq(ContrastOp).logical_and(applied) : null;
                    var isSaturation = saturationOn ? op.eq(SaturationOp).logical_and(applied) : null;

                    var other = zero;
                    var ratio = one;
                    var selected = zero;
                    if (brightnessOn)
                    {
                        ratio = torch.where(isBrightness!, brightness, ratio);
                        selected = torch.where(isBrightness!, one, selected);
                    }

                    if (contrastOn || saturationOn)
                    {
                        var gray = ImageAugmentationMath.Luma(x);
                        if (contrastOn)
                        {
                            // torchvision adjust_contrast: mean over (C, H, W) of the grayscale image, per image.
                            other = torch.where(isContrast!, gray.mean(new long[] { 1, 2, 3 }, keepdim: true), other);
                            ratio = torch.where(isContrast!, contrast, ratio);
                            selected = torch.where(isContrast!, one, selected);
                        }

                        if (saturationOn)
                        {
                            var isSaturationWeight = isSaturation!.to(images.dtype);
                            other = torch.lerp(other, gray, isSaturationWeight);
                            ratio = torch.where(isSaturation!, saturation, ratio);
                            selected = torch.where(isSaturation!, one, selected);
                        }
                    }

                    x = ImageAugmentationMath.Select(selected, ImageAugmentationMath.Blend(x, other, ratio), x);
                }

                if (hueOn)
                {
                    var isHue = op.eq(HueOp).logical_and(applied).to(images.dtype);
                    x = ImageAugmentationMath.Select(isHue, ImageAugmentationMath.ShiftHue(x, hueShift), x);
                }
            }

            // All operations off (or none selected): still hand back a fresh reference.
            var result = ReferenceEquals(x, images) ? images.alias() : x;
            return result.MoveToOuterDisposeScope();
        }

        private static Tensor Factor(Tensor uniform, double strength)
            => uniform * (1.0 + strength - Math.Max(0.0, 1.0 - strength)) + Math.Max(0.0, 1.0 - strength);

        private static void CheckStrength(double value, string paramName)
        {
            if (!(value >= 0.0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be finite and >= 0 but was {value}.");
            }
        }
    }

    /// <summary>Per-sample draws of <see cref="ColorJitter"/>; see <see cref="ColorJitter.SampleParameters"/>.</summary>
    internal readonly record struct JitterParameters(Tensor Factors, Tensor Order, Tensor Applied);
}
