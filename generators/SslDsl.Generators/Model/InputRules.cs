using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Generators.Features;
using static SslDsl.Generators.Model.ExperimentRules;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// Rules between the input declaration and the rest: which encoder, objective and augmentations a kind of input
    /// takes (SSL0009, SSL0012, SSL0015, SSL0018), and the sizes that must fit the image or window (SSL0008, SSL0010).
    /// How augmentations change the size of the views is followed in <see cref="ViewSizeRules"/>.
    /// </summary>
    internal static class InputRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            var input = InputShape.Of(model);
            AttributeModel? encoder = model.Single(AttributeFamily.Encoder);
            AttributeModel? objective = model.Single(AttributeFamily.Objective);

            if (encoder is not null)
            {
                CheckEncoder(input, encoder, found);
                CheckPatchSize(input, encoder, found);
            }

            if (objective is not null)
            {
                CheckObjective(input, encoder, objective, found);
            }

            if (model.Named("MultiCrop") is { } crop)
            {
                CheckMultiCrop(input, crop, found);
            }

            foreach (AttributeModel augmentation in model.OfFamily(AttributeFamily.Augmentation))
            {
                CheckAugmentation(input, augmentation, found);
            }
        }

        /// <summary>The input kinds an encoder takes; null for any (a custom encoder, or one this version does not know).</summary>
        public static InputKind[]? AcceptedInputs(string encoder) => encoder switch
        {
            "ResNet" or "ConvNet" or "VisionTransformer" => new[] { InputKind.Image },
            "TemporalConvNet" => new[] { InputKind.Sequence },
            "TransformerEncoder" => new[] { InputKind.Sequence, InputKind.Token },
            "Mlp" => new[] { InputKind.Image, InputKind.Sequence },
            _ => null,
        };

        /// <summary>Encoders built for one image size (position embeddings, a flattened input layer).</summary>
        public static bool NeedsFixedImageSize(string encoder) => encoder is "VisionTransformer" or "Mlp";

        /// <summary>
        /// The patch size nearest to <paramref name="patchSize"/> that divides both <paramref name="height"/> and
        /// <paramref name="width"/> (a common divisor; the smaller one on a tie). For the SSL0008 message and code fix.
        /// </summary>
        public static int NearestCommonDivisor(int height, int width, int patchSize)
        {
            int gcd = Gcd(height, width);
            int best = 1;
            for (long d = 1; d * d <= gcd; d++)
            {
                if (gcd % d != 0)
                {
                    continue;
                }

                // Divisors come in pairs d <= gcd / d; visiting the smaller first keeps it on a tie.
                foreach (long divisor in new[] { d, gcd / d })
                {
                    if (Math.Abs(divisor - patchSize) < Math.Abs((long)best - patchSize)
                        || (Math.Abs(divisor - patchSize) == Math.Abs((long)best - patchSize) && divisor < best))
                    {
                        best = (int)divisor;
                    }
                }
            }

            return best;
        }

        public static string Describe(InputKind kind) => kind switch
        {
            InputKind.Image => "[ImageInput]",
            InputKind.Sequence => "[SequenceInput]",
            InputKind.Token => "[TokenInput]",
            _ => "no input",
        };

        private static string Describe(IEnumerable<InputKind> kinds) => string.Join(" or ", kinds.Select(Describe));

        /// <summary>SSL0018: the encoder must take the declared kind of input.</summary>
        private static void CheckEncoder(InputShape input, AttributeModel encoder, List<RuleViolation> found)
        {
            if (input.Kind == InputKind.None || AcceptedInputs(encoder.Name) is not { } accepted || accepted.Contains(input.Kind))
            {
                return;
            }

            string what = encoder.Name switch
            {
                "ResNet" or "ConvNet" => "convolves images",
                "VisionTransformer" => "embeds image patches",
                "TemporalConvNet" => "convolves over time",
                "TransformerEncoder" => "attends over time steps or tokens",
                "Mlp" => "flattens images or windows of floats",
                _ => "encodes another kind of input",
            };
            found.Add(new RuleViolation(DiagnosticIds.EncoderInput, encoder.Index, null,
                $"[{encoder.Name}] {what} and needs {Describe(accepted)}, but the experiment declares {Describe(input.Kind)}"));
        }

        /// <summary>SSL0008: a ViT cuts the image into whole patches.</summary>
        private static void CheckPatchSize(InputShape input, AttributeModel encoder, List<RuleViolation> found)
        {
            if (WrittenSpec.Of(encoder) is not { Spec: VisionTransformerSpec vit } written
                || input.Kind != InputKind.Image
                || input.Height is not { } height
                || input.Width is not { } width
                || AtLeast(vit.PatchSize, 1) is not { } patch
                || (height % patch == 0 && width % patch == 0))
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.PatchSizeDoesNotDivideImage, encoder.Index, written.FirstWritten(nameof(vit.PatchSize)),
                $"[VisionTransformer] PatchSize = {Format(patch)} does not divide the {Format(height)}x{Format(width)} image of [ImageInput]: "
                + $"Height and Width must both be multiples of PatchSize, e.g. PatchSize = {Format(NearestCommonDivisor(height, width, patch))}"));
        }

        /// <summary>SSL0012: what each single-view objective needs from the input and the encoder.</summary>
        private static void CheckObjective(InputShape input, AttributeModel? encoder, AttributeModel objective, List<RuleViolation> found)
        {
            (InputKind[] Inputs, string? Encoder)? needs = objective.Name switch
            {
                "MaskedAutoencoder" => (new[] { InputKind.Image }, "VisionTransformer"),
                "MaskedLanguageModel" => (new[] { InputKind.Token }, "TransformerEncoder"),
                "FutureWindowPrediction" or "MaskedStreamReconstruction" => (new[] { InputKind.Sequence }, null),
                "RotationPrediction" => (new[] { InputKind.Image }, null),
                "Autoencoder" => (new[] { InputKind.Image, InputKind.Sequence }, null),
                _ => null,
            };
            if (needs is not { } need)
            {
                return;
            }

            var wrong = new List<string>();
            if (input.Kind != InputKind.None && !need.Inputs.Contains(input.Kind))
            {
                wrong.Add(Describe(input.Kind));
            }

            if (need.Encoder is not null && encoder is not null && encoder.Name != need.Encoder)
            {
                wrong.Add("[" + encoder.Name + "]");
            }

            if (wrong.Count > 0)
            {
                string requirement = Describe(need.Inputs) + (need.Encoder is null ? "" : $" and a [{need.Encoder}] encoder");
                found.Add(new RuleViolation(DiagnosticIds.ObjectiveIncompatible, objective.Index, null,
                    $"[{objective.Name}] needs {requirement}, but the experiment declares {string.Join(" and ", wrong)}"));
                return;
            }

            // MAE's norm-pix target standardises each patch by its own unbiased variance: at least two values per patch.
            if (WrittenSpec.Of(objective) is { Spec: MaskedAutoencoderSpec { NormalizePixels: true } } mae
                && encoder is not null && AttributeSpecs.Resolve(encoder) is VisionTransformerSpec vit
                && input.Channels is { } channels
                && AtLeast(vit.PatchSize, 1) is { } patch
                && (long)patch * patch * channels < 2)
            {
                found.Add(new RuleViolation(DiagnosticIds.ObjectiveIncompatible, objective.Index, mae.FirstWritten(nameof(MaskedAutoencoderSpec.NormalizePixels)),
                    $"[MaskedAutoencoder] NormalizePixels = true standardises each patch by its own variance, which needs at least 2 values per patch, "
                    + $"but [VisionTransformer] PatchSize = {Format(patch)} on {Format(channels)}-channel images gives {Format(patch * patch * channels)}; "
                    + "set NormalizePixels = false or use a larger PatchSize"));
            }
        }

        /// <summary>
        /// SSL0012: multi-crop crops images; SSL0010: its crops fit in them. (What the encoder makes of the crop sizes is
        /// checked with the other view sizes, in <see cref="ViewSizeRules"/>.)
        /// </summary>
        private static void CheckMultiCrop(InputShape input, AttributeModel crop, List<RuleViolation> found)
        {
            if (input.Kind is InputKind.Sequence or InputKind.Token)
            {
                found.Add(new RuleViolation(DiagnosticIds.ObjectiveIncompatible, crop.Index, null,
                    $"[MultiCrop] crops images and needs [ImageInput], but the experiment declares {Describe(input.Kind)}"));
                return;
            }

            if (input.Kind != InputKind.Image || input.Height is not { } height || input.Width is not { } width)
            {
                return;
            }

            int side = Math.Min(height, width);
            var sizes = AttributeSpecs.Resolve<MultiCropSpec>(crop);
            foreach ((string name, int value, string zero) in new[]
            {
                (nameof(sizes.GlobalSize), sizes.GlobalSize, "0 keeps the input size"),
                (nameof(sizes.LocalSize), sizes.LocalSize, "0 is 3/7 of the input size"),
            })
            {
                if (AtLeast(value, 1) is { } size && size > side)
                {
                    found.Add(new RuleViolation(DiagnosticIds.LargerThanInput, crop.Index, name,
                        $"[MultiCrop] {name} = {Format(size)} is larger than the {Format(height)}x{Format(width)} images of [ImageInput]; {name} must be <= {Format(side)} ({zero})"));
                }
            }
        }

        /// <summary>SSL0009, SSL0010 and SSL0015 for one declared augmentation.</summary>
        private static void CheckAugmentation(InputShape input, AttributeModel augmentation, List<RuleViolation> found)
        {
            if (input.Kind == InputKind.None)
            {
                return;
            }

            (InputKind Kind, string Family)? needs = augmentation.BaseName switch
            {
                "ImageAugmentation" => (InputKind.Image, "an image"),
                "SequenceAugmentation" => (InputKind.Sequence, "a sequence"),
                "TokenAugmentation" => (InputKind.Token, "a token"),
                _ => null,
            };
            if (needs is { } need && need.Kind != input.Kind)
            {
                found.Add(new RuleViolation(DiagnosticIds.AugmentationModality, augmentation.Index, null,
                    $"[{augmentation.Name}] is {need.Family} augmentation and does not apply to {Describe(input.Kind)}: it needs {Describe(need.Kind)}"));
                return;
            }

            switch (WrittenSpec.Of(augmentation))
            {
                case { Spec: RandomResizedCropSpec crop } written:
                    CheckCropSize(input, written, crop, found);
                    break;
                case { Spec: ColorJitterSpec or GrayscaleSpec } written:
                    CheckColor(input, written, found);
                    break;
                case { Spec: WindowCropSpec crop } written:
                    if (input.Kind == InputKind.Sequence && input.Length is { } length
                        && WrittenAtLeast(written, nameof(crop.Length), crop.Length, 1) is { } window && window > length)
                    {
                        found.Add(new RuleViolation(DiagnosticIds.LargerThanInput, augmentation.Index, nameof(crop.Length),
                            $"[WindowCrop] Length = {Format(window)} is longer than the windows of [SequenceInput] (Length = {Format(length)}); Length must be <= {Format(length)}"));
                    }

                    break;
            }
        }

        private static void CheckCropSize(InputShape input, WrittenSpec written, RandomResizedCropSpec crop, List<RuleViolation> found)
        {
            if (input.Kind != InputKind.Image || input.Height is not { } height || input.Width is not { } width
                || WrittenAtLeast(written, nameof(crop.Size), crop.Size, 1) is not { } size)
            {
                return; // Size 0 (the default) keeps the input size
            }

            int side = Math.Min(height, width);
            if (size > side)
            {
                found.Add(new RuleViolation(DiagnosticIds.LargerThanInput, written.Index, nameof(crop.Size),
                    $"[RandomResizedCrop] Size = {Format(size)} is larger than the {Format(height)}x{Format(width)} images of [ImageInput]; Size must be <= {Format(side)} (0 keeps the input size)"));
            }
        }

        /// <summary>SSL0009 for colour operations on other than 1 or 3 channels; SSL0015 for the no-ops on one channel.</summary>
        private static void CheckColor(InputShape input, WrittenSpec augmentation, List<RuleViolation> found)
        {
            if (input.Kind != InputKind.Image || input.Channels is not { } channels)
            {
                return;
            }

            if (channels != 1 && channels != 3)
            {
                found.Add(new RuleViolation(DiagnosticIds.AugmentationModality, augmentation.Index, null,
                    $"[{augmentation.Attribute}] needs 1-channel (grayscale) or 3-channel (RGB) images, but [ImageInput] Channels = {Format(channels)}"));
                return;
            }

            if (channels != 1)
            {
                return;
            }

            if (augmentation.Spec is GrayscaleSpec)
            {
                found.Add(new RuleViolation(DiagnosticIds.ColorOnOneChannel, augmentation.Index, null,
                    "[Grayscale] does nothing on the 1-channel images of [ImageInput] (Channels = 1); remove it"));
                return;
            }

            var jitter = (ColorJitterSpec)augmentation.Spec;
            var noOps = new List<string>();
            foreach ((string name, double resolved) in new[] { (nameof(jitter.Saturation), jitter.Saturation), (nameof(jitter.Hue), jitter.Hue) })
            {
                if (Finite(resolved) is { } value && value > 0)
                {
                    noOps.Add($"{name} = {Format(value)}{(augmentation.Wrote(name) ? "" : " (the default)")}");
                }
            }

            if (noOps.Count > 0)
            {
                string? at = augmentation.Wrote(nameof(jitter.Saturation)) && jitter.Saturation > 0 ? nameof(jitter.Saturation)
                    : augmentation.Wrote(nameof(jitter.Hue)) && jitter.Hue > 0 ? nameof(jitter.Hue)
                    : null;
                found.Add(new RuleViolation(DiagnosticIds.ColorOnOneChannel, augmentation.Index, at,
                    $"[ColorJitter] {string.Join(" and ", noOps)} {(noOps.Count == 1 ? "does" : "do")} nothing on the 1-channel images of [ImageInput] (Channels = 1): "
                    + "only Brightness and Contrast apply; set Saturation = 0 and Hue = 0"));
            }
        }

        private static int Gcd(int a, int b)
        {
            while (b != 0)
            {
                (a, b) = (b, a % b);
            }

            return a;
        }
    }

    /// <summary>The declared input's kind and its sizes, each null unless present and valid (SSL0006 reports the others).</summary>
    internal sealed class InputShape
    {
        private InputShape(InputKind kind, AttributeModel? attribute)
        {
            Kind = kind;
            Attribute = attribute;
            if (attribute is null)
            {
                return;
            }

            WrittenSpec? written = WrittenSpec.Of(attribute);
            switch (kind)
            {
                case InputKind.Image when written is { Spec: ImageInputSpec image }:
                    Channels = AtLeast(image.Channels, 1);
                    Height = WrittenAtLeast(written, nameof(image.Height), image.Height, 1);
                    Width = WrittenAtLeast(written, nameof(image.Width), image.Width, 1);
                    break;
                case InputKind.Sequence when written is { Spec: SequenceInputSpec sequence }:
                    Channels = AtLeast(sequence.Channels, 1);
                    Length = WrittenAtLeast(written, nameof(sequence.Length), sequence.Length, 1);
                    break;
                case InputKind.Token when written is { Spec: TokenInputSpec token }:
                    VocabSize = WrittenAtLeast(written, nameof(token.VocabSize), token.VocabSize, 1);
                    Length = WrittenAtLeast(written, nameof(token.Length), token.Length, 1);
                    break;
            }
        }

        public InputKind Kind { get; }

        public AttributeModel? Attribute { get; }

        public int? Channels { get; }

        public int? Height { get; }

        public int? Width { get; }

        public int? Length { get; }

        public int? VocabSize { get; }

        public static InputShape Of(ExperimentModel model)
        {
            InputKind kind = Modality.Of(model);
            return new InputShape(kind, kind == InputKind.None ? null : model.Single(AttributeFamily.Input));
        }
    }
}
