using System.Diagnostics;
using BrownMlm;
using SslDsl.Evaluation;
using SslDsl.Objectives;
using SslDsl.Training;
using static TorchSharp.torch;

/// <summary>
/// <c>--distill</c>: DistilBERT on the Brown corpus. The pretrained <see cref="BrownTransformerMlm"/> teaches a
/// half-depth student (<see cref="BrownDistilledMlm"/>) for the same epochs; the student's network trained alone
/// (<see cref="BrownSmallMlm"/>) shows what the teacher adds. All three are scored as the main run scores the teacher,
/// and the encoders' inference speed is measured side by side, interleaved, on the test chunks.
/// </summary>
internal static class DistillationRun
{
    /// <summary>Rounds of the interleaved speed measurement; the fastest of each encoder counts.</summary>
    private const int SpeedRounds = 3;

    public static Dictionary<string, object?> Run(
        BrownTransformerMlm.Trainer teacher, PretrainReport teacherReport, MaskedTokenScore teacherScore, SampleRun.ProbeRow teacherProbe,
        ChunkSet train, ChunkSet test, int genres, MlmMasking masking, long maskSeed, SampleOptions options, Device device)
    {
        Console.WriteLine();
        Console.WriteLine($"Distillation: a half-depth student (1 block) of the teacher above, {options.Epochs} epoch(s), against the same student trained alone");
        using BrownDistilledMlm.Trainer student = BrownDistilledMlm.CreateTrainer(device, options.Seed, teacher);
        student.ReportDirectory = Path.Combine(options.Output, "brown-mlm-distilled-report");
        PretrainReport distilled = student.Fit(train.Tokens, options.Epochs, options.Budget);
        using BrownSmallMlm.Trainer alone = BrownSmallMlm.CreateTrainer(device, options.Seed);
        alone.ReportDirectory = Path.Combine(options.Output, "brown-mlm-small-report");
        PretrainReport aloneReport = alone.Fit(train.Tokens, options.Epochs, options.Budget);

        MaskedTokenScore studentScore = MaskedLanguageModelEvaluation.Evaluate(student.Encoder, student.Head, masking, test.Tokens, maskSeed);
        MaskedTokenScore aloneScore = MaskedLanguageModelEvaluation.Evaluate(alone.Encoder, alone.Head, masking, test.Tokens, maskSeed);
        SampleRun.ProbeRow studentProbe = SampleRun.ProbeEncoder(student, train, test, genres, options, "distilled student");
        SampleRun.ProbeRow aloneProbe = SampleRun.ProbeEncoder(alone, train, test, genres, options, "student network alone");
        (double teacherRate, double studentRate) = EncodingRates(teacher, student, test.Tokens);
        long teacherParameters = Parameters(teacher.Encoder), studentParameters = Parameters(student.Encoder);

        Console.WriteLine();
        Console.WriteLine($"distillation ({test.Count:N0} test chunks)          blocks  encoder params  chunks/s  masked acc  perplexity  genre ({genres})  inf./imag.  pretraining s");
        Row("teacher (MLM)", 2, teacherParameters, teacherRate, teacherScore, teacherProbe, teacherReport);
        Row("distilled student", 1, studentParameters, studentRate, studentScore, studentProbe, distilled);
        Row("student network alone (MLM)", 1, studentParameters, studentRate, aloneScore, aloneProbe, aloneReport);
        double speedup = studentRate / teacherRate;
        Console.WriteLine($"The student encodes {speedup:0.00}× as fast with {(double)studentParameters / teacherParameters:P0} of the encoder's parameters and keeps "
            + $"{studentProbe.GenreText / teacherProbe.GenreText:P0} of the teacher's genre accuracy ({studentProbe.GenreText:P1} vs {teacherProbe.GenreText:P1}; alone: {aloneProbe.GenreText:P1}).");

        return new Dictionary<string, object?>
        {
            ["distill_epochs"] = distilled.Epochs.Count,
            ["distill_steps"] = distilled.Steps,
            ["distill_pretrain_seconds"] = Math.Round(distilled.Seconds, 1),
            ["distill_alone_pretrain_seconds"] = Math.Round(aloneReport.Seconds, 1),
            ["distill_teacher_encoder_parameters"] = teacherParameters,
            ["distill_student_encoder_parameters"] = studentParameters,
            ["distill_teacher_chunks_per_second"] = Math.Round(teacherRate, 1),
            ["distill_student_chunks_per_second"] = Math.Round(studentRate, 1),
            ["distill_speedup"] = Math.Round(speedup, 3),
            ["distill_mlm_accuracy_student"] = Math.Round(studentScore.Accuracy, 4),
            ["distill_mlm_accuracy_alone"] = Math.Round(aloneScore.Accuracy, 4),
            ["distill_perplexity_student"] = Math.Round(studentScore.Perplexity, 2),
            ["distill_perplexity_alone"] = Math.Round(aloneScore.Perplexity, 2),
            ["distill_genre_student_top1"] = Math.Round(studentProbe.GenreText, 4),
            ["distill_genre_alone_top1"] = Math.Round(aloneProbe.GenreText, 4),
            ["distill_coarse_student_top1"] = Math.Round(studentProbe.CoarseText, 4),
            ["distill_coarse_alone_top1"] = Math.Round(aloneProbe.CoarseText, 4),
        };
    }

    private static void Row(string name, int blocks, long parameters, double rate, MaskedTokenScore score, SampleRun.ProbeRow probe, PretrainReport report) =>
        Console.WriteLine($"  {name,-36} {blocks,6}  {parameters,14:N0}  {rate,8:0}  {score.Accuracy,10:P2}  {score.Perplexity,10:0.0}  {probe.GenreText,10:P1}  {probe.CoarseText,10:P1}  {report.Seconds,13:0}");

    /// <summary>
    /// Chunks per second through each encoder (<c>Embed</c>, batches of 512), measured in alternation so that both see
    /// the same machine load; the fastest of <see cref="SpeedRounds"/> rounds each.
    /// </summary>
    private static (double Teacher, double Student) EncodingRates(ISslTrainer teacher, ISslTrainer student, Tensor tokens)
    {
        double teacherBest = double.MaxValue, studentBest = double.MaxValue;
        for (int round = 0; round < SpeedRounds; round++)
        {
            teacherBest = Math.Min(teacherBest, Seconds(teacher, tokens));
            studentBest = Math.Min(studentBest, Seconds(student, tokens));
        }

        return (tokens.shape[0] / teacherBest, tokens.shape[0] / studentBest);
    }

    private static double Seconds(ISslTrainer trainer, Tensor tokens)
    {
        var clock = Stopwatch.StartNew();
        using Tensor features = trainer.Embed(tokens);
        return clock.Elapsed.TotalSeconds;
    }

    private static long Parameters(nn.Module module) => module.parameters().Sum(p => p.numel());
}
