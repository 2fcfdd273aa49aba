using System.Collections.Generic;
using System.Linq;
using SslDsl.Generators.Features;
using static SslDsl.Generators.Model.ExperimentRules;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// Rules between the objective and the views, heads, batch and input sizes it works with (SSL0013, SSL0019 to SSL0024).
    /// </summary>
    internal static class ObjectiveRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            var input = InputShape.Of(model);
            CheckViewDeclarations(model, found);
            CheckReplacementIds(model, input, found);
            if (model.Single(AttributeFamily.Objective) is not { } objective)
            {
                return;
            }

            CheckSingleViewViews(model, objective, found);
            CheckQueueViews(model, objective, found);
            CheckHeads(model, objective, found);
            CheckBatchSize(model, objective, found);
            switch (WrittenSpec.Of(objective))
            {
                case { Spec: FutureWindowPredictionSpec forecast } written:
                    CheckForecastWindow(input, written, forecast, found);
                    break;
                case { Spec: MaskedLanguageModelSpec mlm } written:
                    CheckTokenIds(input, written, mlm, found);
                    break;
                case { Spec: MaskedAutoencoderSpec mae } written:
                    CheckPatchMasking(model, input, written, mae, found);
                    break;
                case { Spec: MaskedStreamReconstructionSpec stream } written:
                    CheckStreamMasking(input, written, stream, found);
                    break;
                case { Spec: DinoSpec dino } written:
                    CheckDinoTemperatures(written, dino, found);
                    break;
            }
        }

        /// <summary>SSL0019: [MultiCrop] replaces [Views]; declaring both leaves the view count ambiguous.</summary>
        private static void CheckViewDeclarations(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("Views") is { } views && model.Named("MultiCrop") is not null)
            {
                found.Add(new RuleViolation(DiagnosticIds.ViewDeclaration, views.Index, null,
                    "[Views] and [MultiCrop] both declare the views; [MultiCrop] makes GlobalCount + LocalCount views and replaces [Views]: remove [Views]"));
            }
        }

        /// <summary>SSL0019: MoCo v2 pairs a query view with one key view and enqueues that key batch; it takes exactly two views.</summary>
        private static void CheckQueueViews(ExperimentModel model, AttributeModel objective, List<RuleViolation> found)
        {
            int views = ViewCount(model);
            string? which = AttributeSpecs.Resolve(objective) switch
            {
                MoCoSpec { UsesQueue: true } => "[MoCo(Version = 2)] compares two views and enqueues one key batch per step",
                NnclrSpec => "[Nnclr] compares two views and adds one batch to its support set per step",
                _ => null,
            };
            if (which is null || views <= 2)
            {
                return;
            }

            string count = Format(views);
            if (model.Named("MultiCrop") is { } crop && model.Named("Views") is null)
            {
                found.Add(new RuleViolation(DiagnosticIds.ViewDeclaration, crop.Index, null,
                    $"{which}, but [MultiCrop] makes {count}; use two views, or another objective (e.g. [MoCo(Version = 3)]) for multi-crop"));
            }
            else if (model.Named("Views") is { } declared)
            {
                found.Add(new RuleViolation(DiagnosticIds.ViewDeclaration, declared.Index, nameof(ViewsSpec.Count),
                    $"{which}, but [Views({count})] declares {count}; declare [Views(2)]"));
            }
        }

        /// <summary>SSL0019: single-view objectives see one version of each sample.</summary>
        private static void CheckSingleViewViews(ExperimentModel model, AttributeModel objective, List<RuleViolation> found)
        {
            if (!Modality.IsSingleView(objective))
            {
                return;
            }

            if (model.Named("MultiCrop") is { } crop)
            {
                found.Add(new RuleViolation(DiagnosticIds.ViewDeclaration, crop.Index, null,
                    $"[{objective.Name}] trains on one view of each sample, but [MultiCrop] makes several; remove [MultiCrop]"));
            }
            else if (model.Named("Views") is { } views && AtLeast(AttributeSpecs.Resolve<ViewsSpec>(views).Count, 2) is { } count)
            {
                found.Add(new RuleViolation(DiagnosticIds.ViewDeclaration, views.Index, nameof(ViewsSpec.Count),
                    $"[{objective.Name}] trains on one view of each sample, but [Views({Format(count)})] declares {Format(count)}; remove [Views] or declare [Views(1)]"));
            }
        }

        /// <summary>SSL0020: a head the objective never calls; SSL0021: a predictor whose output the loss cannot compare.</summary>
        private static void CheckHeads(ExperimentModel model, AttributeModel objective, List<RuleViolation> found)
        {
            AttributeModel? projector = model.Named("Projector");
            AttributeModel? predictor = model.Named("Predictor");
            if (Modality.IsSingleView(objective))
            {
                foreach (AttributeModel? head in new[] { projector, predictor })
                {
                    if (head is null)
                    {
                        continue;
                    }

                    found.Add(new RuleViolation(DiagnosticIds.UnusedHead, head.Index, null,
                        $"[{head.Name}] is not used: [{objective.Name}] trains its own head on the encoder output and compares no views; remove [{head.Name}]"));
                }

                return;
            }

            if (projector is not null && AttributeSpecs.Resolve(objective) is DinoSpec or SwavSpec)
            {
                string sizes = objective.Name == "Dino" ? "[Dino(Hidden, Bottleneck, OutDim)]" : "[Swav(Hidden, Output, Prototypes)]";
                found.Add(new RuleViolation(DiagnosticIds.UnusedHead, projector.Index, null,
                    $"[Projector] is not used: [{objective.Name}] builds its own head (MLP, {(objective.Name == "Dino" ? "bottleneck" : "normalised projection")}, prototypes); size it with {sizes} and remove [Projector]"));
            }

            if (predictor is null)
            {
                return;
            }

            if (!ComponentRules.NeedsPredictor(objective))
            {
                string which = AttributeSpecs.Resolve(objective) is MoCoSpec moCo ? $"[MoCo(Version = {Format(moCo.Version)})]" : "[" + objective.Name + "]";
                found.Add(new RuleViolation(DiagnosticIds.UnusedHead, predictor.Index, null,
                    $"[Predictor] is not used: only [Byol], [SimSiam], [Nnclr] and [MoCo(Version = 3)] have a predictor head, not {which}; remove [Predictor]"));
                return;
            }

            if (projector is not null
                && AtLeast(AttributeSpecs.Resolve<PredictorSpec>(predictor).Output, 1) is { } output
                && AtLeast(AttributeSpecs.Resolve<ProjectorSpec>(projector).Output, 1) is { } projected
                && output != projected)
            {
                found.Add(new RuleViolation(DiagnosticIds.PredictorOutput, predictor.Index, nameof(PredictorSpec.Output),
                    $"[Predictor] Output = {Format(output)} differs from [Projector] Output = {Format(projected)}: [{objective.Name}] compares each prediction with a projection, "
                    + $"so both must have the same size; use Output = {Format(projected)} or leave it at 0 (the projector's size)"));
            }
        }

        /// <summary>SSL0013: in-batch negatives (SimCLR, MoCo v3) need a large batch.</summary>
        private static void CheckBatchSize(ExperimentModel model, AttributeModel objective, List<RuleViolation> found)
        {
            bool inBatchNegatives = AttributeSpecs.Resolve(objective) is SimClrSpec or MoCoSpec { Version: 3 } or NnclrSpec;
            if (!inBatchNegatives
                || model.Named("Training") is not { } trainingAttribute
                || WrittenSpec.Of(trainingAttribute) is not { Spec: TrainingSpec spec } training
                || AtLeast(spec.BatchSize, 1) is not { } batch
                || batch >= SmallestContrastiveBatch)
            {
                return;
            }

            string which = objective.Name == "MoCo" ? "[MoCo(Version = 3)]" : "[" + objective.Name + "]";
            found.Add(new RuleViolation(DiagnosticIds.SmallContrastiveBatch, training.Index, training.FirstWritten(nameof(TrainingSpec.BatchSize)),
                $"{which} takes its negatives from the batch, and [Training] BatchSize = {Format(batch)} gives few of them: contrastive learning degrades below BatchSize = {Format(SmallestContrastiveBatch)}; "
                + "use a larger batch, or [MoCo(Version = 2)], whose queue holds the negatives"));
        }

        /// <summary>
        /// SSL0032: DINO avoids collapse only if the teacher is sharper than the student (Caron et al. 2021, §5.3 and
        /// fig. 7: a teacher temperature above the student's collapses to the uniform distribution).
        /// </summary>
        private static void CheckDinoTemperatures(WrittenSpec objective, DinoSpec dino, List<RuleViolation> found)
        {
            foreach ((string name, double teacher) in new[] { (nameof(dino.TeacherTemperature), dino.TeacherTemperature), (nameof(dino.WarmupTeacherTemperature), dino.WarmupTeacherTemperature) })
            {
                if (teacher > 0 && dino.StudentTemperature > 0 && teacher >= dino.StudentTemperature)
                {
                    found.Add(new RuleViolation(DiagnosticIds.DinoTeacherNotSharper, objective.Index, objective.FirstWritten(name, nameof(dino.StudentTemperature)),
                        $"[Dino] {name} = {Format(teacher)} is not below StudentTemperature = {Format(dino.StudentTemperature)}: a teacher no sharper than its student gives it no target to learn and collapses to the uniform distribution; use a teacher temperature below the student's (DINO: 0.04 to 0.07 against 0.1)"));
                    return;
                }
            }
        }

        /// <summary>The batch below which SSL0013 warns (SimCLR, Chen et al. 2020, fig. 9).</summary>
        public const int SmallestContrastiveBatch = 128;

        /// <summary>SSL0022: the context and the horizon must fit in one window.</summary>
        private static void CheckForecastWindow(InputShape input, WrittenSpec objective, FutureWindowPredictionSpec forecast, List<RuleViolation> found)
        {
            if (input.Kind != InputKind.Sequence
                || input.Length is not { } length
                || WrittenAtLeast(objective, nameof(forecast.Horizon), forecast.Horizon, 1) is not { } horizon
                || AtLeast(forecast.Context, 0) is not { } context)
            {
                return;
            }

            if (context == 0 && horizon >= length)
            {
                found.Add(new RuleViolation(DiagnosticIds.ForecastWindow, objective.Index, nameof(forecast.Horizon),
                    $"[FutureWindowPrediction] Horizon = {Format(horizon)} leaves no context in the windows of [SequenceInput] (Length = {Format(length)}): "
                    + $"Context = 0 means Length - Horizon steps, so Horizon must be < {Format(length)}"));
            }
            else if (context > 0 && (long)context + horizon > length)
            {
                found.Add(new RuleViolation(DiagnosticIds.ForecastWindow, objective.Index, nameof(forecast.Context),
                    $"[FutureWindowPrediction] Context = {Format(context)} and Horizon = {Format(horizon)} need {Format(context + (long)horizon)} steps, "
                    + $"but the windows of [SequenceInput] have Length = {Format(length)}; Context + Horizon must be <= {Format(length)}"));
            }
        }

        /// <summary>SSL0023: [TokenDropout] writes its ReplacementId into the sequences, so it must be an id of the vocabulary.</summary>
        private static void CheckReplacementIds(ExperimentModel model, InputShape input, List<RuleViolation> found)
        {
            if (input.Kind != InputKind.Token || input.VocabSize is not { } vocab)
            {
                return;
            }

            foreach (WrittenSpec dropout in model.OfFamily(AttributeFamily.Augmentation).Select(WrittenSpec.Of).OfType<WrittenSpec>())
            {
                if (dropout.Spec is TokenDropoutSpec spec && AtLeast(spec.ReplacementId, 0) is { } id && id >= vocab)
                {
                    found.Add(new RuleViolation(DiagnosticIds.TokenIds, dropout.Index, dropout.FirstWritten(nameof(spec.ReplacementId)),
                        $"[TokenDropout] ReplacementId = {Format(id)} is not an id of the vocabulary of [TokenInput] (VocabSize = {Format(vocab)}): it must be in [0, {Format(vocab)})"));
                }
            }
        }

        /// <summary>SSL0023: the mask and special token ids must be ids of the vocabulary and leave ordinary tokens to mask.</summary>
        private static void CheckTokenIds(InputShape input, WrittenSpec objective, MaskedLanguageModelSpec mlm, List<RuleViolation> found)
        {
            if (input.Kind != InputKind.Token || input.VocabSize is not { } vocab || input.Attribute is not { } tokenInput)
            {
                return;
            }

            int mask = mlm.MaskTokenId;
            EquatableArray<int> special = mlm.SpecialTokenIds;
            string range = $"[0, {Format(vocab)})";
            bool idsValid = true;
            if (mask < 0 || mask >= vocab)
            {
                idsValid = false;
                found.Add(new RuleViolation(DiagnosticIds.TokenIds, objective.Index, objective.FirstWritten(nameof(mlm.MaskTokenId)),
                    $"[MaskedLanguageModel] MaskTokenId = {Format(mask)} is not an id of the vocabulary of [TokenInput] (VocabSize = {Format(vocab)}): it must be in {range}"));
            }

            int[] outside = special.Where(id => !(id >= 0 && id < vocab)).ToArray();
            if (outside.Length > 0)
            {
                idsValid = false;
                found.Add(new RuleViolation(DiagnosticIds.TokenIds, objective.Index, objective.FirstWritten(nameof(mlm.SpecialTokenIds)),
                    $"[MaskedLanguageModel] SpecialTokenIds {string.Join(", ", outside.Select(Format))} {(outside.Length == 1 ? "is" : "are")} not "
                    + $"{(outside.Length == 1 ? "an id" : "ids")} of the vocabulary of [TokenInput] (VocabSize = {Format(vocab)}): every special id must be in {range}"));
            }

            if (!special.Contains(mask))
            {
                found.Add(new RuleViolation(DiagnosticIds.TokenIds, objective.Index, objective.FirstWritten(nameof(mlm.MaskTokenId), nameof(mlm.SpecialTokenIds)),
                    $"[MaskedLanguageModel] MaskTokenId = {Format(mask)} is not among SpecialTokenIds = {{ {string.Join(", ", special.Select(Format))} }}: "
                    + "the mask token must be special, so that it is never selected for masking nor drawn as a random replacement"));
            }

            int specialCount = special.Concat(new[] { mask }).Distinct().Count();
            if (idsValid && specialCount >= vocab)
            {
                found.Add(new RuleViolation(DiagnosticIds.TokenIds, tokenInput.Index, nameof(TokenInputSpec.VocabSize),
                    $"[TokenInput] VocabSize = {Format(vocab)} leaves no ordinary token: [MaskedLanguageModel] reserves {Format(specialCount)} special ids (mask token included); "
                    + $"VocabSize must be > {Format(specialCount)}"));
            }
        }

        /// <summary>SSL0024: MAE must keep at least one patch visible (it always hides at least one: keep &lt; L for a ratio &gt; 0).</summary>
        private static void CheckPatchMasking(ExperimentModel model, InputShape input, WrittenSpec objective, MaskedAutoencoderSpec mae, List<RuleViolation> found)
        {
            if (input.Kind != InputKind.Image
                || input.Height is not { } height
                || input.Width is not { } width
                || model.Single(AttributeFamily.Encoder) is not { } encoder
                || AttributeSpecs.Resolve(encoder) is not VisionTransformerSpec vit
                || AtLeast(vit.PatchSize, 1) is not { } patch
                || height % patch != 0
                || width % patch != 0
                || Finite(mae.MaskRatio) is not { } ratio
                || !(ratio > 0 && ratio < 1))
            {
                return;
            }

            long patches = (long)(height / patch) * (width / patch);
            long keep = (long)(patches * (1.0 - ratio)); // as MAE: int(L * (1 - mask_ratio)); below L for any ratio > 0
            if (keep >= 1)
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.Masking, objective.Index, objective.FirstWritten(nameof(mae.MaskRatio)),
                $"[MaskedAutoencoder] MaskRatio = {Format(ratio)} keeps int({Format(patches)} × (1 - {Format(ratio)})) = {Format(keep)} of the {Format(patches)} patches "
                + $"({Format(height)}x{Format(width)} image, PatchSize = {Format(patch)}), so it hides every patch; at least one must stay visible"));
        }

        /// <summary>SSL0024: stream masking must hide something and leave something visible.</summary>
        private static void CheckStreamMasking(InputShape input, WrittenSpec objective, MaskedStreamReconstructionSpec stream, List<RuleViolation> found)
        {
            if (AtLeast(stream.SpanLength, 0) is not { } span)
            {
                return;
            }

            bool maskChannels = stream.MaskChannels;
            if (!maskChannels && span == 0)
            {
                found.Add(new RuleViolation(DiagnosticIds.Masking, objective.Index, objective.FirstWritten(nameof(stream.SpanLength)),
                    "[MaskedStreamReconstruction] hides nothing: SpanLength = 0 turns time spans off and MaskChannels is false; "
                    + "use SpanLength >= 1, MaskChannels = true, or both"));
                return;
            }

            if (input.Kind != InputKind.Sequence)
            {
                return;
            }

            if (span >= 1 && input.Length is { } length && span >= length)
            {
                found.Add(new RuleViolation(DiagnosticIds.Masking, objective.Index, objective.FirstWritten(nameof(stream.SpanLength)),
                    $"[MaskedStreamReconstruction] SpanLength = {Format(span)} hides the whole window of [SequenceInput] (Length = {Format(length)}); "
                    + $"SpanLength must be < {Format(length)} so that one step stays visible"));
            }

            if (maskChannels && input.Channels is { } channels && channels < 2)
            {
                found.Add(new RuleViolation(DiagnosticIds.Masking, objective.Index, objective.FirstWritten(nameof(stream.MaskChannels)),
                    $"[MaskedStreamReconstruction] MaskChannels = true hides whole channels but keeps one visible, which needs at least 2 channels; [SequenceInput] has Channels = {Format(channels)}"));
            }
        }
    }
}
