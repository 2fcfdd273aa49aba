using System;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Linq;
using SslDsl.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        private SslTrainer? teacher;
        private nn.Module? teacherHead;
        private nn.Module? studentHead;
        private bool initializeStudentFromTeacher;

        /// <summary>Whether <see cref="PrepareTeacher"/> ran since the teacher was set or a checkpoint loaded.</summary>
        private bool teacherPrepared;

        /// <summary>The teacher fingerprint a loaded checkpoint was trained with; checked at the next Fit.</summary>
        private string? checkpointTeacherFingerprint;

        /// <summary>
        /// [Distill]: makes <paramref name="trainedTeacher"/> this trainer's frozen teacher. It stays out of the optimizer
        /// and the checkpoint (which records its fingerprint); <c>Fit</c> refuses a teacher that has taken no optimizer step,
        /// and on a fresh run copies it into the student when <paramref name="initializeStudent"/>.
        /// </summary>
        /// <param name="trainedTeacher">The teacher experiment's trainer, on this trainer's device.</param>
        /// <param name="owned">Whether this trainer created it (then disposes it).</param>
        /// <param name="teacherMlmHead">The teacher's head, copied into <paramref name="studentMlmHead"/> with the encoder.</param>
        /// <param name="studentMlmHead">This trainer's head.</param>
        /// <param name="initializeStudent">DistilBERT's initialisation from every other teacher block.</param>
        protected TTeacher UseTeacher<TTeacher>(TTeacher trainedTeacher, bool owned, nn.Module teacherMlmHead, nn.Module studentMlmHead, bool initializeStudent)
            where TTeacher : SslTrainer
        {
            ArgumentNullException.ThrowIfNull(trainedTeacher);
            ArgumentNullException.ThrowIfNull(teacherMlmHead);
            ArgumentNullException.ThrowIfNull(studentMlmHead);
            if (ReferenceEquals(trainedTeacher, this))
            {
                throw new ArgumentException($"{Settings.Experiment} cannot be its own teacher", "teacher");
            }

            if (trainedTeacher.Device.type != Device.type || trainedTeacher.Device.index != Device.index)
            {
                throw new ArgumentException($"the teacher {trainedTeacher.Settings.Experiment} is on {trainedTeacher.Device}, the student {Settings.Experiment} on {Device}: create both on one device", "teacher");
            }

            teacher = trainedTeacher;
            teacherHead = teacherMlmHead;
            studentHead = studentMlmHead;
            initializeStudentFromTeacher = initializeStudent;
            if (owned)
            {
                Own(trainedTeacher);
            }

            RegisterState("distill", new TeacherFingerprintState(this));
            return trainedTeacher;
        }

        /// <summary>Before a Fit: the teacher is trained and the one the checkpoint was trained with; a fresh student starts from it.</summary>
        private void PrepareTeacher()
        {
            if (teacher is null)
            {
                return;
            }

            if (teacher.OptimizerSteps == 0)
            {
                throw new InvalidOperationException(
                    $"[Distill] the teacher {teacher.Settings.Experiment} has taken no optimizer step: pass the trained teacher to CreateTrainer(teacher: …) or load its checkpoint with trainer.Teacher.Load(path) before Fit");
            }

            string fingerprint = TeacherFingerprint();
            if (checkpointTeacherFingerprint is { } expected && expected != fingerprint)
            {
                throw new InvalidOperationException(
                    $"[Distill] this run's checkpoint was distilled from a teacher with other weights (fingerprint {expected}, the loaded teacher's is {fingerprint}): load the same teacher before resuming");
            }

            checkpointTeacherFingerprint = null; // checked once, after the load that brought it
            if (initializeStudentFromTeacher && OptimizerSteps == 0)
            {
                Objectives.StudentInitialisation.CopyFromTeacher(EncoderModule, teacher.EncoderModule, studentHead!, teacherHead!, teacher.Settings.Experiment, Settings.Experiment);
            }

            teacher.SetTraining(false); // frozen: no dropout or batch statistics of its own
            teacherPrepared = true;
        }

        /// <summary>XxHash64 of the teacher's encoder and head weights (names, shapes and bytes), as 16 hex digits.</summary>
        private string TeacherFingerprint()
        {
            var hash = new XxHash64();
            foreach (nn.Module module in new[] { teacher!.EncoderModule, teacherHead! })
            {
                foreach ((string name, Tensor value) in Pretrained.StagedWeights.EntriesOf(module).OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    hash.Append(System.Text.Encoding.UTF8.GetBytes(name + "[" + string.Join(",", value.shape) + "]"));
                    using Tensor host = value.detach().cpu().contiguous();
                    hash.Append(host.bytes);
                }
            }

            return Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant();
        }

        /// <summary>The checkpoint records the teacher's fingerprint; a restored run checks it at its next Fit.</summary>
        private sealed class TeacherFingerprintState : ICheckpointState
        {
            private readonly SslTrainer trainer;

            public TeacherFingerprintState(SslTrainer trainer) => this.trainer = trainer;

            public void Write(StateWriter writer, string prefix) => writer.Text(prefix + "teacher_fingerprint", trainer.TeacherFingerprint());

            public Action Stage(StateReader reader, string prefix)
            {
                string fingerprint = reader.Text(prefix + "teacher_fingerprint");
                return () =>
                {
                    trainer.checkpointTeacherFingerprint = fingerprint;
                    trainer.teacherPrepared = false;
                };
            }
        }
    }
}
