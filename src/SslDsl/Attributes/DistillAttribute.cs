using System;

namespace SslDsl
{
    /// <summary>
    /// Knowledge distillation (DistilBERT, Sanh et al. 2019): this experiment's encoder, a smaller student, learns from
    /// a trained <c>[SslExperiment]</c> teacher with the same objective. With <see cref="MaskedLanguageModelAttribute"/>
    /// the loss is DistilBERT's triple loss: the teacher's vocabulary distribution at the masked positions as soft
    /// targets (temperature <see cref="Temperature"/>), the student's own MLM loss, and the cosine between the last hidden
    /// states. The teacher is frozen: it runs without gradients and is not in the checkpoint (pass the trained teacher to
    /// <c>CreateTrainer(teacher: …)</c>, or load it with <c>trainer.Teacher.Load(path)</c> before <c>Fit</c>). See
    /// docs/distillation.md.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class DistillAttribute : Attribute
    {
        /// <param name="teacher">The teacher experiment: an <c>[SslExperiment]</c> class with <c>[MaskedLanguageModel]</c>,
        /// <c>[TokenInput]</c> of the same vocabulary and <c>[TransformerEncoder]</c>.</param>
        public DistillAttribute(Type teacher)
        {
            Teacher = teacher;
        }

        /// <summary>The teacher experiment.</summary>
        public Type Teacher { get; }

        /// <summary>Softmax temperature of the soft targets (DistilBERT: 2).</summary>
        public double Temperature { get; set; } = SslDefaults.DistillTemperature;

        /// <summary>Weight of the soft-target cross-entropy, scaled by Temperature² (DistilBERT's alpha_ce: 5).</summary>
        public double SoftTargetWeight { get; set; } = SslDefaults.DistillSoftTargetWeight;

        /// <summary>Weight of the student's own MLM loss on the true tokens (alpha_mlm: 2).</summary>
        public double MlmWeight { get; set; } = SslDefaults.DistillMlmWeight;

        /// <summary>Weight of 1 − cosine between the student's and the teacher's last hidden states (alpha_cos: 1); needs equal widths.</summary>
        public double HiddenCosineWeight { get; set; } = SslDefaults.DistillHiddenCosineWeight;

        /// <summary>
        /// Start the student from the teacher (DistilBERT): embeddings, final norm and MLM head copied, and student block
        /// i from teacher block i·depth_t/depth_s (every other block for half the depth). Needs the teacher's width,
        /// heads and length.
        /// </summary>
        public bool InitializeFromTeacher { get; set; } = SslDefaults.DistillInitializeFromTeacher;
    }
}
