using System.Collections.Generic;
using SslDsl.Generators.Features;
using SslDsl.Generators.Model;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Emit
{
    internal static partial class TrainerEmitter
    {
        private static void EmitStep(CodeWriter w, TrainerPlan plan)
        {
            if (plan.Family == ObjectiveFamily.JointEmbedding)
            {
                EmitEncodeViews(w, plan);
                w.Line();
                EmitViewLoss(w, plan);
                return;
            }

            w.Line("/// <summary>")
             .Line($"/// The loss of one batch of {DataDescription(plan)} on <see cref=\"global::SslDsl.Training.SslTrainer.Device\"/>,")
             .Line("/// straight-line and specialised to this experiment; the runtime's Step runs it in a dispose scope, then backward and the optimizer step.")
             .Line("/// </summary>");
            w.Block($"protected override {Tensor} ComputeLoss({Tensor} batch)", () =>
            {
                w.Line($"{Tensor} inputs = batch;");
                EmitAugmentations(w, plan, "inputs", 0, 1);
                BeginLowPrecision(w);
                foreach (string line in plan.SingleViewStep)
                {
                    w.Line(line);
                }

                w.Line("EndLowPrecision();");
                w.Line("return loss;");
            });
        }

        /// <summary>The first half of a joint-embedding step: views of one batch through the networks.</summary>
        private static void EmitEncodeViews(CodeWriter w, TrainerPlan plan)
        {
            w.Line("/// <summary>")
             .Line($"/// The views of one batch of {DataDescription(plan)} on <see cref=\"global::SslDsl.Training.SslTrainer.Device\"/>")
             .Line("/// through the networks, straight-line and specialised to this experiment. The runtime's step passes the outputs to")
             .Line("/// ComputeLoss; with AccumulationSteps &gt; 1 it encodes every batch of an optimizer step twice (GradCache: without a")
             .Line("/// graph, then with one and the same random draws, <paramref name=\"withTargets\"/> false) and computes one loss over all.")
             .Line("/// </summary>");
            w.Block($"protected override {Training}ViewOutputs EncodeViews({Tensor} batch, bool withTargets)", () =>
            {
                if (plan.Spec.MultiCrop is { } crop)
                {
                    EmitMultiCropViews(w, plan, crop);
                }
                else
                {
                    EmitViews(w, plan);
                }

                string predictions = plan.PredictorNew is null ? "" : ", predictions";
                string targets = !plan.HasTargetNetwork ? "" : plan.PredictorNew is null ? ", targets: targets" : ", targets";
                string memory = plan.Memory is null ? "" : $", memory: {plan.Memory}";
                w.Line($"return new {Training}ViewOutputs(ViewCount, projections{predictions}{targets}, embeddings: embeddings{memory});");
            });
        }

        /// <summary>The second half: the loss between the views, of one batch or of all batches of an optimizer step.</summary>
        private static void EmitViewLoss(CodeWriter w, TrainerPlan plan)
        {
            w.Line("/// <summary>The loss between the views of <paramref name=\"outputs\"/> (one batch, or all batches of an optimizer step).</summary>");
            w.Block($"protected override {Tensor} ComputeLoss({Training}ViewOutputs outputs)", () =>
            {
                EmitJointLoss(w, plan, plan.Spec.MultiCrop?.GlobalCount ?? plan.Spec.ViewCount);
                w.Line("return loss;");
            });
        }

        /// <summary>Views stacked view-major, so augmentations, encoder and heads run once on all of them.</summary>
        private static void EmitViews(CodeWriter w, TrainerPlan plan)
        {
            if (plan.Spec.ViewCount == 1)
            {
                w.Line($"{Tensor} views = batch;");
            }
            else
            {
                string ones = plan.Kind switch { InputKind.Image => ", 1, 1, 1", InputKind.Sequence => ", 1, 1", _ => ", 1" };
                w.Line("// The views are stacked view-major, so augmentations, encoder and head run once on all of them.")
                 .Line($"{Tensor} views = batch.repeat(ViewCount{ones});");
            }

            EmitAugmentations(w, plan, "views", 0, plan.Spec.ViewCount);
            BeginLowPrecision(w);
            w.Line($"{Tensor} embeddings = Encoder.call(views);");
            EmitHeads(w, plan, "TargetEncoder.call(views)");
        }

        /// <summary>Global and local crops differ in size: each group is cropped, augmented and encoded on its own, then joined view-major.</summary>
        private static void EmitMultiCropViews(CodeWriter w, TrainerPlan plan, MultiCropSpec crop)
        {
            w.Line("// [MultiCrop]: global crops then local crops, view-major; the encoder runs once per crop size.")
             .Line($"{Tensor} globals = globalCrop.Apply(batch.repeat(GlobalViews, 1, 1, 1), Generator);");
            if (crop.LocalCount > 0)
            {
                w.Line($"{Tensor} locals = localCrop.Apply(batch.repeat(LocalViews, 1, 1, 1), Generator);");
            }

            EmitAugmentations(w, plan, "globals", 0, crop.GlobalCount);
            if (crop.LocalCount > 0)
            {
                EmitAugmentations(w, plan, "locals", crop.GlobalCount, crop.LocalCount);
                BeginLowPrecision(w);
                w.Line($"{Tensor} embeddings = {Torch}.cat(new[] {{ Encoder.call(globals), Encoder.call(locals) }}, 0);");
            }
            else
            {
                BeginLowPrecision(w);
                w.Line($"{Tensor} embeddings = Encoder.call(globals);");
            }

            EmitHeads(w, plan, crop.LocalCount > 0 && !plan.TargetsOnGlobalViews
                ? $"{Torch}.cat(new[] {{ TargetEncoder.call(globals), TargetEncoder.call(locals) }}, 0)"
                : "TargetEncoder.call(globals)"); // DINO's teacher sees the global crops only
        }

        private static void EmitHeads(CodeWriter w, TrainerPlan plan, string targetEmbeddings)
        {
            if (plan.ProjectorSteps.Count > 0)
            {
                foreach (string line in plan.ProjectorSteps)
                {
                    w.Line(line);
                }
            }
            else
            {
                w.Line(plan.ProjectorNew is null ? $"{Tensor} projections = embeddings;" : $"{Tensor} projections = Projector.call(embeddings);");
            }

            if (plan.PredictorNew is not null)
            {
                w.Line($"{Tensor} predictions = Predictor.call(projections);");
            }

            if (plan.HasTargetNetwork)
            {
                w.Line($"{Tensor}? targets = null;");
                w.Block("if (withTargets) // the momentum network runs once per batch: a replay reuses its outputs", () =>
                    w.Block($"using ({Torch}.no_grad())", () => w.Line(plan.ProjectorNew is null
                        ? $"targets = {targetEmbeddings};"
                        : $"targets = TargetProjector.call({targetEmbeddings});")));
            }

            w.Line("EndLowPrecision();");
        }

        /// <summary>
        /// From here the networks run in the trainer's Precision (autocast for BFloat16/Float16, nothing for Float32);
        /// augmentations come before, and the losses compute in float32 whatever their inputs are.
        /// </summary>
        private static void BeginLowPrecision(CodeWriter w) =>
            w.Line("BeginLowPrecision(); // the networks run in the trainer's Precision (autocast for BFloat16/Float16); augmentations above and the loss in float32");

        /// <summary>
        /// The loss between views. A two-view loss with more views is averaged over the pairs (global view i, any view
        /// j &gt; i), as multi-crop methods compare every view with the global ones.
        /// </summary>
        private static void EmitJointLoss(CodeWriter w, TrainerPlan plan, int globalViews)
        {
            LossCall loss = plan.Loss ?? throw new System.InvalidOperationException("a joint-embedding objective sets its loss");
            if (!plan.TwoViewLoss || plan.Spec.ViewCount == 2)
            {
                w.Line($"{Tensor} loss = {loss.Format(Output)};");
                return;
            }

            var pairs = new List<(int First, int Second)>();
            for (int i = 0; i < globalViews; i++)
            {
                for (int j = i + 1; j < plan.Spec.ViewCount; j++)
                {
                    pairs.Add((i, j));
                }
            }

            w.Line($"// The loss compares two views: averaged over the {Literal(pairs.Count)} pairs of a global view with another view.");
            for (int p = 0; p < pairs.Count; p++)
            {
                (int first, int second) = pairs[p];
                string expression = loss.Format(tensor => $"{Objectives}ViewPairs.Select({Output(tensor)}, {Literal(first)}, {Literal(second)}, outputs.Samples)");
                w.Line(p == 0 ? $"{Tensor} loss = {expression};" : $"loss = loss.add({expression});");
            }

            w.Line($"loss = loss.div({Literal(pairs.Count)});");
        }

        /// <summary>A tensor the loss names (<c>projections</c>) as the property of the outputs that holds it (<c>outputs.Projections</c>).</summary>
        private static string Output(string tensor) => "outputs." + char.ToUpperInvariant(tensor[0]) + tensor.Substring(1);

        /// <summary>
        /// The augmentation pipeline on <paramref name="tensor"/>, which holds views [first, first + count). A step for
        /// one view changes that view's rows in place (the tensor is the step's own copy, never the caller's batch).
        /// </summary>
        private static void EmitAugmentations(CodeWriter w, TrainerPlan plan, string tensor, int first, int count)
        {
            foreach (AugmentationPlan a in plan.Augmentations)
            {
                if (a.View < 0 || plan.Family == ObjectiveFamily.SingleView)
                {
                    w.Line($"{tensor} = {AugmentationCall(plan, a, tensor)};");
                }
                else if (a.View >= first && a.View < first + count)
                {
                    string slice = $"{tensor}.narrow(0, {Literal(a.View - first)} * batch.size(0), batch.size(0))"; // the batch given (a rank's share under data parallel)
                    w.Line($"{slice}.copy_({AugmentationCall(plan, a, slice)}); // view {Literal(a.View)} only");
                }
            }
        }

        private static string AugmentationCall(TrainerPlan plan, AugmentationPlan a, string input) => a.Method is null
            ? $"{a.Field}.Apply({input}, Generator)"
            : $"global::SslDsl.Augmentations.UserAugmentation.Select({input}, {plan.ExperimentType}.{a.Method}({input}, Generator), {Literal(a.Probability)}, Generator, \"{a.Method}\")";

        private static string DataDescription(TrainerPlan plan) => plan.Kind switch
        {
            InputKind.Sequence => "float windows <c>[N, InputChannels, InputLength]</c>",
            InputKind.Token => "token ids <c>[N, InputLength]</c>, int32 or int64",
            _ => "<c>[N, InputChannels, InputHeight, InputWidth]</c>, bytes or floats in [0, 1]",
        };
    }
}
