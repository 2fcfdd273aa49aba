using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SslDsl.Generators.Features;

namespace SslDsl.Generators.Model
{
    /// <summary>Rules between attributes: what an objective needs from the rest of the experiment.</summary>
    internal static class ComponentRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            CheckCustomEncoders(model, found);
            CheckFineTune(model, found);
            if (model.Single(AttributeFamily.Objective) is not { } objective)
            {
                return;
            }

            CheckQueue(model, objective, found);
            CheckPredictor(model, objective, found);
        }

        /// <summary>The predictor the objective needs (BYOL, SimSiam, MoCo v3), or null.</summary>
        public static bool NeedsPredictor(AttributeModel objective) =>
            AttributeSpecs.Resolve(objective) is JointEmbeddingObjectiveSpec { NeedsPredictor: true };

        /// <summary>The batch size the trainer uses ([Training] BatchSize or its default).</summary>
        public static int BatchSize(ExperimentModel model) =>
            TrainingSpec.Resolve(model.Named("Training") ?? AttributeModel.Unwritten("Training")).BatchSize;

        /// <summary>
        /// The keys MoCo v2 enqueues at once (and the projections NNCLR and SwAV keep): one batch's, or with
        /// AccumulationSteps &gt; 1 those of all batches of an optimizer step (GradCache computes one loss over them all).
        /// </summary>
        public static long KeysPerStep(ExperimentModel model)
        {
            TrainingSpec training = TrainingSpec.Resolve(model.Named("Training") ?? AttributeModel.Unwritten("Training"));
            return (long)training.BatchSize * training.AccumulationSteps;
        }

        /// <summary>SSL0007: MoCo v2's queue, NNCLR's support set and SwAV's queue take whole batches, so they must hold a whole number of them.</summary>
        private static void CheckQueue(ExperimentModel model, AttributeModel objective, List<RuleViolation> found)
        {
            (string Name, string Property, int Size, string What)? queue = WrittenSpec.Of(objective)?.Spec switch
            {
                MoCoSpec { UsesQueue: true } moCo => ("[MoCo]", nameof(MoCoSpec.QueueSize), moCo.QueueSize, "keys"),
                NnclrSpec nnclr => ("[Nnclr]", nameof(NnclrSpec.SupportSize), nnclr.SupportSize, "projections"),
                SwavSpec { UsesQueue: true } swav => ("[Swav]", nameof(SwavSpec.QueueLength), swav.QueueLength, "projections"),
                _ => null,
            };
            if (queue is not { } q || WrittenSpec.Of(objective) is not { } written)
            {
                return;
            }

            int batch = BatchSize(model);
            long keys = KeysPerStep(model);
            if (q.Size < 1 || batch < 1 || keys < 1 || q.Size % keys == 0)
            {
                return;
            }

            long roundedUp = (q.Size / keys + 1) * keys;
            string enqueued = keys == batch
                ? $"[Training] BatchSize = {Format(batch)}; the queue takes whole batches of {q.What}"
                : $"the {keys.ToString(CultureInfo.InvariantCulture)} {q.What} of an optimizer step ([Training] BatchSize × AccumulationSteps = {Format(batch)} × {Format((int)(keys / batch))}); accumulated batches share one loss, whose {q.What} the queue takes at once";
            found.Add(new RuleViolation(DiagnosticIds.QueueNotMultipleOfBatch, objective.Index, written.FirstWritten(q.Property),
                $"{q.Name} {q.Property} = {Format(q.Size)} is not a multiple of {enqueued}, e.g. {q.Property} = {roundedUp.ToString(CultureInfo.InvariantCulture)}"));
        }

        /// <summary>SSL0011: BYOL, SimSiam and MoCo v3 regress a prediction, which needs a [Predictor].</summary>
        private static void CheckPredictor(ExperimentModel model, AttributeModel objective, List<RuleViolation> found)
        {
            if (NeedsPredictor(objective) && model.Named("Predictor") is null)
            {
                string which = objective.Name == "MoCo" ? "[MoCo(Version = 3)]" : "[" + objective.Name + "]";
                found.Add(new RuleViolation(DiagnosticIds.MissingComponent, objective.Index, null,
                    $"{which} needs a predictor head on the online branch; add [Predictor]"));
            }

            if (NeedsPredictor(objective) && model.Named("Projector") is null)
            {
                found.Add(new RuleViolation(DiagnosticIds.MissingComponent, objective.Index, null,
                    $"[{objective.Name}] needs a projector head before its predictor; add [Projector]"));
            }
        }

        /// <summary>SSL0016: [CustomEncoder(typeof(T))] needs T to be a usable Module&lt;Tensor, Tensor&gt;.</summary>
        private static void CheckCustomEncoders(ExperimentModel model, List<RuleViolation> found)
        {
            foreach (AttributeModel encoder in model.Attributes.Where(a => a.Name == "CustomEncoder"))
            {
                // Read as written: the spec cannot tell a null or non-type argument from the default, nor carry the type's problem.
                if (encoder.Argument(nameof(CustomEncoderSpec.Type)) is not { } type)
                {
                    continue;
                }

                if (type.Value.Kind != ArgumentKind.Type || type.Value.Text is null)
                {
                    found.Add(new RuleViolation(DiagnosticIds.WrongShape, encoder.Index, nameof(CustomEncoderSpec.Type),
                        $"[CustomEncoder] Type = {(type.Value.Kind == ArgumentKind.Text && type.Value.Text is null ? "null" : type.Value.Display)} is not an encoder type: write [CustomEncoder(typeof(T))] for a class T deriving from Module<Tensor, Tensor>"));
                }
                else if (type.Value.TypeProblem is { } problem)
                {
                    string name = type.Value.Text.Replace("global::", "");
                    found.Add(new RuleViolation(DiagnosticIds.WrongShape, encoder.Index, nameof(CustomEncoderSpec.Type),
                        $"[CustomEncoder] typeof({name}): {name} {problem}; an encoder is a non-abstract class deriving from Module<Tensor, Tensor> with a public parameterless constructor"));
                }
            }
        }

        /// <summary>SSL0014: fine-tuning trains the new head faster than the pretrained encoder.</summary>
        private static void CheckFineTune(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("FineTune") is not { } fineTune
                || WrittenSpec.Of(fineTune) is not { Spec: FineTuneSpec spec } written
                || ExperimentRules.Finite(spec.HeadLearningRateMultiplier) is not { } head
                || ExperimentRules.Finite(spec.BackboneLearningRateMultiplier) is not { } backbone
                || !(head > 0)
                || !(backbone >= 0)
                || head > backbone)
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.FineTuneMultipliers, fineTune.Index,
                written.FirstWritten(nameof(spec.HeadLearningRateMultiplier), nameof(spec.BackboneLearningRateMultiplier)),
                $"[FineTune] HeadLearningRateMultiplier = {ExperimentRules.Format(head)} is not above BackboneLearningRateMultiplier = {ExperimentRules.Format(backbone)}: "
                + "the new head starts from random weights and should learn faster than the pretrained encoder, e.g. 10 and 1"));
        }

        private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
