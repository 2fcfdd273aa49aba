using SslDsl.Generators.Features;

namespace SslDsl.Generators.Emit
{
    /// <summary>Decides the code pieces of the trainer from the spec, feature by feature (constants folded in).</summary>
    internal static partial class TrainerEmitter
    {
        internal static TrainerPlan Plan(ExperimentSpec spec)
        {
            var plan = new TrainerPlan(spec);
            if (spec.Objective is FutureWindowPredictionSpec future)
            {
                plan.EncoderLength = future.ContextFor(plan.Length);
            }

            // Order matters: heads read the encoder's width, objectives the projection's.
            EncoderSyntax.Plan(spec.Encoder, plan);
            AugmentationSyntax.Plan(spec, plan);
            if (spec.Objective is JointEmbeddingObjectiveSpec)
            {
                HeadSyntax.Plan(spec.Projector, null, plan);
            }

            ObjectiveSyntax.Plan(spec.Objective, plan);
            HeadSyntax.Plan(null, spec.Predictor, plan);
            OptimizerSyntax.Plan(spec.Optimizer, plan);
            return plan;
        }
    }
}
