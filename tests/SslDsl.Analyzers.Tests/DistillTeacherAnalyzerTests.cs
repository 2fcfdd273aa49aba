using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.DistillTeacherAnalyzer>;
using VerifyRange = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.HyperparameterRangeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>SSL0033: the [Distill] teacher must fit its student; SSL0006: the distillation weights and temperature.</summary>
    public class DistillTeacherAnalyzerTests
    {
        private const string Teacher = """
            [SslExperiment]
            [TokenInput(VocabSize = 1000, Length = 64)]
            [TransformerEncoder(Dim = 128, Depth = 4, Heads = 4)]
            [MaskedLanguageModel]
            [AdamW(LearningRate = 1e-3)]
            [Training(BatchSize = 32, Epochs = 1)]
            public partial class Teacher { }

            """;

        private static string Source(string distill, string studentEncoder = "[TransformerEncoder(Dim = 128, Depth = 2, Heads = 4)]", string teacher = Teacher, string studentInput = "[TokenInput(VocabSize = 1000, Length = 64)]") =>
            "using SslDsl;\n\n" + teacher + $$"""
            [SslExperiment]
            {{studentInput}}
            {{studentEncoder}}
            [MaskedLanguageModel]
            {{distill}}
            [AdamW(LearningRate = 1e-3)]
            [Training(BatchSize = 32, Epochs = 1)]
            public partial class Student { }

            public class NotAnExperiment { }
            """;

        [Theory]
        [InlineData("[Distill(typeof(Teacher))]")]
        [InlineData("[Distill(typeof(Teacher), Temperature = 4, SoftTargetWeight = 1, MlmWeight = 0, HiddenCosineWeight = 0)]")]
        public Task A_half_depth_student_of_a_fitting_teacher_is_not_reported(string distill) => Verify.VerifyAsync(Source(distill));

        [Fact]
        public Task A_narrower_student_without_cosine_or_initialisation_is_not_reported() =>
            Verify.VerifyAsync(Source("[Distill(typeof(Teacher), HiddenCosineWeight = 0, InitializeFromTeacher = false)]", "[TransformerEncoder(Dim = 64, Depth = 1, Heads = 2)]"));

        [Fact]
        public Task A_teacher_that_is_not_an_experiment_is_reported_at_the_type() =>
            Verify.VerifyAsync(
                Source("[Distill({|#0:typeof(NotAnExperiment)|})]"),
                new DiagnosticResult(DiagnosticDescriptors.DistillTeacher).WithLocation(0).WithMessage(
                    "[Distill] typeof(NotAnExperiment) is not an [SslExperiment] class: the teacher must be a trained experiment with [MaskedLanguageModel]"));

        [Fact]
        public Task A_student_that_is_its_own_teacher_is_reported() =>
            Verify.VerifyAsync(
                Source("[Distill({|#0:typeof(Student)|})]"),
                new DiagnosticResult(DiagnosticDescriptors.DistillTeacher).WithLocation(0).WithMessage(
                    "[Distill] Student names itself as its teacher: distil from another, larger experiment"));

        [Fact]
        public Task A_teacher_with_another_objective_is_reported() =>
            Verify.VerifyAsync(
                Source("[Distill({|#0:typeof(Teacher)|})]", teacher: Teacher.Replace("[MaskedLanguageModel]", "[Autoencoder]")),
                new DiagnosticResult(DiagnosticDescriptors.DistillTeacher).WithLocation(0).WithMessage(
                    "[Distill] the teacher Teacher must declare [MaskedLanguageModel], [TokenInput] and [TransformerEncoder]; it declares [Autoencoder], [TokenInput], [TransformerEncoder]"));

        [Fact]
        public Task A_teacher_with_another_vocabulary_is_reported() =>
            Verify.VerifyAsync(
                Source("[Distill({|#0:typeof(Teacher)|})]", teacher: Teacher.Replace("VocabSize = 1000", "VocabSize = 2000")),
                new DiagnosticResult(DiagnosticDescriptors.DistillTeacher).WithLocation(0).WithMessage(
                    "[Distill] the teacher Teacher has a vocabulary of 2000 tokens and this experiment 1000: teacher and student must share one tokenizer"));

        [Fact]
        public Task A_teacher_that_reads_shorter_sequences_is_reported() =>
            Verify.VerifyAsync(
                Source("[Distill({|#0:typeof(Teacher)|}, InitializeFromTeacher = false)]", studentInput: "[TokenInput(VocabSize = 1000, Length = 128)]"),
                new DiagnosticResult(DiagnosticDescriptors.DistillTeacher).WithLocation(0).WithMessage(
                    "[Distill] the teacher Teacher reads at most 64 tokens and this experiment's sequences have 128: give the teacher at least the student's [TokenInput] Length"));

        [Fact]
        public Task The_cosine_between_different_widths_is_reported_at_its_weight() =>
            Verify.VerifyAsync(
                Source("[Distill(typeof(Teacher), {|#0:HiddenCosineWeight = 2|}, InitializeFromTeacher = false)]", "[TransformerEncoder(Dim = 64, Depth = 2, Heads = 4)]"),
                new DiagnosticResult(DiagnosticDescriptors.DistillTeacher).WithLocation(0).WithMessage(
                    "[Distill] HiddenCosineWeight = 2 compares hidden states of width 64 (student) and 128 (teacher Teacher): give both one Dim, or set HiddenCosineWeight = 0"));

        [Fact]
        public Task Initialising_a_deeper_student_from_its_teacher_is_reported_at_the_attribute() =>
            Verify.VerifyAsync(
                Source("[{|#0:Distill(typeof(Teacher))|}]", "[TransformerEncoder(Dim = 128, Depth = 6, Heads = 4)]"),
                new DiagnosticResult(DiagnosticDescriptors.DistillTeacher).WithLocation(0).WithMessage(
                    "[Distill] InitializeFromTeacher copies the teacher Teacher into the student, which has Depth 6, deeper than the teacher's 4: match the teacher's width, heads and length with at most its depth, or set InitializeFromTeacher = false"));

        [Fact]
        public Task Initialising_a_student_with_other_heads_is_reported_at_the_option() =>
            Verify.VerifyAsync(
                Source("[Distill(typeof(Teacher), HiddenCosineWeight = 1, {|#0:InitializeFromTeacher = true|})]", "[TransformerEncoder(Dim = 128, Depth = 2, Heads = 8)]"),
                new DiagnosticResult(DiagnosticDescriptors.DistillTeacher).WithLocation(0).WithMessage(
                    "[Distill] InitializeFromTeacher copies the teacher Teacher into the student, which has Heads 8 against the teacher's 4: match the teacher's width, heads and length with at most its depth, or set InitializeFromTeacher = false"));

        [Theory]
        [InlineData("[Distill(typeof(Teacher), {|#0:Temperature = 0|})]", "[Distill] Temperature = 0 is out of range: Temperature must be > 0")]
        [InlineData("[Distill(typeof(Teacher), {|#0:MlmWeight = -1|})]", "[Distill] MlmWeight = -1 is out of range: MlmWeight must be >= 0 (0 drops the student's own MLM loss)")]
        [InlineData("[Distill(typeof(Teacher), {|#0:SoftTargetWeight = 0|}, MlmWeight = 0, HiddenCosineWeight = 0)]", "[Distill] SoftTargetWeight, MlmWeight and HiddenCosineWeight are all 0: the student would learn nothing; keep at least one above 0")]
        public Task Out_of_range_values_are_reported(string distill, string message) =>
            VerifyRange.VerifyAsync(Source(distill), new DiagnosticResult(DiagnosticDescriptors.OutOfRange).WithLocation(0).WithMessage(message));
    }
}
