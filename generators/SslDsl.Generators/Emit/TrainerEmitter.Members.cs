using System.Linq;
using SslDsl.Generators.Features;
using SslDsl.Generators.Model;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Emit
{
    /// <summary>The trainer's modules, augmentations and objective: fields, construction, and the EMA hook.</summary>
    internal static partial class TrainerEmitter
    {
        private static void EmitFields(CodeWriter w, TrainerPlan plan)
        {
            w.Line($"/// <summary>{plan.EncoderComment}.</summary>")
             .Line($"public {plan.EncoderType} Encoder {{ get; }}")
             .Line();
            if (plan.ProjectorNew is not null)
            {
                w.Line($"/// <summary>{plan.ProjectorComment}.</summary>")
                 .Line($"public {plan.ProjectorType} Projector {{ get; }}")
                 .Line();
            }

            if (plan.PredictorNew is not null)
            {
                w.Line($"/// <summary>{plan.PredictorComment}.</summary>")
                 .Line("public global::SslDsl.Heads.ProjectionHead Predictor { get; }")
                 .Line();
            }

            if (plan.HeadType is not null)
            {
                w.Line($"/// <summary>{plan.HeadComment}.</summary>")
                 .Line($"public {plan.HeadType} Head {{ get; }}")
                 .Line();
            }

            if (plan.Spec.Distill is { } distill)
            {
                DistillSyntax.EmitFields(w, distill);
            }

            if (plan.HasTargetNetwork)
            {
                w.Line("/// <summary>Momentum (EMA) copy of <see cref=\"Encoder\"/> that encodes the targets; not trained by the optimizer.</summary>")
                 .Line($"public {plan.EncoderType} TargetEncoder {{ get; }}")
                 .Line();
                if (plan.ProjectorNew is not null)
                {
                    w.Line("/// <summary>Momentum (EMA) copy of <see cref=\"Projector\"/>.</summary>")
                     .Line($"public {plan.ProjectorType} TargetProjector {{ get; }}")
                     .Line();
                }
            }

            if (plan.Spec.MultiCrop is { } crop)
            {
                w.Line($"private readonly global::SslDsl.Augmentations.RandomResizedCrop globalCrop; // [MultiCrop] global: {Literal(crop.GlobalSize)} px, area [{Literal(crop.GlobalMinScale)}, 1]")
                 .Line($"private readonly global::SslDsl.Augmentations.RandomResizedCrop localCrop; // [MultiCrop] local: {Literal(crop.LocalSize)} px, area [{Literal(crop.LocalMinScale)}, {Literal(crop.GlobalMinScale)}]");
            }

            foreach (AugmentationPlan a in plan.Augmentations.Where(a => a.Method is null))
            {
                w.Line($"private readonly {a.Type} {a.Field}; // {a.Comment}{(a.View >= 0 ? " on view " + Literal(a.View) : "")}");
            }

            w.Line(plan.ObjectiveType is null
                ? $"// {plan.ObjectiveComment}: stateless, called directly in Step"
                : $"private readonly {plan.ObjectiveType} objective; // {plan.ObjectiveComment}");
            if (plan.Spec.Distill is { } lossOf)
            {
                DistillSyntax.EmitLossField(w, lossOf);
            }

            if (plan.HasTargetNetwork)
            {
                w.Line("private readonly global::SslDsl.Objectives.MomentumUpdater momentum; // target <- m * target + (1 - m) * online, after each optimizer step");
            }

            w.Line();
        }

        private static void EmitConstructor(CodeWriter w, TrainerPlan plan)
        {
            w.Line(NonUserCode)
             .Line($"internal Trainer({Torch}.Device device, int seed{(plan.Spec.Distill is { } distill ? $", {DistillSyntax.TeacherTrainer(distill)}? teacher" : "")})");
            w.Block("    : base(ExperimentSettings, device, seed)", () =>
            {
                w.Line("// Initialisation draws from the global generator: the lock keeps trainers built on other threads from drawing in between.");
                w.Block("lock (global::SslDsl.Training.SeededInitialisation.Lock)", () => EmitConstructorBody(w, plan));
            });
            w.Line();
        }

        private static void EmitConstructorBody(CodeWriter w, TrainerPlan plan)
        {
            if (plan.Spec.Distill is { } distill)
            {
                DistillSyntax.EmitTeacherFirst(w, distill);
            }

            w.Line($"{Torch}.manual_seed(seed); // deterministic initialisation")
             .Line(plan.CustomEncoderOutputDim is null
                ? $"Encoder = RegisterEncoder({plan.EncoderNew});"
                : $"Encoder = RegisterEncoder({plan.EncoderNew}, EncoderOutputDim);");
            if (plan.ProjectorNew is not null)
            {
                w.Line($"Projector = Register(\"projector\", {plan.ProjectorNew});");
            }

            if (plan.Spec.MultiCrop is { } crop)
            {
                w.Line($"globalCrop = new global::SslDsl.Augmentations.RandomResizedCrop({Literal(crop.GlobalSize)}, {Literal(crop.GlobalSize)}, {Literal(crop.GlobalMinScale)}, 1.0, {Literal(SslDefaults.CropMinRatio)}, {Literal(SslDefaults.CropMaxRatio)}, 1.0);")
                 .Line($"localCrop = new global::SslDsl.Augmentations.RandomResizedCrop({Literal(crop.LocalSize)}, {Literal(crop.LocalSize)}, {Literal(crop.LocalMinScale)}, {Literal(crop.GlobalMinScale)}, {Literal(SslDefaults.CropMinRatio)}, {Literal(SslDefaults.CropMaxRatio)}, 1.0);");
            }

            foreach (AugmentationPlan a in plan.Augmentations.Where(a => a.Method is null))
            {
                w.Line(a.OwnsTensors ? $"{a.Field} = Own({a.New});" : $"{a.Field} = {a.New};");
            }

            if (plan.HeadType is not null)
            {
                w.Line($"Head = Register(\"head\", {plan.HeadNew});");
            }

            if (plan.PredictorNew is not null)
            {
                w.Line($"Predictor = Register(\"predictor\", {plan.PredictorNew});");
            }

            if (plan.HasTargetNetwork)
            {
                w.Line("// The target network starts as a copy of the online one and follows it by EMA only.")
                 .Line($"TargetEncoder = Register(\"target_encoder\", {plan.EncoderNew});");
                if (plan.ProjectorNew is not null)
                {
                    w.Line($"TargetProjector = Register(\"target_projector\", {plan.ProjectorNew});")
                     .Line("momentum = FollowByMomentum(new global::TorchSharp.torch.nn.Module[] { Encoder, Projector }, new global::TorchSharp.torch.nn.Module[] { TargetEncoder, TargetProjector });");
                }
                else
                {
                    w.Line("momentum = FollowByMomentum(new global::TorchSharp.torch.nn.Module[] { Encoder }, new global::TorchSharp.torch.nn.Module[] { TargetEncoder });");
                }
            }

            if (plan.ObjectiveType is not null)
            {
                w.Line(plan.ObjectiveDisposable ? $"objective = Own({plan.ObjectiveNew});" : $"objective = {plan.ObjectiveNew};");
            }

            if (plan.ObjectiveState is { } state)
            {
                w.Line($"RegisterState(\"objective\", {state}); // {plan.ObjectiveStateComment}");
            }

            foreach (string line in plan.ObjectiveSetup)
            {
                w.Line(line);
            }

            if (plan.Spec.Distill is { } teacherOf)
            {
                DistillSyntax.EmitUseTeacher(w, teacherOf);
            }

            var trained = new System.Collections.Generic.List<string> { "Encoder" };
            if (plan.ProjectorNew is not null)
            {
                trained.Add("Projector");
            }

            if (plan.PredictorNew is not null)
            {
                trained.Add("Predictor");
            }

            if (plan.HeadType is not null)
            {
                trained.Add("Head");
            }

            w.Line($"UseOptimizer(new {plan.OptimizerType}(ParametersOf({string.Join(", ", trained)}), {plan.OptimizerArguments}));");
        }

        /// <summary>After each optimizer step: the target network's EMA update, where there is one.</summary>
        private static void EmitAfterOptimizerStep(CodeWriter w, TrainerPlan plan)
        {
            if (!plan.HasTargetNetwork)
            {
                return;
            }

            w.Line();
            w.Line("/// <summary>The target network follows the online one (EMA) after each optimizer step.</summary>");
            w.Line(NonUserCode);
            w.Line(plan.MomentumSchedule is { } schedule
                ? $"protected override void AfterOptimizerStep() => momentum.Update(CosineMomentum({Literal(schedule.Start)}, {Literal(schedule.End)}));"
                : $"protected override void AfterOptimizerStep() => momentum.Update({Literal(plan.ConstantMomentum)});");
        }
    }
}
