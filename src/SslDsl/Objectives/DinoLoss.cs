using System;
using SslDsl.Distributed;
using SslDsl.Training;
using SslDsl.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// DINO's self-distillation loss (Caron et al. 2021, Algorithm 1 and the official <c>DINOLoss</c>). The teacher's
    /// outputs on the global views are centred and sharpened, <c>q = softmax((t − c) / τ_t)</c> (no gradient); the
    /// student's outputs on every view give <c>log p = log_softmax(s / τ_s)</c>; the loss is the mean over the pairs
    /// (teacher global view a, student view v ≠ a) of the batch mean of <c>−Σ_k q_a · log p_v</c>. Afterwards the centre
    /// follows the teacher's batch mean, <c>c ← m·c + (1 − m)·mean(t)</c> (over every rank's rows: a global statistic).
    /// The teacher temperature rises linearly from <see cref="WarmupTeacherTemperature"/> to
    /// <see cref="TeacherTemperature"/> over the first <see cref="WarmupTeacherEpochs"/> epochs, as the official
    /// per-epoch schedule. Inputs are <c>[V·N, K]</c> view-major, the global views first; the teacher's may be its
    /// global views only, <c>[G·N, K]</c> (the generated trainer runs the teacher on the global crops alone).
    /// </summary>
    public sealed class DinoLoss : ICheckpointState, IDisposable
    {
        private readonly Tensor center;

        public DinoLoss(int outputDim, int views, int globalViews, double studentTemperature = 0.1, double teacherTemperature = 0.04,
            double warmupTeacherTemperature = 0.04, int warmupTeacherEpochs = 0, double centerMomentum = 0.9, Device? device = null)
        {
            if (outputDim < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(outputDim), outputDim, "DINO needs at least one output dimension");
            }

            if (globalViews < 1 || views < 2 || globalViews > views)
            {
                throw new ArgumentOutOfRangeException(nameof(globalViews), globalViews, $"DINO compares every view with the other global views: it needs at least two views and 1 … {views} global ones");
            }

            Positive(studentTemperature, nameof(studentTemperature));
            Positive(teacherTemperature, nameof(teacherTemperature));
            Positive(warmupTeacherTemperature, nameof(warmupTeacherTemperature));
            if (warmupTeacherEpochs < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(warmupTeacherEpochs), warmupTeacherEpochs, "must be >= 0");
            }

            if (!(centerMomentum >= 0 && centerMomentum < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(centerMomentum), centerMomentum, "the centre momentum must be in [0, 1)");
            }

            OutputDim = outputDim;
            Views = views;
            GlobalViews = globalViews;
            StudentTemperature = studentTemperature;
            TeacherTemperature = teacherTemperature;
            WarmupTeacherTemperature = warmupTeacherTemperature;
            WarmupTeacherEpochs = warmupTeacherEpochs;
            CenterMomentum = centerMomentum;
            center = zeros(new long[] { 1, outputDim }, device: device).DetachFromDisposeScope();
        }

        public int OutputDim { get; }

        /// <summary>Views per sample in the inputs: the global ones first, then the local ones.</summary>
        public int Views { get; }

        public int GlobalViews { get; }

        public double StudentTemperature { get; }

        public double TeacherTemperature { get; }

        public double WarmupTeacherTemperature { get; }

        public int WarmupTeacherEpochs { get; }

        public double CenterMomentum { get; }

        /// <summary>The teacher's centre <c>[1, K]</c>, owned by this loss (starts at zero; saved in checkpoints).</summary>
        public Tensor Center => center;

        /// <summary>The teacher temperature of <paramref name="epoch"/> (0-based): the warm-up's linear ramp, then constant.</summary>
        public double TeacherTemperatureAt(int epoch) =>
            epoch >= WarmupTeacherEpochs || WarmupTeacherEpochs == 0
                ? TeacherTemperature
                : WarmupTeacherTemperature + ((TeacherTemperature - WarmupTeacherTemperature) * epoch / Math.Max(1, WarmupTeacherEpochs - 1));

        public Tensor Compute(Tensor student, Tensor teacher, int epoch) => Compute(student, teacher, epoch, SingleProcessGroup.Instance);

        /// <summary>
        /// The loss over this rank's rows (a per-sample mean, so averaging the ranks' gradients is exact); the centre is
        /// updated with the mean of every rank's teacher outputs (one all-reduce), so it stays the same on all ranks.
        /// </summary>
        public Tensor Compute(Tensor student, Tensor teacher, int epoch, IProcessGroup group)
        {
            ArgumentNullException.ThrowIfNull(group);
            using AutocastScope float32Region = LossPrecision.Float32Region(student); // the loss computes in float32 (mixed precision)
            student = LossPrecision.AtLeastFloat32(student);
            teacher = LossPrecision.AtLeastFloat32(teacher);
            long samples = Validate(student, teacher);
            using var scope = NewDisposeScope();
            Tensor t = teacher.detach().narrow(0, 0, GlobalViews * samples);
            Tensor centred = t.sub(center.to_type(t.dtype));
            Tensor q = nn.functional.softmax(centred.div(TeacherTemperatureAt(epoch)), 1).view(GlobalViews, samples, OutputDim);
            Tensor logP = nn.functional.log_softmax(student.div(StudentTemperature), 1).view(Views, samples, OutputDim);

            // Σ over pairs (a, v ≠ a) of the batch mean of −Σ_k q_a log p_v: all pairs at once, minus the matching views.
            Tensor crossAll = q.sum(new long[] { 0 }).mul(logP).sum(new long[] { 2 });                 // [V, N]: Σ_a q_a · log p_v
            Tensor same = q.mul(logP.narrow(0, 0, GlobalViews)).sum(new long[] { 2 });                  // [G, N]: the pairs v = a
            long pairs = (GlobalViews * Views) - GlobalViews;
            Tensor loss = crossAll.sum().sub(same.sum()).div(-(double)(pairs * samples));

            UpdateCenter(t, group);
            return loss.MoveToOuterDisposeScope();
        }

        /// <summary><c>c ← m·c + (1 − m)·mean(t)</c> over every rank's global-view rows.</summary>
        private void UpdateCenter(Tensor teacherRows, IProcessGroup group)
        {
            using var noGrad = no_grad();
            Tensor sum = teacherRows.sum(new long[] { 0 }, keepdim: true).to_type(center.dtype);
            double rows = teacherRows.shape[0];
            if (group.Size > 1)
            {
                group.AllReduceSum(sum);
                rows *= group.Size;
            }

            center.mul_(CenterMomentum).add_(sum.div_(rows), alpha: 1 - CenterMomentum);
        }

        private long Validate(Tensor student, Tensor teacher)
        {
            // dim() first: a 0-D tensor has no shape[0]
            if (student.dim() != 2 || student.shape[1] != OutputDim || teacher.dim() != 2 || teacher.shape[1] != OutputDim
                || (teacher.shape[0] != student.shape[0] && teacher.shape[0] * Views != student.shape[0] * GlobalViews))
            {
                throw new ArgumentException(
                    $"DINO expects student outputs as [V·N, {OutputDim}] (views view-major, the global views first) and teacher outputs for all V or the {GlobalViews} global views, got [{PairedViews.Shape(student)}] and [{PairedViews.Shape(teacher)}]",
                    nameof(teacher));
            }

            if (student.shape[0] % Views != 0 || student.shape[0] == 0)
            {
                throw new ArgumentException($"DINO expects {Views} views of N samples stacked view-major, got {student.shape[0]} rows", nameof(student));
            }

            return student.shape[0] / Views;
        }

        public void Write(StateWriter writer, string prefix) => writer.Tensor(prefix + "center", center);

        public Action Stage(StateReader reader, string prefix)
        {
            var copies = new StagedCopies();
            copies.Add(center, reader, prefix + "center");
            return copies.CopyIn;
        }

        public void Dispose() => center.Dispose();

        private static void Positive(double value, string name)
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "DINO's temperatures must be finite and > 0");
            }
        }
    }
}
