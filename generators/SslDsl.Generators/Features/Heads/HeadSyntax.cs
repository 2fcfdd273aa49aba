using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    /// <summary>Construction of the projector and predictor heads.</summary>
    internal static class HeadSyntax
    {
        public static void Plan(ProjectorSpec? projector, PredictorSpec? predictor, TrainerPlan plan)
        {
            if (projector is { } p)
            {
                plan.ProjectorNew = $"new {Heads}ProjectionHead({plan.EncoderOutputDim}, {Literal(p.Hidden)}, {Literal(p.Output)}, {Literal(p.Layers)})";
                plan.ProjectorComment = $"[Projector] {Literal(p.Layers)} layers, hidden {Literal(p.Hidden)}, output {Literal(p.Output)}";
            }

            if (predictor is { } q)
            {
                string output = q.Output == 0 ? plan.ProjectionDim : Literal(q.Output);
                plan.PredictorNew = $"new {Heads}ProjectionHead({plan.ProjectionDim}, {Literal(q.Hidden)}, {output}, 2)";
                plan.PredictorComment = $"[Predictor] hidden {Literal(q.Hidden)}, output {(q.Output == 0 ? "= projector output" : Literal(q.Output))}";
            }
        }
    }
}
