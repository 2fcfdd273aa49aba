using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    /// <summary>
    /// [Distill]: the teacher's trainer as a typed member, built before the student's seeded initialisation, made the
    /// runtime's frozen teacher after the student's modules, and the triple loss in place of the MLM loss.
    /// </summary>
    internal static class DistillSyntax
    {
        /// <summary>The teacher experiment's generated trainer type.</summary>
        public static string TeacherTrainer(DistillSpec spec) => spec.Teacher + ".Trainer";

        /// <summary>The <c>CreateTrainer</c> and constructor parameter (empty without [Distill]).</summary>
        public static string Parameter(DistillSpec? spec) => spec is null ? "" : $", {TeacherTrainer(spec)}? teacher = null";

        public static void EmitFields(CodeWriter w, DistillSpec spec)
        {
            w.Line($"/// <summary>[Distill] the teacher, {spec.TeacherName}: frozen (no gradients, not in the optimizer or the checkpoint); Fit needs it trained.</summary>")
             .Line($"public {TeacherTrainer(spec)} Teacher {{ get; }}")
             .Line();
        }

        public static void EmitLossField(CodeWriter w, DistillSpec spec) =>
            w.Line($"private readonly {Objectives}DistillationLoss distillation; // [Distill] DistilBERT's loss: {Literal(spec.SoftTargetWeight)} · soft targets at T = {Literal(spec.Temperature)} + {Literal(spec.MlmWeight)} · MLM + {Literal(spec.HiddenCosineWeight)} · hidden-state cosine");

        /// <summary>First in the constructor: the teacher's own seeded initialisation must not shift the student's draws.</summary>
        public static void EmitTeacherFirst(CodeWriter w, DistillSpec spec) =>
            w.Line($"{TeacherTrainer(spec)} trainedTeacher = teacher ?? {spec.Teacher}.CreateTrainer(device, seed); // [Distill] a new one is loaded with Teacher.Load(path) before Fit");

        /// <summary>After the student's modules: the runtime holds the teacher frozen, and copies it into a fresh student when asked.</summary>
        public static void EmitUseTeacher(CodeWriter w, DistillSpec spec)
        {
            w.Line($"Teacher = UseTeacher(trainedTeacher, owned: teacher is null, trainedTeacher.Head, Head, initializeStudent: {Literal(spec.InitializeFromTeacher)});{(spec.InitializeFromTeacher ? " // a fresh run starts from every other teacher block" : "")}")
             .Line($"distillation = new {Objectives}DistillationLoss(temperature: {Literal(spec.Temperature)}, softTargetWeight: {Literal(spec.SoftTargetWeight)}, mlmWeight: {Literal(spec.MlmWeight)}, hiddenCosineWeight: {Literal(spec.HiddenCosineWeight)});");
        }

        /// <summary>The MLM step with the teacher: both see the same corrupted tokens; the teacher without a graph.</summary>
        public static void PlanStep(TrainerPlan plan)
        {
            plan.SingleViewStep.Add("var (corrupted, labels) = objective.Apply(inputs, Generator);");
            plan.SingleViewStep.Add($"{Tensor} teacherHidden;");
            plan.SingleViewStep.Add($"using ({Torch}.no_grad()) {{ teacherHidden = Teacher.Encoder.ForwardTokens(corrupted); }} // [Distill] the frozen teacher");
            plan.SingleViewStep.Add($"{Tensor} loss = distillation.Compute(Head, Encoder.ForwardTokens(corrupted), Teacher.Head, teacherHidden, labels, ProcessGroup); // heads at the selected positions only; every rank's positions count");
        }
    }
}
