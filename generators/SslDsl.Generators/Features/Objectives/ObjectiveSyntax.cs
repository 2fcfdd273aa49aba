using System;
using SslDsl.Generators.Emit;

namespace SslDsl.Generators.Features
{
    /// <summary>Each objective's emission, by spec type (its X.Syntax.cs beside its X.cs).</summary>
    internal static class ObjectiveSyntax
    {
        public static void Plan(ObjectiveSpec objective, TrainerPlan plan)
        {
            switch (objective)
            {
                case SimClrSpec s: SimClrSyntax.Plan(s, plan); break;
                case MoCoSpec s: MoCoSyntax.Plan(s, plan); break;
                case ByolSpec s: ByolSyntax.Plan(s, plan); break;
                case SimSiamSpec: SimSiamSyntax.Plan(plan); break;
                case NnclrSpec nnclr: NnclrSyntax.Plan(nnclr, plan); break;
                case DinoSpec dino: DinoSyntax.Plan(dino, plan); break;
                case SwavSpec swav: SwavSyntax.Plan(swav, plan); break;
                case BarlowTwinsSpec s: BarlowTwinsSyntax.Plan(s, plan); break;
                case VicregSpec s: VicregSyntax.Plan(s, plan); break;
                case MaskedAutoencoderSpec s: MaskedAutoencoderSyntax.Plan(s, plan); break;
                case AutoencoderSpec: AutoencoderSyntax.Plan(plan); break;
                case RotationPredictionSpec: RotationPredictionSyntax.Plan(plan); break;
                case MaskedLanguageModelSpec s: MaskedLanguageModelSyntax.Plan(s, plan); break;
                case FutureWindowPredictionSpec s: FutureWindowPredictionSyntax.Plan(s, plan); break;
                case MaskedStreamReconstructionSpec s: MaskedStreamReconstructionSyntax.Plan(s, plan); break;
                default: throw new NotSupportedException($"objective {objective.GetType().Name} is not supported by this version of the generator");
            }
        }

        /// <summary>Per-sample input shape as a C# array expression, for decoders that reconstruct the whole input.</summary>
        public static string InputShape(TrainerPlan plan) => plan.Kind switch
        {
            Model.InputKind.Image => "new[] { InputChannels, InputHeight, InputWidth }",
            Model.InputKind.Sequence => "new[] { InputChannels, InputLength }",
            _ => throw new NotSupportedException("token inputs cannot be reconstructed by a linear decoder"),
        };
    }
}
