using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// DistilBERT's triple loss (Sanh et al. 2019; Hugging Face's <c>distillation/distiller.py</c> with <c>--mlm</c>):
    /// <c>SoftTargetWeight · T² · KL(softmax(t/T) ‖ softmax(s/T))</c> at the masked positions (the teacher's vocabulary
    /// distribution as soft targets), <c>+ MlmWeight · CE(s, labels)</c> at the same positions (the student's own MLM
    /// loss), <c>+ HiddenCosineWeight · mean(1 − cos(h_s, h_t))</c> over every position (the last hidden states aligned).
    /// The first two are means over the masked positions, the third over all positions.
    /// </summary>
    /// <remarks>
    /// The heads run at the masked positions only, as <see cref="MlmLoss"/>; the teacher's head runs without a graph. The
    /// T² factor keeps the soft-target gradients' scale independent of T (Hinton et al. 2015). On data-parallel ranks the
    /// masked-position means divide by the global count (<see cref="GlobalCount"/>), so the ranks' losses and averaged
    /// gradients equal one process's.
    /// </remarks>
    public sealed class DistillationLoss
    {
        /// <param name="temperature">Softmax temperature T of both distributions in the soft-target term (DistilBERT: 2).</param>
        /// <param name="softTargetWeight">Weight of the soft-target term (DistilBERT's alpha_ce: 5).</param>
        /// <param name="mlmWeight">Weight of the student's own MLM cross-entropy (alpha_mlm: 2).</param>
        /// <param name="hiddenCosineWeight">Weight of the hidden-state cosine term (alpha_cos: 1); needs equal widths.</param>
        public DistillationLoss(double temperature = SslDefaults.DistillTemperature, double softTargetWeight = SslDefaults.DistillSoftTargetWeight, double mlmWeight = SslDefaults.DistillMlmWeight, double hiddenCosineWeight = SslDefaults.DistillHiddenCosineWeight)
        {
            if (!(temperature > 0) || double.IsInfinity(temperature))
            {
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the distillation temperature must be finite and > 0");
            }

            CheckWeight(softTargetWeight, nameof(softTargetWeight));
            CheckWeight(mlmWeight, nameof(mlmWeight));
            CheckWeight(hiddenCosineWeight, nameof(hiddenCosineWeight));
            if (softTargetWeight + mlmWeight + hiddenCosineWeight == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(softTargetWeight), "every distillation weight is 0: the student would learn nothing");
            }

            Temperature = temperature;
            SoftTargetWeight = softTargetWeight;
            MlmWeight = mlmWeight;
            HiddenCosineWeight = hiddenCosineWeight;
        }

        public double Temperature { get; }

        public double SoftTargetWeight { get; }

        public double MlmWeight { get; }

        public double HiddenCosineWeight { get; }

        /// <summary>The weighted loss of one batch on one process; a scalar tensor.</summary>
        /// <param name="studentHead">The student's MLM head, <c>[S, D_s] → [S, V]</c> row by row.</param>
        /// <param name="studentHidden"><c>[B, T, D_s]</c> the student's last hidden states.</param>
        /// <param name="teacherHead">The teacher's MLM head, <c>[S, D_t] → [S, V]</c>; run without a graph.</param>
        /// <param name="teacherHidden"><c>[B, T, D_t]</c> the teacher's last hidden states (no graph).</param>
        /// <param name="labels">int64 <c>[B, T]</c>: the original id where a token was selected, −100 elsewhere.</param>
        public Tensor Compute(nn.Module<Tensor, Tensor> studentHead, Tensor studentHidden, nn.Module<Tensor, Tensor> teacherHead, Tensor teacherHidden, Tensor labels) =>
            Compute(studentHead, studentHidden, teacherHead, teacherHidden, labels, SingleProcessGroup.Instance);

        /// <summary>As the other overload; on several ranks this rank's share of the global batch's loss.</summary>
        public Tensor Compute(nn.Module<Tensor, Tensor> studentHead, Tensor studentHidden, nn.Module<Tensor, Tensor> teacherHead, Tensor teacherHidden, Tensor labels, IProcessGroup group)
        {
            ArgumentNullException.ThrowIfNull(studentHead);
            ArgumentNullException.ThrowIfNull(studentHidden);
            ArgumentNullException.ThrowIfNull(teacherHead);
            ArgumentNullException.ThrowIfNull(teacherHidden);
            ArgumentNullException.ThrowIfNull(labels);
            ArgumentNullException.ThrowIfNull(group);
            CheckShapes(studentHidden, teacherHidden, labels);
            using var scope = NewDisposeScope();
            (Tensor rows, Tensor targets) = MlmMasking.SelectedPositions(labels);
            Tensor studentLogits = studentHead.call(MlmMasking.RowsOf(studentHidden, rows)); // in the caller's precision region
            Tensor teacherLogits;
            using (no_grad())
            {
                teacherLogits = teacherHead.call(MlmMasking.RowsOf(teacherHidden, rows));
            }

            if (studentLogits.shape[1] != teacherLogits.shape[1])
            {
                throw new ArgumentException($"the student's head gives {studentLogits.shape[1]} logits and the teacher's {teacherLogits.shape[1]}: distillation needs one vocabulary", nameof(teacherHead));
            }

            using AutocastScope float32Region = LossPrecision.Float32Region(studentLogits); // the loss computes in float32 (mixed precision)
            studentLogits = LossPrecision.AtLeastFloat32(studentLogits);
            teacherLogits = LossPrecision.AtLeastFloat32(teacherLogits).to_type(studentLogits.dtype);
            Tensor count = GlobalCount.Of(rows.shape[0], studentLogits, group);
            Tensor loss = zeros(1, dtype: studentLogits.dtype, device: studentLogits.device).squeeze();
            if (SoftTargetWeight != 0)
            {
                Tensor studentLog = nn.functional.log_softmax(studentLogits.div(Temperature), 1);
                Tensor teacherLog = nn.functional.log_softmax(teacherLogits.div(Temperature), 1);
                Tensor kl = teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(); // Σ over rows and vocabulary
                loss = loss.add(kl.div(count).mul(SoftTargetWeight * Temperature * Temperature));
            }

            if (MlmWeight != 0)
            {
                Tensor summed = nn.functional.cross_entropy(studentLogits, targets, reduction: nn.Reduction.Sum);
                loss = loss.add(summed.div(count).mul(MlmWeight));
            }

            if (HiddenCosineWeight != 0)
            {
                Tensor s = LossPrecision.AtLeastFloat32(studentHidden).reshape(-1, studentHidden.shape[2]);
                Tensor t = LossPrecision.AtLeastFloat32(teacherHidden).reshape(-1, teacherHidden.shape[2]).to_type(s.dtype);
                Tensor cosine = nn.functional.cosine_similarity(s, t, dim: 1);
                loss = loss.add(cosine.neg().add(1).mean().mul(HiddenCosineWeight));
            }

            return loss.MoveToOuterDisposeScope();
        }

        private void CheckShapes(Tensor studentHidden, Tensor teacherHidden, Tensor labels)
        {
            if (studentHidden.dim() != 3 || teacherHidden.dim() != 3 || labels.dim() != 2 || labels.dtype != ScalarType.Int64
                || studentHidden.shape[0] != labels.shape[0] || studentHidden.shape[1] != labels.shape[1]
                || teacherHidden.shape[0] != labels.shape[0] || teacherHidden.shape[1] != labels.shape[1])
            {
                throw new ArgumentException(
                    $"distillation expects [B, T, D] student and teacher hidden states and int64 [B, T] labels, got [{string.Join(", ", studentHidden.shape)}], [{string.Join(", ", teacherHidden.shape)}] and {labels.dtype} [{string.Join(", ", labels.shape)}]",
                    nameof(labels));
            }

            if (HiddenCosineWeight != 0 && studentHidden.shape[2] != teacherHidden.shape[2])
            {
                throw new ArgumentException(
                    $"the hidden-state cosine compares widths {studentHidden.shape[2]} (student) and {teacherHidden.shape[2]} (teacher): they must be equal, or HiddenCosineWeight 0",
                    nameof(teacherHidden));
            }
        }

        private static void CheckWeight(double weight, string name)
        {
            if (!(weight >= 0) || double.IsInfinity(weight))
            {
                throw new ArgumentOutOfRangeException(name, weight, $"{name} must be finite and >= 0");
            }
        }
    }
}
