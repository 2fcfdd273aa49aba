using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    internal static class DinoSyntax
    {
        public static void Plan(DinoSpec spec, TrainerPlan plan)
        {
            // The DINO head takes the projector's place, so the teacher (the target network) copies it and follows it by EMA.
            plan.ProjectorType = Heads + "DinoHead";
            plan.ProjectorNew = $"new {plan.ProjectorType}({plan.EncoderOutputDim}, {Literal(spec.Hidden)}, {Literal(spec.Bottleneck)}, {Literal(spec.OutDim)})";
            plan.ProjectorComment = $"[Dino] head: MLP of width {Literal(spec.Hidden)} to {Literal(spec.Bottleneck)}, L2 norm, {Literal(spec.OutDim)} weight-normalised prototypes";
            plan.HasTargetNetwork = true;
            plan.TargetsOnGlobalViews = true; // the official teacher sees the global crops only
            plan.MomentumSchedule = (spec.MomentumStart, spec.MomentumEnd);
            int globalViews = plan.Spec.MultiCrop?.GlobalCount ?? plan.Spec.ViewCount;
            plan.ObjectiveType = Objectives + "DinoLoss";
            plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(spec.OutDim)}, ViewCount, {Literal(globalViews)}, studentTemperature: {Literal(spec.StudentTemperature)}, "
                + $"teacherTemperature: {Literal(spec.TeacherTemperature)}, warmupTeacherTemperature: {Literal(spec.WarmupTeacherTemperature)}, warmupTeacherEpochs: {Literal(spec.WarmupTeacherEpochs)}, "
                + $"centerMomentum: {Literal(spec.CenterMomentum)}, device: device)";
            plan.ObjectiveComment = $"[Dino] student (τ {Literal(spec.StudentTemperature)}) vs centred teacher (τ {Literal(spec.TeacherTemperature)}) on {Literal(globalViews)} global views, momentum {Literal(spec.MomentumStart)} -> {Literal(spec.MomentumEnd)} (cosine)";
            plan.ObjectiveDisposable = true;
            plan.ObjectiveState = "objective";
            plan.ObjectiveStateComment = "the teacher's centre, so that a resumed run continues with it";
            plan.Loss = new LossCall("objective.Compute", "projections", "targets") { Trailing = new[] { "CurrentEpoch", "ProcessGroup" } }; // the centre over every rank
        }
    }
}
