using System.Collections.Generic;
using System.Linq;
using SslDsl.Generators.Features;
using static SslDsl.Generators.Model.ExperimentRules;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// Follows the size of every view through the augmentation pipeline, as the generated step computes it, and checks
    /// that each stage can take it: size changes on one view only (SSL0025), an encoder built for one size or a minimum
    /// size (SSL0018, SSL0012 for [MultiCrop]), objectives that need the whole window or a square image (SSL0012, SSL0022).
    /// </summary>
    /// <remarks>
    /// Only [RandomResizedCrop] with a Size (and [MultiCrop]) change the size of image views, only [WindowCrop] without
    /// ResizeBack the length of sequence views; every other augmentation, user methods included, keeps the shape.
    /// Multi-view experiments stack their views in one batch (multi-crop: one batch per crop size), and an augmentation
    /// for one view writes its result back into that view's rows, so it must keep the view's size. Single-view
    /// objectives apply every augmentation to the whole batch.
    /// </remarks>
    internal static class ViewSizeRules
    {
        /// <summary>More views than any experiment draws: not followed (the step would not fit in memory anyway).</summary>
        private const int MaxViews = 4096;

        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            var input = InputShape.Of(model);
            AttributeModel? objective = model.Single(AttributeFamily.Objective);
            bool singleView = objective is not null && Modality.IsSingleView(objective);
            Size inputSize;
            if (input.Kind == InputKind.Image && input.Height is { } height && input.Width is { } width)
            {
                inputSize = new Size(height, width);
            }
            else if (input.Kind == InputKind.Sequence && input.Length is { } length)
            {
                inputSize = new Size(length, 0);
            }
            else
            {
                return;
            }

            if (InitialViews(model, input, inputSize, singleView) is not { } views)
            {
                return;
            }

            Follow(model, input, inputSize, singleView, views, found);
            CheckEncoder(model, input, inputSize, objective, views, found);
            if (objective is not null)
            {
                CheckObjective(input, inputSize, objective, views, found);
            }
        }

        /// <summary>The views before the augmentations: the input size, or the crops of [MultiCrop]; null when unknown.</summary>
        private static View[]? InitialViews(ExperimentModel model, InputShape input, Size inputSize, bool singleView)
        {
            if (singleView)
            {
                return new[] { new View(inputSize, null) };
            }

            if (model.Named("MultiCrop") is { } multiCrop && WrittenSpec.Of(multiCrop) is { Spec: MultiCropSpec written } crop && input.Kind == InputKind.Image)
            {
                // Counts and sizes out of range are SSL0006's; 0 sizes are resolved against the input.
                if (AtLeast(written.GlobalCount, 1) is null
                    || AtLeast(written.LocalCount, 0) is null
                    || AtLeast(written.GlobalSize, 0) is null
                    || AtLeast(written.LocalSize, 0) is null
                    || Modality.MultiCrop(model) is not { } sizes
                    || (long)sizes.GlobalCount + sizes.LocalCount > MaxViews)
                {
                    return null;
                }

                return Enumerable.Repeat(new View(new Size(sizes.GlobalSize, sizes.GlobalSize), crop), sizes.GlobalCount)
                    .Concat(Enumerable.Repeat(new View(new Size(sizes.LocalSize, sizes.LocalSize), crop), sizes.LocalCount))
                    .ToArray();
            }

            int count = ViewCount(model);
            return count >= 1 && count <= MaxViews ? Enumerable.Repeat(new View(inputSize, null), count).ToArray() : null;
        }

        /// <summary>Runs the declared augmentations over the view sizes; SSL0025 where one changes the size of a single view.</summary>
        private static void Follow(ExperimentModel model, InputShape input, Size inputSize, bool singleView, View[] views, List<RuleViolation> found)
        {
            foreach (WrittenSpec augmentation in model.OfFamily(AttributeFamily.Augmentation).Select(WrittenSpec.Of).OfType<WrittenSpec>())
            {
                Size? resized;
                if (augmentation.Spec is RandomResizedCropSpec crop && input.Kind == InputKind.Image)
                {
                    resized = AtLeast(crop.Size, 0) is not { } size ? null
                        : size == 0 ? inputSize
                        : new Size(size, size);
                }
                else if (augmentation.Spec is WindowCropSpec windowCrop && input.Kind == InputKind.Sequence)
                {
                    if (WrittenAtLeast(augmentation, nameof(windowCrop.Length), windowCrop.Length, 1) is not { } window || window > inputSize.First)
                    {
                        continue; // SSL0006 or SSL0010
                    }

                    // The runtime crop cuts from whole input windows: an earlier crop must not have shortened them.
                    View? shortened = views.FirstOrDefault(v => v.Size != inputSize);
                    if (shortened is not null)
                    {
                        found.Add(new RuleViolation(DiagnosticIds.ViewSize, augmentation.Index, null,
                            $"[WindowCrop] cuts its window from the whole {Format(inputSize.First)}-step windows of [SequenceInput], but an earlier [WindowCrop] "
                            + $"without ResizeBack has shortened them to {Format(shortened.Size.First)} steps; set ResizeBack = true on the earlier one, or keep one [WindowCrop]"));
                        continue;
                    }

                    resized = windowCrop.ResizeBack ? inputSize : new Size(window, 0);
                }
                else
                {
                    continue;
                }

                if (resized is not { } target)
                {
                    continue;
                }

                int view = ((AugmentationSpec)augmentation.Spec).View;
                if (singleView || view == -1)
                {
                    for (int i = 0; i < views.Length; i++)
                    {
                        if (views[i].Size != target)
                        {
                            views[i] = new View(target, augmentation);
                        }
                    }
                }
                else if (view >= 0 && view < views.Length && views[view].Size != target)
                {
                    string keep = augmentation.Spec is WindowCropSpec ? "ResizeBack = true" : "Size = 0";
                    found.Add(new RuleViolation(DiagnosticIds.ViewSize, augmentation.Index, nameof(AugmentationSpec.View),
                        $"[{augmentation.Attribute}] makes view {Format(view)} {Describe(target, input.Kind)}, while it is {Describe(views[view].Size, input.Kind)} like the views it is batched with: "
                        + $"an augmentation of one view must keep its size; apply it to every view (View = -1) or keep the size ({keep})"));
                }
            }
        }

        /// <summary>SSL0018: a ConvNet halves its input between stages, down to one pixel at least.</summary>
        private static void CheckConvNetSize(AttributeModel encoder, InputShape input, View[] views, List<RuleViolation> found)
        {
            WrittenSpec written = WrittenSpec.Of(encoder)!;
            EquatableArray<int> widths = ((ConvNetSpec)written.Spec).Widths;
            if (input.Kind != InputKind.Image || widths.Count == 0 || widths.Any(w => w < 1))
            {
                return; // SSL0009, SSL0018 or SSL0006 already
            }

            int halvings = widths.Count - 1;
            long needed = halvings >= 31 ? long.MaxValue : 1L << halvings;
            var reported = new HashSet<WrittenSpec?>();
            foreach (View view in views.Where(v => System.Math.Min(v.Size.First, v.Size.Second) < needed))
            {
                if (!reported.Add(view.Cause))
                {
                    continue;
                }

                string stages = $"[ConvNet] with {Format(widths.Count)} stages halves its input {Format(halvings)} times and needs images of at least {Format(needed)}x{Format(needed)}";
                string size = Describe(view.Size, input.Kind);
                found.Add(view.Cause switch
                {
                    null => new RuleViolation(DiagnosticIds.EncoderInput, encoder.Index, written.FirstWritten(nameof(ConvNetSpec.Widths)),
                        $"{stages}, but the images of [ImageInput] are {size}; use fewer Widths or larger images"),
                    { Spec: MultiCropSpec } crop => new RuleViolation(DiagnosticIds.EncoderInput, crop.Index, null,
                        $"[MultiCrop] makes {size} views, but {stages}; use larger crops or fewer Widths"),
                    { } cause => new RuleViolation(DiagnosticIds.EncoderInput, cause.Index, cause.FirstWritten(nameof(RandomResizedCropSpec.Size)),
                        $"[{cause.Attribute}] Size = {Format(view.Size.First)} makes {size} views, but {stages}; use a larger Size or fewer Widths"),
                });
            }
        }

        /// <summary>SSL0018 (SSL0012 for [MultiCrop]): ViT and MLP encoders take only the declared input size.</summary>
        private static void CheckEncoder(ExperimentModel model, InputShape input, Size inputSize, AttributeModel? objective, View[] views, List<RuleViolation> found)
        {
            if (model.Single(AttributeFamily.Encoder) is { Name: "ConvNet" } convNet)
            {
                CheckConvNetSize(convNet, input, views, found);
                return;
            }

            if (model.Single(AttributeFamily.Encoder) is not { } encoder
                || !InputRules.NeedsFixedImageSize(encoder.Name)
                || (input.Kind == InputKind.Sequence && (encoder.Name != "Mlp" || objective?.Name == "FutureWindowPrediction")))
            {
                return; // future-window prediction cuts the context the encoder sees out of the window itself (SSL0022)
            }

            var reported = new HashSet<WrittenSpec>();
            foreach (View view in views.Where(v => v.Size != inputSize && v.Cause is not null))
            {
                WrittenSpec cause = view.Cause!;
                if (!reported.Add(cause))
                {
                    continue;
                }

                string sizes = Describe(inputSize, input.Kind);
                if (cause.Spec is MultiCropSpec)
                {
                    Size[] made = views.Select(v => v.Size).Distinct().ToArray();
                    found.Add(new RuleViolation(DiagnosticIds.ObjectiveIncompatible, cause.Index, null,
                        $"[MultiCrop] makes {string.Join(" and ", made.Select(s => Describe(s, input.Kind)))} views, but [{encoder.Name}] encodes only the {sizes} images of [ImageInput]; "
                        + "use an encoder that takes any image size ([ResNet], [ConvNet] or [CustomEncoder])"));
                }
                else if (cause.Spec is WindowCropSpec)
                {
                    found.Add(new RuleViolation(DiagnosticIds.EncoderInput, cause.Index, cause.FirstWritten(nameof(WindowCropSpec.ResizeBack)),
                        $"[WindowCrop] Length = {Format(view.Size.First)} without ResizeBack makes {Describe(view.Size, input.Kind)} views, but [{encoder.Name}] takes only the {sizes} windows of [SequenceInput]; "
                        + "set ResizeBack = true or use an encoder that takes any length"));
                }
                else
                {
                    found.Add(new RuleViolation(DiagnosticIds.EncoderInput, cause.Index, cause.FirstWritten(nameof(RandomResizedCropSpec.Size)),
                        $"[{cause.Attribute}] Size = {Format(view.Size.First)} makes {Describe(view.Size, input.Kind)} views, but [{encoder.Name}] encodes only the {sizes} images of [ImageInput]; "
                        + "use Size = 0 (the input size) or an encoder that takes any image size"));
                }
            }
        }

        /// <summary>What the objective needs of the augmented views: square images, whole windows, room for context and horizon.</summary>
        private static void CheckObjective(InputShape input, Size inputSize, AttributeModel objective, View[] views, List<RuleViolation> found)
        {
            View final = views[0];
            switch (objective.Name)
            {
                case "RotationPrediction" when input.Kind == InputKind.Image && final.Size.First != final.Size.Second:
                    found.Add(new RuleViolation(DiagnosticIds.ObjectiveIncompatible, objective.Index, null,
                        $"[RotationPrediction] needs square images (a quarter turn of a {Describe(final.Size, input.Kind)} image is {Format(final.Size.Second)}x{Format(final.Size.First)}), "
                        + $"but the images of [ImageInput] are {Describe(final.Size, input.Kind)}; declare square images or crop them square with [RandomResizedCrop(Size = n)]"));
                    break;
                case "MaskedStreamReconstruction" when input.Kind == InputKind.Sequence && final.Size != inputSize && final.Cause is { } crop:
                    found.Add(new RuleViolation(DiagnosticIds.ObjectiveIncompatible, crop.Index, crop.FirstWritten(nameof(WindowCropSpec.ResizeBack)),
                        $"[MaskedStreamReconstruction] reconstructs the whole {Describe(inputSize, input.Kind)} windows of [SequenceInput], but [WindowCrop] without ResizeBack "
                        + $"makes {Describe(final.Size, input.Kind)} views; set ResizeBack = true"));
                    break;
                case "FutureWindowPrediction" when input.Kind == InputKind.Sequence && final.Size != inputSize && final.Cause is { } crop:
                    if (WrittenSpec.Of(objective) is { Spec: FutureWindowPredictionSpec forecast } written
                        && WrittenAtLeast(written, nameof(forecast.Horizon), forecast.Horizon, 1) is { } horizon
                        && AtLeast(forecast.Context, 0) is { } context
                        && (context == 0 ? horizon < inputSize.First : (long)context + horizon <= inputSize.First))
                    {
                        long needed = context == 0 ? inputSize.First : (long)context + horizon;
                        if (final.Size.First < needed)
                        {
                            found.Add(new RuleViolation(DiagnosticIds.ForecastWindow, crop.Index, crop.FirstWritten(nameof(WindowCropSpec.ResizeBack)),
                                $"[FutureWindowPrediction] needs {Format(needed)} steps per window (Context {(context == 0 ? "= Length - Horizon" : "= " + Format(context))} and Horizon = {Format(horizon)}), "
                                + $"but [WindowCrop] without ResizeBack makes {Describe(final.Size, input.Kind)} views; set ResizeBack = true or shorten Context and Horizon"));
                        }
                    }

                    break;
            }
        }

        private static string Describe(Size size, InputKind kind) =>
            kind == InputKind.Sequence ? Format(size.First) + "-step" : Format(size.First) + "x" + Format(size.Second);

        /// <summary>Height and width of an image view, or the length (and 0) of a sequence view.</summary>
        private readonly record struct Size(int First, int Second);

        /// <summary>A view's size and the attribute that last changed it (null: the input's own size).</summary>
        private sealed record View(Size Size, WrittenSpec? Cause);
    }
}
